/**
 * End-to-end: topograph's output for examples/shop, unmodified, built and run with real podman.
 * scripts/e2e/run.sh (npm run test:e2e) prepares podman and the stand-in base images, then runs this.
 * See docs/e2e.md for what is proven here and what only the unit/schema tests cover.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  DOCKER_DIR, OUT, PROJECT, REPO, SCRIPTS, type Result, containerOf, healthReport, httpGet, inspect, inspectState, must, podman,
  readEvents, run, tail, waitFor,
} from './engine';
import { registerDeployChecks } from './deploy';
import { registerEdgeChecks } from './edge';
import { registerGrpcChecks } from './grpc';
import { registerKubernetesChecks } from './kubernetes';
import { registerRuntimeChecks } from './runtimes';

const SHOP = path.join(REPO, 'examples', 'shop');
const SERVICES = ['catalog', 'billing', 'auth'];
const RUNTIME_OF: Record<string, string> = { catalog: 'python', billing: 'node', auth: 'bun' };
const START_ENV = { COMPOSE_PROJECT_NAME: PROJECT, TOPOGRAPH_START_TIMEOUT: '300' };

interface ComposeService {
  image?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
}
let compose: { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
let allServices: string[];

/** Files the generated .dockerignore of each runtime excludes, planted in the build contexts for the build. */
const COMMON_SENTINELS = ['.env', 'e2e-sentinel.key', 'tests/e2e-sentinel.txt'];
const SENTINELS: Record<string, string[]> = {
  catalog: [...COMMON_SENTINELS, '.venv/e2e-sentinel.txt'],
  billing: [...COMMON_SENTINELS, 'node_modules/e2e-sentinel.js'],
  auth: [...COMMON_SENTINELS, 'node_modules/e2e-sentinel.js'],
};
const planted: string[] = [];

function startStack(): Result {
  const result = run(path.join(DOCKER_DIR, 'start.sh'), [], { cwd: DOCKER_DIR, env: START_ENV, timeoutMs: 12 * 60_000 });
  if (result.status !== 0) {
    throw new Error(`start.sh exited with ${result.status}\n${tail(result.stdout)}\n${tail(result.stderr)}\nhealth:\n${healthReport(allServices)}`);
  }
  return result;
}

function waitHealthy(services: string[], timeoutMs: number): void {
  waitFor(`${services.join(', ')} to be healthy`, () => services.every((s) => inspectState(s).health === 'healthy'), timeoutMs, () => healthReport(services));
}

function envOf(service: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of inspect(service).Config.Env as string[]) {
    const at = entry.indexOf('=');
    env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return env;
}

function readDotEnv(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(path.join(DOCKER_DIR, '.env'), 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  return values;
}

function psql(url: string, sql: string): string {
  return podman('exec', containerOf('postgres'), 'psql', url, '-v', 'ON_ERROR_STOP=1', '-tAc', sql);
}

/** Bytes of a compose memory quantity ("4G", "512M"). */
function bytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * 1024 ** ' kmg'.indexOf((match[2] || ' ').toLowerCase());
}

beforeAll(() => {
  // Podman from Debian packages and the stand-in base images (idempotent, cached in .e2e-cache/).
  must('bash', [path.join(SCRIPTS, 'install.sh')], { timeoutMs: 10 * 60_000 });
  must('bash', [path.join(SCRIPTS, 'images.sh')], { timeoutMs: 15 * 60_000 });
  must('bash', [path.join(SCRIPTS, 'engine.sh'), 'start'], { timeoutMs: 60_000 });
  must('bash', [path.join(SCRIPTS, 'teardown.sh'), PROJECT], { timeoutMs: 120_000 });
  // The generated output, exactly as the CLI writes it.
  fs.rmSync(OUT, { recursive: true, force: true });
  must('node', [path.join(REPO, 'lib', 'src', 'cli', 'main.js'), 'synth', path.join(SHOP, 'topology-graph.json'), '--out', OUT]);
  compose = parse(fs.readFileSync(path.join(DOCKER_DIR, 'docker-compose.yml'), 'utf8'));
  allServices = Object.keys(compose.services);
  for (const service of SERVICES) {
    for (const sentinel of SENTINELS[service]) {
      const file = path.join(SHOP, service, sentinel);
      if (fs.existsSync(file)) continue;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'E2E_SENTINEL=must-not-be-in-the-image\n');
      planted.push(file);
    }
  }
}, 30 * 60_000);

afterAll(() => {
  for (const file of planted) {
    fs.rmSync(file, { force: true });
    const dir = path.dirname(file);
    const isContext = SERVICES.some((service) => dir === path.join(SHOP, service));
    if (!isContext && fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
  run('bash', [path.join(SCRIPTS, 'teardown.sh'), PROJECT], { timeoutMs: 120_000 });
  run('bash', [path.join(SCRIPTS, 'engine.sh'), 'stop'], { timeoutMs: 60_000 });
}, 5 * 60_000);

describe('images', () => {
  it('every image the generated Dockerfiles and compose file name exists locally (nothing is pulled)', () => {
    const names = new Set<string>();
    for (const file of fs.readdirSync(DOCKER_DIR).filter((f) => f.startsWith('Dockerfile.'))) {
      const stages = new Set<string>();
      for (const match of fs.readFileSync(path.join(DOCKER_DIR, file), 'utf8').matchAll(/^FROM (\S+)(?: AS (\S+))?/gm)) {
        if (!stages.has(match[1])) names.add(match[1]);
        if (match[2]) stages.add(match[2]);
      }
    }
    for (const service of Object.values(compose.services)) if (service.image && !service.image.startsWith('shop/')) names.add(service.image);
    expect(names.size).toBeGreaterThanOrEqual(6);
    const missing = [...names].filter((name) => run('podman', ['image', 'exists', name]).status !== 0);
    expect(missing).toEqual([]);
  });

  it('start.sh builds every Dockerfile and brings every service up healthy', () => {
    startStack();
    for (const service of SERVICES) expect(podman('image', 'exists', `shop/${service}:0.1.0`)).toBe('');
    waitHealthy(allServices, 60_000);
  }, 15 * 60_000);

  it.each(SERVICES)('%s: the image runs as the non-root UID 10001', (service) => {
    expect(podman('image', 'inspect', '--format', '{{.Config.User}}', `shop/${service}:0.1.0`)).toBe('10001:10001');
    expect(podman('exec', containerOf(service), 'id', '-u')).toBe('10001');
  });

  it.each(SERVICES)('%s: the image HEALTHCHECK passes in the running container', (service) => {
    const test = JSON.parse(podman('image', 'inspect', '--format', '{{json .Config.Healthcheck.Test}}', `shop/${service}:0.1.0`));
    expect(test[0]).toBe('CMD');
    expect(test[1]).toBe(RUNTIME_OF[service]);
    const result = run('podman', ['healthcheck', 'run', containerOf(service)], { timeoutMs: 30_000 });
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: expect.any(String) });
  });

  it.each(SERVICES)('%s: files the .dockerignore excludes are not in the image', (service) => {
    const listing = podman('run', '--rm', '--pull=never', '--entrypoint', 'find', `shop/${service}:0.1.0`, '/app', '-maxdepth', '3').split('\n');
    expect(listing).toContain(service === 'catalog' ? '/app/main.py' : '/app/package.json'); // the check can see files
    const found = listing.filter((file) => /e2e-sentinel|^\/app\/\.env$/.test(file));
    expect({ service, found }).toEqual({ service, found: [] });
  });
});

describe('the compose stack', () => {
  it('each dependency was healthy before its dependants started (engine event times)', () => {
    const events = readEvents();
    const ids = Object.fromEntries(allServices.map((s) => [s, inspect(s).Id as string]));
    // podman 4.3 logs health_status with the status *before* a check runs; the check itself ends with
    // an exec_died event. So a container turned healthy when its first check exiting 0 ended.
    const firstHealthy = (s: string) => {
      const mine = events.filter((e) => e.id === ids[s]);
      const confirmed = mine.find((e) => e.status === 'health_status' && e.health === 'healthy');
      const passed = mine.find((e) => e.status === 'exec_died' && !e.exitCode);
      return confirmed && passed && passed.time <= confirmed.time ? passed.time : NaN;
    };
    const firstStart = (s: string) => Math.min(...events.filter((e) => e.id === ids[s] && e.status === 'start').map((e) => e.time));
    let edges = 0;
    for (const [service, spec] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(spec.depends_on ?? {})) {
        expect(condition).toBe('service_healthy');
        const healthy = firstHealthy(dependency);
        const started = firstStart(service);
        expect(Number.isFinite(healthy) && Number.isFinite(started)).toBe(true);
        if (!(started > healthy)) throw new Error(`${service} started at ${new Date(started).toISOString()}, before ${dependency} was first healthy at ${new Date(healthy).toISOString()}`);
        edges++;
      }
    }
    expect(edges).toBe(8);
  });

  it('each service reports every dependency it is wired to as reachable on /health (127.0.0.1)', () => {
    const expected: Record<string, string[]> = { catalog: ['database', 'redis', 'nats'], billing: ['database', 'nats', 'catalog'], auth: ['database', 'catalog'] };
    for (const service of SERVICES) {
      const port = service === 'catalog' ? 8001 : service === 'billing' ? 8002 : 8003;
      const response = httpGet(`http://127.0.0.1:${port}/health`);
      expect({ service, status: response.status }).toEqual({ service, status: 200 });
      const checks = JSON.parse(response.body).checks;
      expect(Object.keys(checks).sort()).toEqual([...expected[service]].sort());
      expect(Object.values(checks).every((v) => v === true)).toBe(true);
    }
  });

  it('billing and auth reach catalog over CATALOG_SERVICE_URL', () => {
    const script = "fetch(process.env.CATALOG_SERVICE_URL+'/products').then((r)=>r.json()).then((j)=>console.log(JSON.stringify(j)))";
    for (const [service, runtime] of [['billing', 'node'], ['auth', 'bun']]) {
      expect(envOf(service).CATALOG_SERVICE_URL).toBe('http://catalog:8001');
      const products = JSON.parse(podman('exec', containerOf(service), runtime, '-e', script));
      expect(products).toEqual([expect.objectContaining({ name: 'Teapot' })]);
    }
  });

  it('every service logs in with the generated DATABASE_URL as its own role, owner of its own database only', () => {
    for (const service of SERVICES) {
      const url = envOf(service).DATABASE_URL;
      expect(url).toMatch(new RegExp(`^postgresql://${service}:[^@]+@postgres:5432/${service}$`));
      expect(psql(url, "select current_database() || ' ' || current_user || ' ' || (select rolsuper::text from pg_roles where rolname = current_user)")).toBe(`${service} ${service} false`);
      expect(psql(url, `select pg_get_userbyid(datdba) from pg_database where datname = '${service}'`)).toBe(service);
    }
  });

  it('one service cannot read another service\'s database: it cannot even connect to it, nor to postgres or template1', () => {
    const urls = Object.fromEntries(SERVICES.map((s) => [s, envOf(s).DATABASE_URL]));
    psql(urls.billing, 'create table if not exists e2e_invoices (id int); insert into e2e_invoices values (1)');
    for (const service of SERVICES) {
      for (const other of [...SERVICES.filter((s) => s !== service), 'postgres', 'template1']) {
        const result = run('podman', ['exec', containerOf('postgres'), 'psql', urls[service].replace(/\/[^/]+$/, `/${other}`), '-tAc', 'select 1']);
        expect({ service, other, status: result.status, refused: /permission denied for database/.test(result.stderr) }).toEqual({ service, other, status: 2, refused: true });
      }
    }
    // Its own password only: the superuser's and the other roles' are nowhere in its environment.
    const secrets = readDotEnv();
    for (const service of SERVICES) {
      const env = Object.values(envOf(service)).join('\n');
      for (const [name, value] of Object.entries(secrets)) {
        if (name !== `POSTGRES_${service.toUpperCase()}_PASSWORD` && name !== 'JWT_SECRET') expect({ service, name, seen: env.includes(value) }).toEqual({ service, name, seen: false });
      }
    }
  });

  it('the postgres init (roles and databases) runs cleanly again on the initialised volume', () => {
    for (let i = 0; i < 2; i++) {
      const result = run('podman', ['exec', containerOf('postgres'), 'bash', '/docker-entrypoint-initdb.d/01-roles-and-databases.sh']);
      expect({ status: result.status, errors: result.stderr.split('\n').filter((l) => /ERROR|FATAL/.test(l)) }).toEqual({ status: 0, errors: [] });
    }
    expect(psql(envOf('billing').DATABASE_URL, 'select count(*) from e2e_invoices')).toBe('1');
  });

  it('resource limits from the graph are applied to the running containers', () => {
    for (const service of SERVICES) {
      const limits = compose.services[service].deploy?.resources?.limits;
      expect(limits?.cpus && limits.memory).toBeTruthy();
      const host = inspect(service).HostConfig;
      expect({ service, memory: host.Memory, nanoCpus: host.NanoCpus }).toEqual({
        service,
        memory: bytes(limits!.memory!),
        nanoCpus: Math.round(Number(limits!.cpus) * 1e9),
      });
    }
  });

  it('secrets come from .env only: no generated file or image holds a value', () => {
    const secrets = readDotEnv();
    expect(Object.keys(secrets).sort()).toEqual(['JWT_SECRET', 'POSTGRES_AUTH_PASSWORD', 'POSTGRES_BILLING_PASSWORD', 'POSTGRES_CATALOG_PASSWORD', 'POSTGRES_PASSWORD']);
    for (const value of Object.values(secrets)) expect(value).toMatch(/^[0-9a-f]{48}$/);
    expect(fs.statSync(path.join(DOCKER_DIR, '.env')).mode & 0o077).toBe(0);
    const files = must('find', [OUT, path.join(SHOP), '-type', 'f', '-not', '-path', '*/node_modules/*']).trim().split('\n');
    for (const file of files.filter((f) => f !== path.join(DOCKER_DIR, '.env'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [name, value] of Object.entries(secrets)) if (text.includes(value)) throw new Error(`${name}'s value is written in ${file}`);
    }
    for (const service of SERVICES) {
      expect(envOf(service).JWT_SECRET).toBe(secrets.JWT_SECRET);
      const imageEnv = podman('image', 'inspect', '--format', '{{json .Config.Env}}', `shop/${service}:0.1.0`);
      expect(imageEnv).not.toContain('JWT_SECRET');
    }
  });

  // Capability numbers of linux/capability.h that the dependencies' entrypoints may keep.
  const CAPABILITY_BITS: Record<string, number> = { CHOWN: 0, DAC_OVERRIDE: 1, DAC_READ_SEARCH: 2, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7, NET_BIND_SERVICE: 10 };
  const capabilitiesOf = (mask: string) => {
    const bits = BigInt(`0x${mask}`);
    const names = Object.entries(CAPABILITY_BITS).filter(([, bit]) => (bits >> BigInt(bit)) & 1n).map(([name]) => name);
    const known = Object.values(CAPABILITY_BITS).reduce((m, bit) => m | (1n << BigInt(bit)), 0n);
    return (bits & ~known) === 0n ? names.sort() : [...names.sort(), `other bits ${(bits & ~known).toString(16)}`];
  };

  it.each([
    ['postgres', ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']],
    ['redis', ['DAC_READ_SEARCH', 'SETGID', 'SETUID']],
    ['nats', []],
  ])('%s runs hardened like the services: no capability but what its entrypoint needs, no new privileges', (dependency, expected) => {
    expect(compose.services[dependency]).toEqual(
      expect.objectContaining({ cap_drop: ['ALL'], security_opt: ['no-new-privileges:true'], ...(expected.length ? { cap_add: expected } : {}) }),
    );
    const status = podman('exec', containerOf(dependency), 'cat', '/proc/1/status');
    const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)$`, 'm').exec(status)?.[1] ?? '';
    // The bounding set is what the container may ever hold; the main process itself keeps nothing once it switched user.
    expect({ dependency, bounding: capabilitiesOf(field('CapBnd')), effective: capabilitiesOf(field('CapEff')), noNewPrivileges: field('NoNewPrivs') }).toEqual({
      dependency,
      bounding: expected,
      effective: [],
      noNewPrivileges: '1',
    });
  });

  it('logs.sh <service> shows that service and only that service', () => {
    const result = run(path.join(DOCKER_DIR, 'logs.sh'), ['--no-follow', 'billing'], { cwd: DOCKER_DIR, env: START_ENV, timeoutMs: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('billing listening on 8002');
    expect(result.stdout).not.toContain('auth listening');
  });

  it('a stopped dependency turns its dependants unhealthy; they recover when it returns', () => {
    const nats = containerOf('nats');
    podman('stop', '-t', '5', nats);
    const dependants = ['catalog', 'billing'];
    waitFor('catalog and billing to report unhealthy while nats is stopped', () => dependants.every((s) => inspectState(s).health === 'unhealthy'), 90_000, () => healthReport(dependants));
    const body = JSON.parse(httpGet('http://127.0.0.1:8002/health').body);
    expect(body).toEqual({ status: 'unhealthy', checks: expect.objectContaining({ nats: false }) });
    podman('start', nats);
    waitHealthy(allServices, 120_000);
  }, 5 * 60_000);

  it('a killed dependency is restarted by its restart policy and dependants stay or become healthy', () => {
    const before = inspectState('postgres');
    expect(inspect('postgres').HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    // Only a running container's own process: `kill -KILL 0` (the Pid of a stopped container) would
    // kill this test's whole process group.
    expect({ status: before.status, pidAboveOne: before.pid > 1 }).toEqual({ status: 'running', pidAboveOne: true });
    must('kill', ['-KILL', String(before.pid)]);
    waitFor('postgres to be restarted after SIGKILL', () => inspectState('postgres').startedAt !== before.startedAt, 60_000, () =>
      `${healthReport(['postgres'])}\n  (still "stopped": podman's cleanup process, which applies the restart policy, did not run or failed; it refuses a --runroot over 50 characters, see docs/e2e.md)`,
    );
    expect(inspectState('postgres').restartCount).toBeGreaterThan(before.restartCount);
    waitHealthy(allServices, 120_000);
  }, 5 * 60_000);

  it('data survives stop.sh + start.sh (named volumes)', () => {
    const url = envOf('catalog').DATABASE_URL;
    psql(url, "create table if not exists e2e_marker (note text); insert into e2e_marker values ('kept')");
    podman('exec', containerOf('redis'), 'redis-cli', 'set', 'e2e-marker', 'kept');
    const stop = run(path.join(DOCKER_DIR, 'stop.sh'), [], { cwd: DOCKER_DIR, env: START_ENV, timeoutMs: 3 * 60_000 });
    expect({ status: stop.status, stderr: stop.status === 0 ? '' : stop.stderr }).toEqual({ status: 0, stderr: '' });
    expect(podman('ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`)).toBe('');
    const volumes = podman('volume', 'ls', '--format', '{{.Name}}').split('\n');
    for (const volume of Object.keys(compose.volumes)) expect(volumes).toContain(`${PROJECT}_${volume}`);
    const restart = startStack();
    // start.sh applied the postgres init again to the initialised volume, cleanly.
    expect(restart.stdout).toContain('Starting postgres and applying its set-up');
    expect(restart.stderr.split('\n').filter((l) => /ERROR|FATAL/.test(l))).toEqual([]);
    waitHealthy(allServices, 60_000);
    expect(psql(envOf('catalog').DATABASE_URL, 'select note from e2e_marker')).toBe('kept');
    expect(podman('exec', containerOf('redis'), 'redis-cli', 'get', 'e2e-marker')).toBe('kept');
  }, 15 * 60_000);
});

registerEdgeChecks();
registerGrpcChecks();
registerRuntimeChecks();
registerKubernetesChecks();
registerDeployChecks();
