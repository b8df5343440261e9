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
import type { DependencyHealthCheckModel, LivenessModel, ServiceHealthModel } from '../model';

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

/** A service's probes (readiness is absent for kind "none", liveness and startup for liveness "none"). */
export interface ServiceProbes {
  readonly readiness?: kplus.Probe;
  readonly liveness?: kplus.Probe;
  readonly startup?: kplus.Probe;
}

/**
 * A service's probes: readiness by its kind (the deep check: it may check dependencies, and only
 * takes the pod out of its Service), none for kind `none`; liveness and startup with the shallow
 * liveness check — TCP on the port by default — so a dependency's blip never restarts a pod.
 * Native probes (httpGet, grpc, tcpSocket) need no tool in the image; `exec` runs the command.
 */
export function serviceProbes(health: ServiceHealthModel): ServiceProbes {
  const port = health.port;
  const readinessCheck = checkOf(health.kind, { path: health.path, service: health.service, command: health.command }, port);
  const readiness = readinessCheck && probes(health, readinessCheck).readiness;
  const live = health.liveness;
  const liveCheck = checkOf(live.kind, live as { readonly path?: string; readonly service?: string; readonly command?: readonly string[] }, port);
  const shallow = liveCheck && probes(health, liveCheck);
  return {
    ...(readiness ? { readiness } : {}),
    ...(shallow ? { liveness: shallow.liveness, startup: shallow.startup } : {}),
  };
}

type Check = (options: kplus.ProbeOptions) => kplus.Probe;

function checkOf(
  kind: ServiceHealthModel['kind'] | LivenessModel['kind'],
  fields: { readonly path?: string; readonly service?: string; readonly command?: readonly string[] },
  port: number | undefined,
): Check | undefined {
  switch (kind) {
    case 'http':
      return port === undefined ? undefined : (options) => kplus.Probe.fromHttpGet(fields.path ?? '/', { ...options, port });
    case 'tcp':
      return port === undefined ? undefined : (options) => kplus.Probe.fromTcpSocket({ ...options, port });
    case 'grpc':
      return port === undefined ? undefined : (options) => grpcProbe(port, fields.service ?? '', options);
    case 'exec':
      return fields.command ? (options) => kplus.Probe.fromCommand([...fields.command!], options) : undefined;
    default:
      return undefined;
  }
}

/**
 * A native gRPC probe (Kubernetes 1.24 and later: the kubelet calls grpc.health.v1.Health/Check).
 * cdk8s-plus-27 has no factory for it, so it is a TCP probe whose API object swaps `tcpSocket` for
 * `grpc`, keeping the timing fields cdk8s-plus writes.
 */
function grpcProbe(port: number, service: string, options: kplus.ProbeOptions): kplus.Probe {
  const probe = kplus.Probe.fromTcpSocket({ ...options, port });
  const toKube = probe._toKube.bind(probe);
  return Object.assign(probe, {
    _toKube: (container: kplus.Container) => {
      const { tcpSocket: _tcp, ...timing } = toKube(container);
      return { ...timing, grpc: { port, ...(service ? { service } : {}) } };
    },
  });
}

/** Exec probes running the dependency's own health command. */
export function execProbes(check: DependencyHealthCheckModel): Probes {
  const http = check.http;
  return probes(check, (options) => (http ? kplus.Probe.fromHttpGet(http.path, { ...options, port: http.port }) : kplus.Probe.fromCommand([...check.command], options)));
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
