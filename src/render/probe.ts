/**
 * The health probe of a service, run inside its own runtime image: slim images have no curl, so
 * each runtime checks with what it already has (python's urllib, node/bun fetch, a static Go probe).
 */
import { jsString, pythonString } from '../escape';
import type { ServiceModel } from '../model';

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
  if (!service.health || service.port === undefined) return undefined;
  const url = `http://127.0.0.1:${service.port}${service.health.path}`;
  const fetchCheck = `fetch(${jsString(url)},{signal:AbortSignal.timeout(${service.health.timeoutSeconds * 1000})}).then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`;
  switch (service.runtime) {
    case 'python':
      return [
        'python',
        '-c',
        `__import__('sys').exit(__import__('urllib.request').request.urlopen(${pythonString(url)},timeout=${service.health.timeoutSeconds}).status>=400)`,
      ];
    case 'node':
      return ['node', '-e', fetchCheck];
    case 'bun':
      return ['bun', '-e', fetchCheck];
    case 'go':
      return ['/app/healthcheck', url];
  }
}
