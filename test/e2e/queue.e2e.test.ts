/**
 * End-to-end: examples/queue (docs/e2e.md), its generated output unmodified, built and run with real
 * podman under its own compose project. A vote POSTed to `vote` goes through redis to the port-less
 * `worker`, which records it in postgres, where `result` reads it; the one-shot `seed` job creates
 * the tables first, and the worker and result start only once it has exited 0.
 *
 * Runs on its own (npm run test:e2e -- queue) or after the shop's file: it prepares podman, the
 * stand-in images and the API service itself (all idempotent), as shop.e2e.test.ts does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  LAB, REPO, SCRIPTS, type Result, containerOf, healthReport, httpGet, inspect, inspectState, must, podman, readEvents, run, tail, waitFor,
} from './engine';

const EXAMPLE = path.join(REPO, 'examples', 'queue');
const OUT = path.join(LAB, 'out-queue');
const DOCKER = path.join(OUT, 'docker');
/** Compose project of these checks (scripts/e2e/run.sh tears it down too). */
export const QUEUE_PROJECT = 'queue-e2e';
const ENV = { COMPOSE_PROJECT_NAME: QUEUE_PROJECT, TOPOGRAPH_START_TIMEOUT: '300' };
const SERVICES = ['vote', 'worker', 'result', 'seed'];
const ALL = ['postgres', 'redis', ...SERVICES];

interface ComposeService {
  image?: string;
  ports?: string[];
  restart?: string;
  networks?: string[] | Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
}
let compose: { services: Record<string, ComposeService>; networks?: Record<string, unknown> };
let started: Result;
/** Where vote and result are published (the graph's `host` ports, read from the compose file). */
let voteUrl: string;
let resultUrl: string;

function publishedUrl(service: string): string {
  const [address, hostPort] = (compose.services[service].ports ?? [])[0]?.split(':') ?? [];
  return `http://${address}:${hostPort}`;
}

function state(service: string) {
  return inspectState(service, QUEUE_PROJECT);
}

function report(): string {
  return healthReport(ALL, QUEUE_PROJECT);
}

/** HTTP POST of a JSON body on 127.0.0.1; never throws. */
function httpPost(url: string, body: unknown): { status: number; body: string } {
  const result = run('curl', ['-sS', '--max-time', '5', '-o', '-', '-w', '\n%{http_code}', '-H', 'content-type: application/json', '--data', JSON.stringify(body), url]);
  const lines = result.stdout.trimEnd().split('\n');
  const status = Number(lines.pop() ?? 0);
  return { status, body: lines.join('\n') };
}

function tally(): Record<string, number> {
  const response = httpGet(`${resultUrl}/results`);
  if (response.status !== 200) throw new Error(`GET /results: ${response.status} ${response.body}`);
  return JSON.parse(response.body);
}

function networksOf(service: string): string[] {
  return Object.keys(inspect(service, QUEUE_PROJECT).NetworkSettings.Networks ?? {}).sort();
}

beforeAll(() => {
  must('bash', [path.join(SCRIPTS, 'install.sh')], { timeoutMs: 10 * 60_000 });
  must('bash', [path.join(SCRIPTS, 'images.sh')], { timeoutMs: 15 * 60_000 });
  must('bash', [path.join(SCRIPTS, 'engine.sh'), 'start'], { timeoutMs: 60_000 });
  must('bash', [path.join(SCRIPTS, 'teardown.sh'), QUEUE_PROJECT], { timeoutMs: 120_000 });
  fs.rmSync(OUT, { recursive: true, force: true });
  must('node', [path.join(REPO, 'lib', 'src', 'cli', 'main.js'), 'synth', path.join(EXAMPLE, 'topology-graph.json'), '--out', OUT]);
  compose = parse(fs.readFileSync(path.join(DOCKER, 'docker-compose.yml'), 'utf8'));
  voteUrl = publishedUrl('vote');
  resultUrl = publishedUrl('result');
  started = run(path.join(DOCKER, 'start.sh'), [], { cwd: DOCKER, env: ENV, timeoutMs: 12 * 60_000 });
}, 30 * 60_000);

afterAll(() => {
  run('bash', [path.join(SCRIPTS, 'teardown.sh'), QUEUE_PROJECT], { timeoutMs: 120_000 });
  run('bash', [path.join(SCRIPTS, 'engine.sh'), 'stop'], { timeoutMs: 60_000 });
}, 5 * 60_000);

describe('examples/queue on podman', () => {
  it('every image the generated files name exists locally (nothing is pulled)', () => {
    const names = new Set<string>();
    for (const file of fs.readdirSync(DOCKER).filter((f) => f.startsWith('Dockerfile.'))) {
      const stages = new Set<string>();
      for (const match of fs.readFileSync(path.join(DOCKER, file), 'utf8').matchAll(/^FROM (\S+)(?: AS (\S+))?/gm)) {
        if (!stages.has(match[1])) names.add(match[1]);
        if (match[2]) stages.add(match[2]);
      }
    }
    for (const service of Object.values(compose.services)) if (service.image && !service.image.startsWith('queue/')) names.add(service.image);
    expect(names.size).toBeGreaterThanOrEqual(4);
    expect([...names].filter((name) => run('podman', ['image', 'exists', name]).status !== 0)).toEqual([]);
  });

  it('start.sh builds every image and brings the stack up: healthy, running (the port-less worker), completed (the seed job)', () => {
    if (started.status !== 0) throw new Error(`start.sh exited with ${started.status}\n${tail(started.stdout)}\n${tail(started.stderr)}\n${report()}`);
    expect(started.stdout).toContain('All services up: postgres redis result vote (healthy), worker (running), seed (completed)');
    for (const service of SERVICES) expect(podman('image', 'exists', `queue/${service}:0.1.0`)).toBe('');
    const seed = inspect('seed', QUEUE_PROJECT).State;
    expect({ status: seed.Status, exitCode: seed.ExitCode }).toEqual({ status: 'exited', exitCode: 0 });
    expect(compose.services.seed.restart).toBe('no');
    expect(podman('logs', containerOf('seed', QUEUE_PROJECT))).toContain('seed: tables ready, 2 choices');
  });

  it('the seed job exited 0 before the worker and result started (engine event times)', () => {
    const events = readEvents();
    const seedId = inspect('seed', QUEUE_PROJECT).Id as string;
    const died = events.filter((e) => e.id === seedId && e.status === 'died');
    expect(died.length).toBeGreaterThanOrEqual(1);
    expect(died[0].exitCode ?? 0).toBe(0);
    for (const service of ['worker', 'result']) {
      expect(compose.services[service].depends_on?.seed).toEqual({ condition: 'service_completed_successfully' });
      const id = inspect(service, QUEUE_PROJECT).Id as string;
      const start = Math.min(...events.filter((e) => e.id === id && e.status === 'start').map((e) => e.time));
      if (!(start > died[0].time)) throw new Error(`${service} started at ${new Date(start).toISOString()}, before seed exited at ${new Date(died[0].time).toISOString()}`);
    }
  });

  it('every depends_on edge was met before the dependant started: healthy, running or completed (engine event times)', () => {
    const events = readEvents();
    const ids = Object.fromEntries(ALL.map((s) => [s, inspect(s, QUEUE_PROJECT).Id as string]));
    const mine = (s: string) => events.filter((e) => e.id === ids[s]);
    // podman 4.3 logs health_status with the status *before* a check runs; the check ends with an
    // exec_died event, so a container turned healthy when its first check exiting 0 ended.
    const met: Record<string, (s: string) => number> = {
      service_healthy: (s) => {
        const confirmed = mine(s).find((e) => e.status === 'health_status' && e.health === 'healthy');
        const passed = mine(s).find((e) => e.status === 'exec_died' && !e.exitCode);
        return confirmed && passed && passed.time <= confirmed.time ? passed.time : NaN;
      },
      service_started: (s) => Math.min(...mine(s).filter((e) => e.status === 'start').map((e) => e.time)),
      service_completed_successfully: (s) => mine(s).find((e) => e.status === 'died' && !e.exitCode)?.time ?? NaN,
    };
    const seen: string[] = [];
    for (const [service, spec] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(spec.depends_on ?? {})) {
        const at = met[condition]?.(dependency);
        const start = Math.min(...mine(service).filter((e) => e.status === 'start').map((e) => e.time));
        expect({ service, dependency, condition, known: Number.isFinite(at) && Number.isFinite(start) }).toEqual({ service, dependency, condition, known: true });
        if (!(start > at!)) throw new Error(`${service} started at ${new Date(start).toISOString()}, before ${dependency} was ${condition} at ${new Date(at!).toISOString()}`);
        seen.push(`${service}→${dependency} ${condition}`);
      }
    }
    expect(seen.sort()).toEqual([
      'result→postgres service_healthy',
      'result→seed service_completed_successfully',
      'seed→postgres service_healthy',
      'vote→redis service_healthy',
      'worker→postgres service_healthy',
      'worker→redis service_healthy',
      'worker→seed service_completed_successfully',
    ]);
  });

  it('every container runs as the non-root UID 10001 (the seed job too)', () => {
    for (const service of SERVICES) {
      expect({ service, user: podman('image', 'inspect', '--format', '{{.Config.User}}', `queue/${service}:0.1.0`) }).toEqual({ service, user: '10001:10001' });
      expect({ service, user: inspect(service, QUEUE_PROJECT).Config.User }).toEqual({ service, user: '10001:10001' });
    }
    for (const service of ['vote', 'worker', 'result']) expect({ service, uid: podman('exec', containerOf(service, QUEUE_PROJECT), 'id', '-u') }).toEqual({ service, uid: '10001' });
  });

  it('only vote and result are published, on 127.0.0.1 at their host ports; the worker has no port', () => {
    const published = Object.fromEntries(Object.entries(compose.services).filter(([, s]) => s.ports).map(([name, s]) => [name, s.ports]));
    expect(published).toEqual({ vote: ['127.0.0.1:8090:8000'], result: ['127.0.0.1:8091:3000'] });
    expect(httpGet(`${voteUrl}/health`).status).toBe(200);
    expect(httpGet(`${resultUrl}/health`).status).toBe(200);
    expect(inspect('worker', QUEUE_PROJECT).Config.Healthcheck?.Test?.[0] ?? 'NONE').toBe('NONE');
    expect(state('worker').status).toBe('running');
  });

  it('segments: redis, postgres, the worker and the seed job are on the back network only; vote and result bridge front and back', () => {
    const front = `${QUEUE_PROJECT}_queue-front`;
    const back = `${QUEUE_PROJECT}_queue-back`;
    for (const service of ['redis', 'postgres', 'worker', 'seed']) expect({ service, networks: networksOf(service) }).toEqual({ service, networks: [back] });
    for (const service of ['vote', 'result']) expect({ service, networks: networksOf(service) }).toEqual({ service, networks: [back, front].sort() });
  });

  it('a vote POSTed to vote is taken by the worker and counted by result; a second vote of the same voter replaces the first', () => {
    expect(tally()).toEqual({ cats: 0, dogs: 0, total: 0 });
    const first = httpPost(`${voteUrl}/vote`, { voter: 'e2e-ann', choice: 'cats' });
    expect({ status: first.status, queued: JSON.parse(first.body).queued }).toEqual({ status: 202, queued: true });
    waitFor('the worker to record the vote', () => tally().cats === 1, 30_000, () => `${JSON.stringify(tally())}\n${tail(podman('logs', containerOf('worker', QUEUE_PROJECT)))}`, 500);
    expect(httpPost(`${voteUrl}/vote`, { voter: 'e2e-bob', choice: 'cats' }).status).toBe(202);
    expect(httpPost(`${voteUrl}/vote`, { voter: 'e2e-ann', choice: 'dogs' }).status).toBe(202);
    waitFor('the worker to record two more votes', () => JSON.stringify(tally()) === JSON.stringify({ cats: 1, dogs: 1, total: 2 }), 30_000, () => JSON.stringify(tally()), 500);
    // Nothing left on the queue, and the rows are the worker's (in the database the three share).
    expect(podman('exec', containerOf('redis', QUEUE_PROJECT), 'redis-cli', 'llen', 'votes')).toBe('0');
    expect(podman('logs', containerOf('worker', QUEUE_PROJECT))).toContain('worker: recorded a vote for dogs');
    const rejected = httpPost(`${voteUrl}/vote`, { voter: 'e2e-eve', choice: 'fish' });
    expect(rejected.status).toBe(422);
  });
});
