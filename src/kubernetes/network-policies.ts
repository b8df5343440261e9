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
 *
 * Unlike the workloads, the policies are plain objects rather than cdk8s-plus constructs: a large
 * topology has several per edge (6,000 for 1,000 services), and building and resolving them as
 * constructs was 40% of the Kubernetes render time (docs/performance.md). cdk8s-plus rules also
 * always name a peer, so the port-only rules needed JSON patches anyway.
 */
import { NAME_LABEL, selectorLabels, topologyLabels, topologyPodSelector } from './labels';
import { defaultDenyPolicyName, dnsPolicyName, egressPolicyName, ingressPolicyName, publicPolicyName } from './names';
import type { RenderContext } from './render-context';
import type { ManifestObject } from './serialize';

export const DNS_PORT = 53;

interface PolicyPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

/** One rule: traffic from/to the pods matching `peer` (anyone when absent) on `ports`. */
interface Rule {
  readonly peer?: Record<string, string>;
  readonly ports: readonly PolicyPort[];
}

export function networkPolicies(ctx: RenderContext): ManifestObject[] {
  const topology = ctx.topology;
  const everyPod = topologyPodSelector(topology);
  const policy = (name: string, owner: string, pods: Record<string, string>, rules: { ingress?: Rule; egress?: Rule }): ManifestObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { labels: { ...topologyLabels(topology), [NAME_LABEL]: owner }, name, namespace: topology.namespace },
    spec: {
      ...(rules.egress ? { egress: [ruleJson(rules.egress, 'to')] } : {}),
      ...(rules.ingress ? { ingress: [ruleJson(rules.ingress, 'from')] } : {}),
      podSelector: { matchLabels: pods },
      policyTypes: rules.egress || rules.ingress ? [...(rules.egress ? ['Egress'] : []), ...(rules.ingress ? ['Ingress'] : [])] : ['Egress', 'Ingress'],
    },
  });

  const policies: ManifestObject[] = [
    policy(defaultDenyPolicyName(topology), topology.name, everyPod, {}),
    policy(dnsPolicyName(topology), topology.name, everyPod, {
      egress: {
        ports: [
          { port: DNS_PORT, protocol: 'UDP' },
          { port: DNS_PORT, protocol: 'TCP' },
        ],
      },
    }),
  ];
  const pods = (name: string) => selectorLabels(topology, name);
  for (const edge of topology.edges) {
    const from = ctx.nodes.get(edge.from);
    const to = ctx.nodes.get(edge.to);
    if (from?.kind !== 'service' || !from.containerized || !to) continue;
    const port = to.port;
    if (port === undefined) continue;
    const ports: PolicyPort[] = [{ port, protocol: 'TCP' }];
    if (to.kind === 'dependency' && to.external) {
      policies.push(policy(egressPolicyName(from.name, to.name), from.name, pods(from.name), { egress: { ports } }));
      continue;
    }
    policies.push(policy(egressPolicyName(from.name, to.name), from.name, pods(from.name), { egress: { peer: pods(to.name), ports } }));
    policies.push(policy(ingressPolicyName(to.name, from.name), to.name, pods(to.name), { ingress: { peer: pods(from.name), ports } }));
  }

  for (const service of topology.services) {
    if (!service.public || !service.longRunning || service.port === undefined) continue;
    policies.push(policy(publicPolicyName(service.name), service.name, pods(service.name), { ingress: { ports: [{ port: service.port, protocol: 'TCP' }] } }));
  }
  return policies;
}

function ruleJson(rule: Rule, peerKey: 'from' | 'to'): Record<string, unknown> {
  return {
    ...(rule.peer ? { [peerKey]: [{ podSelector: { matchLabels: rule.peer } }] } : {}),
    ports: rule.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
  };
}
