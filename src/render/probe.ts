/**
 * The health probe of a service, run inside its own runtime image: slim images have no curl, so
 * each runtime checks with what it already has (python's urllib, node/bun fetch, a static Go
 * probe): its runtime pack's `healthProbe` (src/graph/kinds/runtimes/).
 */
import { runtimePack } from '../graph/kinds';
import type { ServiceModel } from '../model';
import { canProbeInCompose } from './compose-probe';

/**
 * Exec-form command that exits 0 when the service's health URL answers below 400.
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
  if (!canProbeInCompose(service) || !service.health || service.port === undefined) return undefined;
  const { port, health } = service;
  return runtimePack(service.runtime).healthProbe({ url: `http://127.0.0.1:${port}${health.path}`, port, path: health.path, timeoutSeconds: health.timeoutSeconds });
}
