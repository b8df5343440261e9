import type { Hit, KubernetesRule } from '../types';

/** Every container has a memory and a CPU limit. */
export const kubernetesMissingResourceLimits: KubernetesRule = {
  id: 'kubernetes-missing-resource-limits',
  kind: 'kubernetes',
  severity: 'warning',
  description: 'A container without memory and CPU limits can starve the other pods on its node.',
  fix: 'Set resources.limits.memory and .cpu on the container (topograph: "resources": {"limits": …} in the graph).',
  check(file) {
    const hits: Hit[] = [];
    for (const w of file.workloads) {
      for (const c of w.containers) {
        const limits = c.spec.resources?.limits ?? {};
        const missing = [...(limits.memory === undefined ? ['memory'] : []), ...(limits.cpu === undefined ? ['CPU'] : [])];
        if (missing.length) hits.push({ message: `${w.kind} ${w.name}: container ${c.name} has no ${missing.join(' or ')} limit`, line: w.lineOf(c.path), service: w.name });
      }
    }
    return hits;
  },
};
