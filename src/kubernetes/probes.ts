/**
 * Probes from the same health settings compose uses, so both agree on when a container is healthy:
 *
 * - readiness and liveness: every `interval`, `timeout` each, `retries` failures in a row;
 * - startup: same check and interval, allowed to fail for the start period plus `retries` more
 *   intervals: exactly when compose would first call the container unhealthy. Liveness and
 *   readiness only start once it has passed, so a slow start is never killed.
 *
 * Services are checked over HTTP on their port (the kubelet calls it; no tool is needed in the
 * image); dependencies with the command their compose health check runs.
 */
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { HealthCheckModel, HealthModel } from '../model';

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

/** HTTP probes on `port` at the health path. */
export function httpProbes(health: HealthModel, port: number): Probes {
  return probes(health, (options) => kplus.Probe.fromHttpGet(health.path, { ...options, port }));
}

/** Exec probes running the dependency's own health command. */
export function execProbes(check: HealthCheckModel): Probes {
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
