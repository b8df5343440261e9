/**
 * `topograph deploy build` / `deploy push` (README, "Deploying one project from its specs") for real: the built CLI, real podman, and
 * Debian's `docker-registry` serving plain HTTP on 127.0.0.1 (a free port, storage under the e2e
 * cache). Each container fixture of test/fixtures/projects is copied to a scratch directory, built,
 * checked in podman's store, pushed, and checked in the registry. See docs/e2e.md.
 *
 * Relies on the suite's beforeAll (shop.e2e.test.ts): podman installed and configured, the
 * stand-in base images (oven/bun:1, oven/bun:1-slim, node:24-slim, debian:bookworm-slim) built.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LAB, REPO, run, tail } from './engine';

const CLI = path.join(REPO, 'lib', 'src', 'cli', 'main.js');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'projects');
/** Where scripts/e2e/images.sh unpacks `npm pack @oven/bun-linux-x64@…`: the real bun for `bun test`. */
const DOWNLOADS = path.join(LAB, 'downloads');
const REGISTRY_DIR = path.join(LAB, 'registry');
/** Read by `scripts/e2e/engine.sh stop` (run.sh's exit trap): the registry ends even when jest is killed. */
const REGISTRY_PID = path.join(LAB, 'run', 'registry.pid');
const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

interface Fixture {
  readonly fixture: string;
  readonly name: string;
  readonly version: string;
  /** The com.spec-driven.* labels the fixture's specs/assertions.json call for (worked out by hand from the file). */
  readonly labels: Record<string, string>;
}

const FIXTURES_UNDER_TEST: readonly Fixture[] = [
  {
    fixture: 'web-service',
    name: 'todo-api',
    version: '1.2.0',
    labels: {
      'com.spec-driven.verified': 'true',
      'com.spec-driven.verified-at': '2024-01-15T10:30:00Z',
      'com.spec-driven.assertions': '3',
      'com.spec-driven.dafny-verified': 'true',
      'com.spec-driven.tlc-verified': 'true',
      'com.spec-driven.archetype': 'web-service',
    },
  },
  {
    fixture: 'cli-tool',
    name: 'wc-lite',
    version: '0.3.0',
    labels: {
      'com.spec-driven.verified': 'true',
      'com.spec-driven.verified-at': '2024-02-01T09:00:00Z',
      'com.spec-driven.assertions': '1',
      'com.spec-driven.dafny-verified': 'false',
      'com.spec-driven.tlc-verified': 'false',
      'com.spec-driven.archetype': 'cli-tool',
    },
  },
  {
    fixture: 'data-pipeline',
    name: 'nightly-rollup',
    version: '2.0.0',
    labels: {
      'com.spec-driven.verified': 'true',
      'com.spec-driven.verified-at': '2024-03-02T00:00:00Z',
      'com.spec-driven.assertions': '2',
      'com.spec-driven.dafny-verified': 'false',
      'com.spec-driven.tlc-verified': 'true',
      'com.spec-driven.archetype': 'data-pipeline',
      'com.spec-driven.schedule': '0 3 * * *',
    },
  },
];

/** The bun binary images.sh fetched from the npm package @oven/bun-linux-x64 (the folder holding it). */
function bunBinDir(): string {
  const candidates = fs.existsSync(DOWNLOADS) ? fs.readdirSync(DOWNLOADS).filter((d) => d.startsWith('_oven_bun-linux-x64_')) : [];
  const dir = candidates.map((d) => path.join(DOWNLOADS, d, 'package', 'bin')).find((d) => fs.existsSync(path.join(d, 'bun')));
  if (!dir) throw new Error(`no bun binary under ${DOWNLOADS}/_oven_bun-linux-x64_*/package/bin (scripts/e2e/images.sh fetches it)`);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

interface DeployJson {
  ok: boolean;
  action?: string;
  archetype?: string;
  image?: { reference: string; engine: string; id?: string; size?: number; layers?: number };
  pushed?: Array<{ reference: string; digest?: string }>;
  problems?: unknown[];
}

/** Headers of an HTTP response, names lower-cased. */
function headers(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return out;
}

export function registerDeployChecks(): void {
  describe('topograph deploy build / push (podman, local docker-registry)', () => {
    let registry: ChildProcess | undefined;
    let registryLog = '';
    let port = 0;
    let scratch = '';
    let env: NodeJS.ProcessEnv = {};
    const started = Date.now();
    const copies = new Map<string, string>();

    /** The built CLI, bounded; returns exit status, parsed --json output and stderr. */
    function deploy(fixture: Fixture, args: string[]): { status: number | null; json: DeployJson | undefined; stdout: string; stderr: string } {
      const result = run('node', [CLI, 'deploy', ...args, '--dir', copies.get(fixture.fixture)!, '--engine', 'podman', '--json'], { env, timeoutMs: 10 * 60_000 });
      let json: DeployJson | undefined;
      try {
        json = JSON.parse(result.stdout);
      } catch {
        json = undefined;
      }
      return { status: result.status, json, stdout: result.stdout, stderr: result.stderr };
    }

    function removeImages(fixture: Fixture): void {
      const refs = [`${fixture.name}:latest`, `${fixture.name}:${fixture.version}`];
      if (port) refs.push(...refs.map((r) => `127.0.0.1:${port}/${r}`));
      for (const ref of refs) run('podman', ['rmi', '-f', ref], { timeoutMs: 60_000 });
    }

    beforeAll(async () => {
      port = await freePort();
      // An empty registry each run: a digest found there was pushed by this run.
      fs.rmSync(REGISTRY_DIR, { recursive: true, force: true });
      fs.mkdirSync(path.join(REGISTRY_DIR, 'storage'), { recursive: true });
      const config = path.join(REGISTRY_DIR, 'config.yml');
      fs.writeFileSync(
        config,
        ['version: 0.1', 'log:', '  level: warn', 'storage:', '  filesystem:', `    rootdirectory: ${path.join(REGISTRY_DIR, 'storage')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'),
      );
      registry = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
      if (registry.pid) {
        fs.mkdirSync(path.dirname(REGISTRY_PID), { recursive: true });
        fs.writeFileSync(REGISTRY_PID, `${registry.pid}\n`);
      }
      const keep = (chunk: Buffer) => {
        registryLog = (registryLog + chunk.toString('utf8')).slice(-8000);
      };
      registry.stdout!.on('data', keep);
      registry.stderr!.on('data', keep);
      // waitFor blocks the event loop, so poll with async sleeps here (the registry's output is read meanwhile).
      const deadline = Date.now() + 30_000;
      for (;;) {
        const probe = run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', `http://127.0.0.1:${port}/v2/`], { timeoutMs: 5000 });
        if (probe.stdout === '200') break;
        if (registry.exitCode !== null || Date.now() > deadline) {
          throw new Error(`docker-registry did not answer on 127.0.0.1:${port}/v2/ (exit ${registry.exitCode}, last answer ${probe.stdout || probe.stderr})\n${tail(registryLog)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      // Real bun first on PATH: deploy runs `bun test` for bun projects before building.
      env = { PATH: `${bunBinDir()}${path.delimiter}${process.env.PATH ?? ''}`, TOPOGRAPH_TEST_TIMEOUT: '300' };
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-e2e-deploy-'));
      for (const fixture of FIXTURES_UNDER_TEST) {
        const copy = path.join(scratch, fixture.fixture);
        fs.cpSync(path.join(FIXTURES, fixture.fixture), copy, { recursive: true });
        copies.set(fixture.fixture, copy);
        // A stale image from an earlier run must not satisfy the checks.
        removeImages(fixture);
      }
    }, 5 * 60_000);

    afterAll(async () => {
      const child = registry;
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        child.kill('SIGTERM');
        if (!(await exited)) child.kill('SIGKILL');
      }
      fs.rmSync(REGISTRY_PID, { force: true });
      for (const fixture of FIXTURES_UNDER_TEST) removeImages(fixture);
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }, 2 * 60_000);

    describe.each(FIXTURES_UNDER_TEST)('$fixture', (fixture) => {
      let built: DeployJson | undefined;

      test(`deploy build: exit 0, ${fixture.name}:latest and :${fixture.version} in podman with the verification labels`, () => {
        const result = deploy(fixture, ['build']);
        expect({ status: result.status, stderr: result.status === 0 ? '' : tail(result.stderr), stdout: result.json ? '' : tail(result.stdout) }).toEqual({ status: 0, stderr: '', stdout: '' });
        built = result.json!;
        expect(built).toMatchObject({ ok: true, action: 'build', archetype: fixture.labels['com.spec-driven.archetype'], image: { reference: `${fixture.name}:latest`, engine: 'podman' } });

        const inspected = run('podman', ['image', 'inspect', `${fixture.name}:${fixture.version}`], { timeoutMs: 60_000 });
        expect({ status: inspected.status, stderr: inspected.status === 0 ? '' : inspected.stderr }).toEqual({ status: 0, stderr: '' });
        const image = JSON.parse(inspected.stdout)[0];
        // Both tags name one image, the one the command reported.
        expect(image.RepoTags).toEqual(expect.arrayContaining([`localhost/${fixture.name}:latest`, `localhost/${fixture.name}:${fixture.version}`]));
        expect(image.Id).toBe(built.image!.id);
        const labels: Record<string, string> = image.Config?.Labels ?? image.Labels ?? {};
        const specLabels = Object.fromEntries(Object.entries(labels).filter(([key]) => key.startsWith('com.spec-driven.')));
        expect(specLabels).toEqual(fixture.labels);
        expect(labels['org.opencontainers.image.title']).toBe(fixture.name);
        expect(labels['org.opencontainers.image.version']).toBe(fixture.version);
        // Built by this run, not left over: the created label is the command's own timestamp.
        const created = Date.parse(labels['org.opencontainers.image.created']);
        expect(created).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 - 1000);
        // Runs as the non-root user the generated Dockerfile sets.
        expect(image.Config.User).toBe('10001:10001');
      }, 12 * 60_000);

      if (fixture.fixture === 'cli-tool') {
        test('the built CLI image runs its compiled binary (stdin → counts)', () => {
          const result = run('podman', ['run', '--rm', '-i', '--network=none', `${fixture.name}:${fixture.version}`], { input: 'one two\nthree\n', timeoutMs: 120_000 });
          expect({ status: result.status, stdout: result.stdout.trim(), stderr: result.status === 0 ? '' : tail(result.stderr) }).toEqual({ status: 0, stdout: '2 3 14', stderr: '' });
        }, 3 * 60_000);
      }

      test(`deploy push --registry 127.0.0.1:<port> --tls-verify=false: the registry serves each tag with the digest the command reported`, () => {
        const registryRef = `127.0.0.1:${port}`;
        const result = deploy(fixture, ['push', '--registry', registryRef, '--tls-verify=false']);
        expect({ status: result.status, stderr: result.status === 0 ? '' : tail(result.stderr), stdout: result.json ? '' : tail(result.stdout) }).toEqual({ status: 0, stderr: '', stdout: '' });
        const pushed = result.json!.pushed ?? [];
        expect(pushed.map((p) => p.reference).sort()).toEqual([`${registryRef}/${fixture.name}:${fixture.version}`, `${registryRef}/${fixture.name}:latest`].sort());
        const localId = result.json!.image!.id!;
        expect(localId).toMatch(/^(sha256:)?[0-9a-f]{64}$/);
        for (const { reference, digest } of pushed) {
          expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
          const tag = reference.slice(reference.lastIndexOf(':') + 1);
          const url = `http://${registryRef}/v2/${fixture.name}/manifests/${tag}`;
          const head = run('curl', ['-sS', '-I', '--max-time', '10', '-H', `Accept: ${MANIFEST_TYPES}`, url], { timeoutMs: 15_000 });
          expect(head.stdout).toMatch(/^HTTP\/\S+ 200/);
          expect({ reference, digest: headers(head.stdout)['docker-content-digest'] }).toEqual({ reference, digest });
          // The manifest under that tag is the built image: its config digest is the local image ID.
          const manifest = run('curl', ['-sS', '--max-time', '10', '-H', `Accept: ${MANIFEST_TYPES}`, url], { timeoutMs: 15_000 });
          expect(JSON.parse(manifest.stdout).config?.digest).toBe(`sha256:${localId.replace(/^sha256:/, '')}`);
        }
      }, 12 * 60_000);
    });

    test('deploy build on a library fails with exit 1 and builds nothing', () => {
      const copy = path.join(scratch, 'library');
      fs.cpSync(path.join(FIXTURES, 'library'), copy, { recursive: true });
      // @acme/mathlib: the image name would be mathlib.
      const result = run('node', [CLI, 'deploy', 'build', '--dir', copy, '--engine', 'podman'], { env, timeoutMs: 5 * 60_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/is a library: there is no image to build/);
      expect(run('podman', ['image', 'exists', 'mathlib:latest']).status).toBe(1);
    }, 6 * 60_000);
  });
}
