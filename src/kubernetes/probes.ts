/**
 * Probes from the same health settings compose uses, so both agree on when a container is healthy:
 *
 * - readiness and liveness: every `interval`, `timeout` each, `retries` failures in a row;
 * - startup: same check as liveness and the same interval, allowed to fail for the start period
 *   plus `retries` more intervals: exactly when compose would first call the container unhealthy.
 *   Liveness and readiness only start once it has passed, so a slow start is never killed.
 *
 * Services: readiness over HTTP at the health path (the deep check compose also uses); liveness
 * and startup with the shallow liveness check, TCP on the port unless the graph names an HTTP path
 * or none, so a database blip takes pods out of their Service instead of restarting them all
 * (docs/kubernetes.md#probes). The kubelet calls them: no tool is needed in the image.
 * Dependencies: the command their compose health check runs, for all three.
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { DependencyHealthCheckModel, ServiceHealthModel } from '../model';

export interface Probes {
  readonly readiness: kplus.Probe;
  readonly liveness: kplus.Probe;
  readonly startup: kplus.Probe;
}

interface Timing {
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

/** A service's probes on `port` (the liveness and startup probes are absent for liveness "none"). */
export interface ServiceProbes {
  readonly readiness: kplus.Probe;
  readonly liveness?: kplus.Probe;
  readonly startup?: kplus.Probe;
}

/**
 * A service's probes: readiness over HTTP at the health path (it may check dependencies, and only
 * takes the pod out of its Service); liveness and startup with the shallow liveness check — TCP on
 * the port by default — so a dependency's blip never restarts a pod.
 */
export function serviceProbes(health: ServiceHealthModel, port: number): ServiceProbes {
  const readiness = probes(health, (options) => kplus.Probe.fromHttpGet(health.path, { ...options, port })).readiness;
  const live = health.liveness;
  if (live.kind === 'none') return { readiness };
  const shallow = probes(health, (options) =>
    live.kind === 'http' ? kplus.Probe.fromHttpGet(live.path, { ...options, port }) : kplus.Probe.fromTcpSocket({ ...options, port }),
  );
  return { readiness, liveness: shallow.liveness, startup: shallow.startup };
}

/** Exec probes running the dependency's own health command. */
export function execProbes(check: DependencyHealthCheckModel): Probes {
  return probes(check, (options) => kplus.Probe.fromCommand([...check.command], options));
}

/** Failures the startup probe tolerates: the start period, then `retries` intervals. */
export function startupFailureThreshold(timing: Timing): number {
  return Math.ceil(timing.startPeriodSeconds / Math.max(1, timing.intervalSeconds)) + timing.retries;
}

function probes(timing: Timing, make: (options: kplus.ProbeOptions) => kplus.Probe): Probes {
  const common = {
    periodSeconds: Duration.seconds(Math.max(1, timing.intervalSeconds)),
    timeoutSeconds: Duration.seconds(Math.max(1, timing.timeoutSeconds)),
  };
  return {
    readiness: make({ ...common, failureThreshold: timing.retries }),
    liveness: make({ ...common, failureThreshold: timing.retries }),
    startup: make({ ...common, failureThreshold: startupFailureThreshold(timing) }),
  };
}
