/**
 * Start-up semantics in one place, so compose's `depends_on` and `start.sh` can never disagree
 * (docs/topology-graph.md#start-up):
 *
 * - a container with a health check is up when it is **healthy**;
 * - a long-running container without one (a worker with no port, health kind `none`, a kind its
 *   image cannot probe, an image topograph did not build without an `exec` check:
 *   ./compose-probe.ts) when it is **running**: it has nothing that could ever report healthy;
 * - a one-shot container started with the stack (no compose profile) when it has **completed**,
 *   that is exited with status 0.
 *
 * Containers in a compose profile (cli-tool: `tools`, data-pipeline: `jobs`) are not started by
 * `docker compose up -d`, so nothing waits for them.
 */
import type { DependencyModel, ServiceModel } from '../model';
import { canProbeInCompose } from './compose-probe';

/** What "up" means for one container at start-up. */
export type StartupState = 'healthy' | 'running' | 'completed';

/** The compose `depends_on` condition that waits for each state. */
export const DEPENDS_ON_CONDITION: Readonly<Record<StartupState, string>> = {
  healthy: 'service_healthy',
  running: 'service_started',
  completed: 'service_completed_successfully',
};

/**
 * What start-up waits for on `node`, or undefined when `docker compose up -d` does not start it
 * (libraries, external dependencies, services in a profile).
 */
export function startupState(node: ServiceModel | DependencyModel): StartupState | undefined {
  if (node.kind === 'dependency') return node.external ? undefined : 'healthy';
  if (!node.containerized || node.profile !== undefined) return undefined;
  if (!node.longRunning) return 'completed';
  return canProbeInCompose(node) ? 'healthy' : 'running';
}
