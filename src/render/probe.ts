/**
 * The health probe of a service, run inside its own runtime image: slim images have no curl, so
 * each runtime checks with what it already has (python's urllib, node/bun fetch, a static Go
 * probe): its runtime pack's `healthProbe` (src/graph/kinds/runtimes/).
 */
import { type HealthProbeKind, runtimePack } from '../graph/kinds';
import { probeKindsOf } from '../graph/service-ports';
import type { ServiceModel } from '../model';

/**
 * Exec-form command that exits 0 when the service is ready, run inside its image (compose's
 * healthcheck, the Dockerfile's HEALTHCHECK), or undefined when it has none: kind `none`, or a
 * kind its runtime cannot probe (refused at validation for the graph; a pack registered without
 * `probeKinds` probes http only). Kind `exec` runs the graph's command as it is.
 *
 * No argument contains whitespace: podman's Docker-compatible API (used by docker-compose on podman,
 * up to podman 5) joins `healthcheck.test` with spaces and splits it again, so an argument such as
 * `import sys, urllib.request` would reach the container as several arguments.
 *
 * The URL reaches the probe's source only as a string literal of its language (`jsString`,
 * `pythonString`), which holds no whitespace, quote or backslash of its own: whatever the health
 * path, it is data, never code (docs/security.md).
 */
export function healthProbe(service: ServiceModel): string[] | undefined {
  const health = service.health;
  if (!health || health.kind === 'none') return undefined;
  if (health.kind === 'exec') return health.command ? [...health.command] : undefined;
  // An image topograph did not build has no tool it knows of: only an exec check runs there (./compose-probe.ts).
  if (service.build.kind !== 'generated') return undefined;
  const port = health.port;
  if (port === undefined || !(probeKindsOf(service.runtime) as readonly string[]).includes(health.kind)) return undefined;
  const path = health.path ?? '';
  return runtimePack(service.runtime).healthProbe({
    kind: health.kind,
    url: `http://127.0.0.1:${port}${path}`,
    port,
    path,
    service: health.service ?? '',
    timeoutSeconds: health.timeoutSeconds,
  });
}

/** The probe kind a service's image runs, when its runtime pack builds the probe into the image. */
export function imageProbeKind(service: ServiceModel): HealthProbeKind | undefined {
  const kind = service.health?.kind;
  return kind === 'http' || kind === 'tcp' || kind === 'grpc' ? kind : undefined;
}
