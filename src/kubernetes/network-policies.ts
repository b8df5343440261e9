/**
 * NetworkPolicies from the edges. Every pod of the topology denies all traffic in and out by
 * default; then, in both directions, exactly what the graph says:
 *
 * - DNS (port 53, UDP and TCP) out, to any resolver (cluster DNS, node-local caches);
 * - per edge `from → to` in the cluster: `from`'s pods may connect to `to`'s pods on its port
 *   (`allow-<from>-to-<to>`), and `to`'s pods accept them there (`allow-<to>-from-<from>`);
 * - per edge to an external dependency: `from`'s pods may connect to any address on its port;
 * - a public service accepts anyone on its public ports (every port, unless a port says
 *   `"public": false`; a port may also be public alone) (`allow-<name>-from-anywhere`);
 * - a routed service (its `ingress`) accepts the pods of the ingress controller's namespace on its
 *   routed ports (`allow-<name>-from-ingress`).
 *
 * Anything else, such as calls from a service to an API outside the topology, needs a policy of
 * the user's own (policies add up; see docs/kubernetes.md).
 *
 * The port of a rule to a service or in-cluster dependency is the `targetPort` of its Service as
 * synthesized (the port its pods listen on, which is what a policy matches), read when the
 * manifests are serialized: a patched Service moves its policies too.
 *
 * Unlike the workloads, the policies are not cdk8s-plus constructs but {@link PlainApiObject}s,
 * whose spec is plain data: a large topology has several per edge (6,000 for 1,000 services), and
 * building and resolving them as cdk8s-plus constructs was 40% of the Kubernetes render time
 * (docs/performance.md). cdk8s-plus rules also always name a peer, so the port-only rules needed
 * JSON patches anyway. They are still ApiObjects in the chart: `ApiObject.of(policy).addJsonPatch`
 * and cdk8s `Testing.synth` work on them.
 */
import type { Chart } from 'cdk8s';
import { NAME_LABEL, selectorLabels, topologyPodSelector } from './labels';
import { defaultDenyPolicyName, dnsPolicyName, egressPolicyName, ingressControllerPolicyName, ingressPolicyName, publicPolicyName } from './names';

/** The label Kubernetes sets on every Namespace to its name (what a namespaceSelector matches). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
import { PlainApiObject } from './plain-api-object';
import { API_SERVER_PORTS, apiServerPolicyName, jobsToWaitFor } from './job-wait';
import type { RenderContext } from './render-context';
import type { ManifestObject } from './serialize';

export const DNS_PORT = 53;
const API_VERSION = 'networking.k8s.io/v1';
const KIND = 'NetworkPolicy';

interface PolicyPort {
  /** A fixed port, or the Service whose targetPort it is (read at serialization), with the model's port when it has none. */
  readonly port: number | { readonly service: string; readonly port: number };
  readonly protocol: 'TCP' | 'UDP';
}

/** One rule: traffic from/to the pods matching `peer` (or every pod of `namespace`; anyone when both are absent) on `ports`. */
interface Rule {
  readonly peer?: Record<string, string>;
  /** Every pod of this namespace (`namespaceSelector` on kubernetes.io/metadata.name). */
  readonly namespace?: string;
  readonly ports: readonly PolicyPort[];
}

/**
 * Adds the policies to `chart` (which carries the topology's labels and namespace). Calls
 * `duplicate(name)` for a policy name already taken, before anything is added under it. With
 * `plain`, no construct is made: each policy goes to `plain` as the JSON it would synthesize to
 * (a streamed build, which nothing else sees: policies are 60% of the objects of a large
 * topology, and plain data keeps its memory and time down; docs/performance.md).
 */
export function networkPolicies(chart: Chart, ctx: RenderContext, duplicate: (name: string) => Error, plain?: (policy: ManifestObject) => void): void {
  const topology = ctx.topology;
  const everyPod = topologyPodSelector(topology);
  const portOf = (p: PolicyPort) => (typeof p.port === 'number' ? p.port : (ctx.servicePorts(p.port.service)?.targetPort ?? p.port.port));
  const policy = (name: string, owner: string, pods: Record<string, string>, rules: { ingress?: Rule; egress?: Rule }) => {
    const body = () => ({
      spec: {
        ...(rules.egress ? { egress: [ruleJson(rules.egress, 'to', portOf)] } : {}),
        ...(rules.ingress ? { ingress: [ruleJson(rules.ingress, 'from', portOf)] } : {}),
        podSelector: { matchLabels: pods },
        policyTypes: rules.egress || rules.ingress ? [...(rules.egress ? ['Egress'] : []), ...(rules.ingress ? ['Ingress'] : [])] : ['Egress', 'Ingress'],
      },
    });
    const metadata = { name, labels: { [NAME_LABEL]: owner } };
    if (plain) {
      plain({ apiVersion: API_VERSION, kind: KIND, metadata: { ...metadata, labels: { ...chart.labels, ...metadata.labels }, namespace: chart.namespace }, ...body() });
      return;
    }
    if (chart.node.tryFindChild(name)) throw duplicate(name);
    new PlainApiObject(chart, name, { apiVersion: API_VERSION, kind: KIND, metadata, body });
  };

  policy(defaultDenyPolicyName(topology), topology.name, everyPod, {});
  policy(dnsPolicyName(topology), topology.name, everyPod, {
    egress: {
      ports: [
        { port: DNS_PORT, protocol: 'UDP' },
        { port: DNS_PORT, protocol: 'TCP' },
      ],
    },
  });
  const pods = (name: string) => selectorLabels(topology, name);
  for (const edge of topology.edges) {
    const from = ctx.nodes.get(edge.from);
    const to = ctx.nodes.get(edge.to);
    if (from?.kind !== 'service' || !from.containerized || !to) continue;
    const port = to.port;
    if (port === undefined) continue;
    if (to.kind === 'dependency' && to.external) {
      policy(egressPolicyName(from.name, to.name), from.name, pods(from.name), { egress: { ports: [{ port, protocol: 'TCP' }] } });
      continue;
    }
    const protocol = to.kind === 'service' && to.ports[0]?.protocol === 'udp' ? 'UDP' : 'TCP';
    const ports: PolicyPort[] = [{ port: { service: to.name, port }, protocol }];
    policy(egressPolicyName(from.name, to.name), from.name, pods(from.name), { egress: { peer: pods(to.name), ports } });
    policy(ingressPolicyName(to.name, from.name), to.name, pods(to.name), { ingress: { peer: pods(from.name), ports } });
  }

  for (const service of topology.services) {
    if (!service.longRunning) continue;
    // A public port is open to anyone; its number is fixed (not read from the Service): only the
    // primary port has a `servicePorts` entry to follow.
    const open = service.ports.filter((p) => p.public ?? service.public);
    if (open.length === 0) continue;
    const ports: PolicyPort[] = open.map((p, i) => ({
      port: i === 0 && p === service.ports[0] ? { service: service.name, port: p.port } : p.port,
      protocol: p.protocol === 'udp' ? 'UDP' : 'TCP',
    }));
    policy(publicPolicyName(service.name), service.name, pods(service.name), { ingress: { ports } });
  }
  // Telemetry to an endpoint outside the topology: every containerized service may reach its port
  // (any address, as for an external dependency). The collector, or a member, is reached by edges.
  const telemetry = topology.telemetry;
  if (telemetry && !telemetry.collector && !ctx.nodes.has(telemetry.host)) {
    for (const service of topology.services) {
      if (!service.containerized) continue;
      policy(telemetryPolicyName(service.name), service.name, pods(service.name), { egress: { ports: [{ port: telemetry.port, protocol: 'TCP' }] } });
    }
  }
  // B (issue 18): a routed service admits the ingress controller's (or Gateway's) pods to its routed ports.
  const controller = topology.ingress?.controllerNamespace;
  for (const service of topology.services) {
    if (!service.longRunning || service.routes.length === 0 || controller === undefined) continue;
    const routed = service.ports.filter((p) => service.routes.some((r) => r.port === p.name));
    const ports: PolicyPort[] = routed.map((p) => ({ port: p === service.ports[0] ? { service: service.name, port: p.port } : p.port, protocol: 'TCP' }));
    policy(ingressControllerPolicyName(service.name), service.name, pods(service.name), { ingress: { namespace: controller, ports } });
  }
  // A service that waits for a Job to complete asks the API server (src/kubernetes/job-wait.ts).
  for (const service of topology.services) {
    if (!service.containerized || jobsToWaitFor(service, topology).length === 0) continue;
    policy(apiServerPolicyName(service.name), service.name, pods(service.name), { egress: { ports: API_SERVER_PORTS.map((port) => ({ port, protocol: 'TCP' as const })) } });
  }
}

/** The egress policy of a service to the telemetry endpoint outside the topology. */
export function telemetryPolicyName(service: string): string {
  return `allow-${service}-to-otlp-endpoint`;
}

function ruleJson(rule: Rule, peerKey: 'from' | 'to', portOf: (p: PolicyPort) => number | string): Record<string, unknown> {
  return {
    ...(rule.peer ? { [peerKey]: [{ podSelector: { matchLabels: rule.peer } }] } : {}),
    ...(rule.namespace ? { [peerKey]: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: rule.namespace } } }] } : {}),
    ports: rule.ports.map((p) => ({ port: portOf(p), protocol: p.protocol })),
  };
}
