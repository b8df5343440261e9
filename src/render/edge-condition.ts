/**
 * The compose `depends_on` condition of one edge, from its `wait` (src/graph/edge-wait.ts) and
 * whether `docker compose up` starts the target with the source at all (src/render/startup.ts).
 */
import type { DependencyModel, EdgeModel, ServiceModel } from '../model';
import { DEPENDS_ON_CONDITION, startupState, type StartupState } from './startup';

const STATE_OF_WAIT: Readonly<Record<Exclude<EdgeModel['wait'], 'none'>, StartupState>> = { healthy: 'healthy', started: 'running', completed: 'completed' };

/** The condition `source` waits on `target` with, or undefined for no `depends_on` entry. */
export function dependsOnCondition(edge: EdgeModel, source: ServiceModel, target: ServiceModel | DependencyModel): string | undefined {
  if (edge.wait === 'none') return undefined;
  // A target in the source's own profile starts with it (`--profile x up`); in another, never.
  const started = startupState(target) !== undefined || (target.kind === 'service' && target.containerized && target.profile !== undefined && target.profile === source.profile);
  if (!started) return undefined;
  return DEPENDS_ON_CONDITION[STATE_OF_WAIT[edge.wait]];
}
