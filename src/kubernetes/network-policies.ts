/**
 * NetworkPolicies from the edges. Every pod of the topology denies all traffic in and out by
 * default; then, in both directions, exactly what the graph says:
 *
 * - DNS (port 53, UDP and TCP) out, to any resolver (cluster DNS, node-local caches);
 * - per edge `from → to` in the cluster: `from`'s pods may connect to `to`'s pods on its port
 *   (`allow-<from>-to-<to>`), and `to`'s pods accept them there (`allow-<to>-from-<from>`);
 * - per edge to an external dependency: `from`'s pods may connect to any address on its port;
 * - a public service accepts anyone on its port (`allow-<name>-from-anywhere`).
 *
 * Anything else, such as calls from a service to an API outside the topology, needs a policy of
 * the user's own (policies add up; see docs/kubernetes.md).
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { NAME_LABEL, selectorLabels, topologyPodSelector } from './labels';
import { defaultDenyPolicyName, dnsPolicyName, egressPolicyName, ingressPolicyName, publicPolicyName } from './names';
import type { RenderContext } from './render-context';

export const DNS_PORT = 53;

export function networkPolicies(scope: Construct, ctx: RenderContext): void {
  const topology = ctx.topology;
  const everyPod = kplus.Pods.select(scope, ':topology-pods', { labels: topologyPodSelector(topology) });
  const topologyLabels = { [NAME_LABEL]: topology.name };
  new kplus.NetworkPolicy(scope, ':default-deny', {
    metadata: { name: defaultDenyPolicyName(topology), labels: topologyLabels },
    selector: everyPod,
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  portsOnlyPolicy(scope, dnsPolicyName(topology), topologyLabels, everyPod, 'egress', [
    { port: DNS_PORT, protocol: 'UDP' },
    { port: DNS_PORT, protocol: 'TCP' },
  ]);

  const pods = new Map<string, kplus.Pods>();
  const podsOf = (name: string) => {
    let selected = pods.get(name);
    if (!selected) {
      selected = kplus.Pods.select(scope, `${name}:pods`, { labels: selectorLabels(topology, name) });
      pods.set(name, selected);
    }
    return selected;
  };

  for (const edge of topology.edges) {
    const from = ctx.nodes.get(edge.from);
    const to = ctx.nodes.get(edge.to);
    if (from?.kind !== 'service' || !from.containerized || !to) continue;
    const port = to.port;
    if (port === undefined) continue;
    if (to.kind === 'dependency' && to.external) {
      portsOnlyPolicy(scope, egressPolicyName(from.name, to.name), { [NAME_LABEL]: from.name }, podsOf(from.name), 'egress', [{ port, protocol: 'TCP' }]);
      continue;
    }
    const ports = [kplus.NetworkPolicyPort.tcp(port)];
    new kplus.NetworkPolicy(scope, `${edge.from}:to:${edge.to}`, {
      metadata: { name: egressPolicyName(from.name, to.name), labels: { [NAME_LABEL]: from.name } },
      selector: podsOf(from.name),
      egress: { rules: [{ peer: podsOf(to.name), ports }] },
    });
    new kplus.NetworkPolicy(scope, `${edge.to}:from:${edge.from}`, {
      metadata: { name: ingressPolicyName(to.name, from.name), labels: { [NAME_LABEL]: to.name } },
      selector: podsOf(to.name),
      ingress: { rules: [{ peer: podsOf(from.name), ports }] },
    });
  }

  for (const service of topology.services) {
    if (!service.public || !service.longRunning || service.port === undefined) continue;
    portsOnlyPolicy(scope, publicPolicyName(service.name), { [NAME_LABEL]: service.name }, podsOf(service.name), 'ingress', [
      { port: service.port, protocol: 'TCP' },
    ]);
  }
}

/**
 * A policy whose single rule allows the ports from or to anywhere. cdk8s-plus rules always name a
 * peer, so the rule is a JSON patch on a policy that only declares the direction.
 */
function portsOnlyPolicy(
  scope: Construct,
  name: string,
  labels: Record<string, string>,
  selector: kplus.IPodSelector,
  direction: 'ingress' | 'egress',
  ports: ReadonlyArray<{ port: number; protocol: 'TCP' | 'UDP' }>,
): void {
  const policy = new kplus.NetworkPolicy(scope, `:${name}`, {
    metadata: { name, labels },
    selector,
    [direction]: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  ApiObject.of(policy).addJsonPatch(
    JsonPatch.add(`/spec/${direction}`, [
      { ports: ports.map((p) => ({ port: kplus.k8s.IntOrString.fromNumber(p.port), protocol: p.protocol })) },
    ]),
  );
}
