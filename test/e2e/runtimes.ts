/**
 * One image of every runtime whose toolchain installs offline from Debian packages (docs/e2e.md):
 * test/e2e/fixtures/runtimes synthesizes examples/polyglot's go, rust, ruby, php and static services
 * with the CLI, and the generated files, unmodified, are built on the stand-in base images of
 * scripts/e2e/runtime-images.sh and run under their own compose project. Each image runs as its
 * non-root UID and its own health probe (the Dockerfile HEALTHCHECK, the compose healthcheck)
 * passes, and fails for a path the server does not answer. Java (Maven Central) and .NET (no
 * Debian package, NuGet) cannot be built here: unit tests and lint cover them.
 *
 * Relies on the suite's beforeAll (shop.e2e.test.ts): podman, the stand-in images, the API service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { LAB, REPO, SCRIPTS, containerOf, healthReport, inspect, inspectState, must, podman, run, tail } from './engine';

const FIXTURE = path.join(REPO, 'test', 'e2e', 'fixtures', 'runtimes');
const OUT = path.join(LAB, 'out-runtimes');
const DOCKER = path.join(OUT, 'docker');
/** Compose project of these checks (scripts/e2e/run.sh tears it down too). */
export const RUNTIMES_PROJECT = 'runtimes-e2e';
const ENV = { COMPOSE_PROJECT_NAME: RUNTIMES_PROJECT, TOPOGRAPH_START_TIMEOUT: '600' };
/** Service of the fixture → its runtime. */
const RUNTIME_OF: Record<string, string> = { frontend: 'go', shipping: 'rust', reviews: 'ruby', newsletter: 'php', web: 'static' };
const ALL = Object.keys(RUNTIME_OF);

/** The images the generated Dockerfiles build FROM (not their own stages). */
function baseImages(): string[] {
  const images = new Set<string>();
  for (const service of ALL) {
    const stages = new Set<string>();
    for (const match of fs.readFileSync(path.join(DOCKER, `Dockerfile.${service}`), 'utf8').matchAll(/^FROM (\S+)(?: AS (\S+))?/gm)) {
      if (!stages.has(match[1])) images.add(match[1]);
      if (match[2]) stages.add(match[2]);
    }
  }
  return [...images].sort();
}

export function registerRuntimeChecks(): void {
  describe('runtimes built offline (test/e2e/fixtures/runtimes: go, rust, ruby, php, static)', () => {
    let first: { status: number | null; stdout: string; stderr: string };
    let compose: { services: Record<string, { image: string; healthcheck?: { test: string[] } }> };

    beforeAll(() => {
      must('bash', [path.join(SCRIPTS, 'teardown.sh'), RUNTIMES_PROJECT], { timeoutMs: 120_000 });
      fs.rmSync(OUT, { recursive: true, force: true });
      must('node', [path.join(REPO, 'lib', 'src', 'cli', 'main.js'), 'synth', path.join(FIXTURE, 'topology-graph.json'), '--out', OUT, '--allow-outside-context']);
      compose = parse(fs.readFileSync(path.join(DOCKER, 'docker-compose.yml'), 'utf8'));
      // The stand-ins, tagged with exactly the base images the generated Dockerfiles name.
      must('bash', [path.join(SCRIPTS, 'runtime-images.sh'), ...baseImages()], { timeoutMs: 20 * 60_000 });
      first = run(path.join(DOCKER, 'start.sh'), [], { cwd: DOCKER, env: ENV, timeoutMs: 25 * 60_000 });
    }, 50 * 60_000);

    afterAll(() => {
      run('bash', [path.join(SCRIPTS, 'teardown.sh'), RUNTIMES_PROJECT], { timeoutMs: 120_000 });
    }, 5 * 60_000);

    it('every FROM of the generated Dockerfiles is a local stand-in (nothing is pulled)', () => {
      const images = baseImages();
      expect(images.length).toBeGreaterThanOrEqual(ALL.length);
      for (const image of images) expect({ image, exists: run('podman', ['image', 'exists', image]).status === 0 }).toEqual({ image, exists: true });
    });

    it('start.sh builds every image and brings every service up healthy', () => {
      if (first.status !== 0) throw new Error(`start.sh exited with ${first.status}\n${tail(first.stdout)}\n${tail(first.stderr)}\n${healthReport(ALL, RUNTIMES_PROJECT)}`);
      for (const service of ALL) expect({ service, health: inspectState(service, RUNTIMES_PROJECT).health }).toEqual({ service, health: 'healthy' });
    });

    it.each(ALL)('%s: the image runs as a non-root UID and its own HEALTHCHECK passes', (service) => {
      const image = JSON.parse(podman('image', 'inspect', compose.services[service].image))[0];
      // podman's image inspect has the user and health check at the top level (Docker: under Config).
      const user = String(image.User ?? image.Config?.User ?? '');
      expect({ service, runtime: RUNTIME_OF[service], user }).toEqual({ service, runtime: RUNTIME_OF[service], user: expect.stringMatching(/^[1-9]\d*(?::\d+)?$/) });
      expect((image.Healthcheck ?? image.Config?.Healthcheck)?.Test?.[0]).toBe('CMD');
      const id = containerOf(service, RUNTIMES_PROJECT);
      expect(podman('exec', id, 'id', '-u')).not.toBe('0');
      const check = run('podman', ['healthcheck', 'run', id]);
      expect({ service, status: check.status, stderr: check.status === 0 ? '' : check.stderr }).toEqual({ service, status: 0, stderr: '' });
    });

    // Not the static site: its single-page-app fallback answers every path with index.html.
    it.each(ALL.filter((s) => RUNTIME_OF[s] !== 'static'))('%s: the probe fails when the server answers an error (so passing means something)', (service) => {
      const id = containerOf(service, RUNTIMES_PROJECT);
      const test: string[] = inspect(service, RUNTIMES_PROJECT).Config.Healthcheck.Test;
      // The exec-form probe with its health path (/health in the fixture) pointed at a path no example
      // server answers (404), wherever the probe has it: in a URL, an argument of its own or code.
      const probe = test.slice(1).map((arg) => arg.split('/health').join('/e2e-no-such-path'));
      expect(probe.join(' ')).toContain('/e2e-no-such-path');
      expect(run('podman', ['exec', id, ...probe]).status).not.toBe(0);
    });
  });
}
