import type { ComposeRule, Hit } from '../types';

/** Every service has a memory and a CPU limit. */
export const composeMissingResourceLimits: ComposeRule = {
  id: 'compose-missing-resource-limits',
  kind: 'compose',
  severity: 'warning',
  description: 'Without memory and CPU limits one runaway service can starve every other one on the host.',
  fix: 'Set deploy.resources.limits.memory and .cpus (topograph: "resources": {"limits": {"cpu": …, "memory": …}} in the graph).',
  check(file) {
    const hits: Hit[] = [];
    for (const s of file.services) {
      const limits = ((s.config.deploy as any)?.resources?.limits ?? {}) as Record<string, unknown>;
      const missing = [
        ...(limits.memory === undefined && s.config.mem_limit === undefined ? ['memory'] : []),
        ...(limits.cpus === undefined && s.config.cpus === undefined ? ['CPU'] : []),
      ];
      if (missing.length) hits.push({ message: `Service ${s.name} has no ${missing.join(' or ')} limit`, line: s.lineOf(), service: s.name });
    }
    return hits;
  },
};
