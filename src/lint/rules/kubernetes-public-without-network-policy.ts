import type { Hit, KubernetesRule } from '../types';
import type { ExposedService, PolicySelector } from '../parse/kubernetes';

/**
 * A Service reachable from outside the cluster (LoadBalancer or NodePort) has a NetworkPolicy with
 * an Ingress part selecting its pods, in its namespace, among the manifests linted together; so
 * its pods accept only what a policy admits. topograph's own output always has one (its default
 * deny selects every pod of the topology); this catches your own objects
 * (`kubernetes.extraManifests`) and hand-edited manifests.
 */
export const kubernetesPublicWithoutNetworkPolicy: KubernetesRule = {
  id: 'kubernetes-public-without-network-policy',
  kind: 'kubernetes',
  severity: 'warning',
  description: 'A LoadBalancer or NodePort Service whose pods no NetworkPolicy selects accepts any traffic, from inside and outside the cluster, on every port of its pods.',
  fix: 'Add a NetworkPolicy (policyTypes Ingress) whose podSelector selects the Service\'s pods, in its namespace, admitting only the public ports; or make the Service ClusterIP.',
  check(file) {
    const hits: Hit[] = [];
    for (const service of file.exposedServices) {
      if (file.policies.some((p) => selects(p, service))) continue;
      const selector = Object.entries(service.selector).map(([k, v]) => `${k}=${v}`).join(',');
      hits.push({
        message: `${service.type} Service ${service.name} (namespace ${service.namespace}) has no NetworkPolicy selecting its pods${selector ? ` (${selector})` : ''}`,
        ...(service.line !== undefined ? { line: service.line } : {}),
        service: service.name,
      });
    }
    return hits;
  },
};

/**
 * Whether the policy selects the pods the Service sends to: same namespace, and every label it
 * requires is one the Service's selector fixes to the same value ({} selects every pod). A
 * selector with expressions is taken to select them (lint does not know the pods' other labels).
 */
function selects(policy: PolicySelector, service: ExposedService): boolean {
  if (policy.namespace !== service.namespace) return false;
  if (policy.expressions) return true;
  return Object.entries(policy.matchLabels).every(([k, v]) => service.selector[k] === v);
}
