/**
 * What an edge's source waits for at start-up (issue 17, item 7), and its default, decided in one
 * place from the target: compose `depends_on` conditions, `start.sh` and the Kubernetes init
 * containers all read {@link waitOf}.
 *
 * - `healthy`: the target passes its health check (compose `service_healthy`; Kubernetes: its
 *   Service answers, which it does only for ready pods);
 * - `started`: the target is running (compose `service_started`; Kubernetes: its Service accepts
 *   a connection; a target without a port is not waited for);
 * - `completed`: a one-shot `job` exited 0 (compose `service_completed_successfully`; Kubernetes:
 *   an init container waits for the Job's Complete condition, src/kubernetes/job-wait.ts);
 * - `none`: no wait at all, for clients that connect lazily and retry.
 */
import { z } from 'zod';

export const EDGE_WAITS = ['healthy', 'started', 'completed', 'none'] as const;
export type EdgeWaitName = (typeof EDGE_WAITS)[number];

export const edgeWaitSchema = z
  .enum(EDGE_WAITS)
  .describe(
    'What "from" waits for before it starts: "healthy" (the target passes its health check), "started" (it runs), "completed" (a job target exited 0) or "none" (no wait: a lazy client). Default: "completed" for a job, "started" for a target without a health check, else "healthy".',
  );

/** What the default wait needs to know of an edge's target. */
export interface WaitTarget {
  readonly kind: 'service' | 'dependency';
  /** Services: the archetype. */
  readonly archetype?: string;
  /** Whether the target has a health check compose and Kubernetes can wait on. */
  readonly hasHealthCheck: boolean;
}

/** The default wait of an edge to `target`: completed for a job, started without a health check, else healthy. */
export function defaultWait(target: WaitTarget): EdgeWaitName {
  if (target.kind === 'service' && target.archetype === 'job') return 'completed';
  return target.hasHealthCheck ? 'healthy' : 'started';
}

/** An edge's wait: the one it names, else the default for its target. */
export function waitOf(wait: EdgeWaitName | undefined, target: WaitTarget): EdgeWaitName {
  return wait ?? defaultWait(target);
}
