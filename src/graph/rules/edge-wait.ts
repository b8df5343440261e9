import { defaultWait, type EdgeWaitName } from '../edge-wait';
import type { EdgeRule } from './types';

/**
 * An edge waits only for what can reach that state: `completed` for a job, `healthy` for a target
 * with a health check; and a service never waits for a service compose would not start with it
 * (one in another profile).
 */
export const edgeWait: EdgeRule = {
  id: 'edge-wait',
  scope: 'edge',
  description: 'An edge waits "completed" only for a job, "healthy" only for a target with a health check, and never for a service in another compose profile.',
  check({ edge, status, from, targetService }, { source }) {
    if (status !== 'ok' || !from) return [];
    const named = edge.options?.wait as EdgeWaitName | undefined;
    const target = targetService;
    // An edge to a program that is no edge target at all is service-edge-target's to report.
    if (target && ['library', 'cli-tool', 'data-pipeline'].includes(target.archetype ?? '')) return [];
    const healthChecked = target ? (target.hasHealthCheck ?? (target.port !== undefined && target.archetype !== 'library' && target.archetype !== 'job')) : true;
    const wait = named ?? (target ? defaultWait({ kind: 'service', archetype: target.archetype, hasHealthCheck: healthChecked }) : 'healthy');
    if (named === 'completed' && target?.archetype !== 'job') {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to} waits for '${edge.to}' to complete, but it is ${target ? `a ${target.archetype}` : 'a dependency'} that keeps running`,
          value: '"completed"',
          expected: '"completed" only on an edge to a job (a one-shot task started with the stack)',
          action: `Set "wait" on ${edge.where} to "healthy", "started" or "none", or make '${edge.to}' a job, in ${source}`,
        },
      ];
    }
    if (named === 'healthy' && !healthChecked) {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to} waits for '${edge.to}' to be healthy, but it has no health check`,
          value: '"healthy"',
          expected: '"healthy" only for a target with a health check (a service with a port)',
          action: `Set "wait" on ${edge.where} to "started" or "none" in ${source}`,
        },
      ];
    }
    if (wait !== 'none' && target?.profile !== undefined && target.profile !== from.profile) {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to} waits for '${edge.to}', which is in compose profile '${target.profile}'${from.profile ? ` and '${edge.from}' in '${from.profile}'` : ''}`,
          expected: 'a service waits only on what compose starts with it: a target in no profile, or in the same profile',
          action: `Set "profile" of ${from.where} to "${target.profile}", or "profile": false on ${target.where}, or "wait": "none" on ${edge.where}, in ${source}`,
        },
      ];
    }
    return [];
  },
};
