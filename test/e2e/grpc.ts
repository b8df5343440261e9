/**
 * The gRPC health check against a real gRPC server (docs/e2e.md): test/e2e/fixtures/grpc builds
 * examples/polyglot's currency and payment services (node, @grpc/grpc-js + grpc-health-check) from
 * the generated output, unmodified, under its own compose project.
 *
 * - currency's compose healthcheck (the generated grpc.health.v1 probe) turns healthy, and payment,
 *   which waits on it, starts only after that;
 * - payment reaches currency at the host:port its CURRENCY_SERVICE_ADDR names, over gRPC;
 * - the probe reads the serving status: currency set to NOT_SERVING (SIGUSR2) turns unhealthy, and
 *   healthy again when it serves again; a server that accepts connections but answers nothing
 *   (SIGSTOP) turns unhealthy too, so a TCP connect is not what the probe checks.
 *
 * Relies on the suite's beforeAll (shop.e2e.test.ts): podman, the stand-in images, the API service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { LAB, REPO, containerOf, healthReport, inspect, inspectState, must, podman, readEvents, run, tail, waitFor } from './engine';

const FIXTURE = path.join(REPO, 'test', 'e2e', 'fixtures', 'grpc');
const OUT = path.join(LAB, 'out-grpc');
const DOCKER = path.join(OUT, 'docker');
/** Compose project of these checks (scripts/e2e/run.sh tears it down too). */
export const GRPC_PROJECT = 'grpc-e2e';
const ENV = { COMPOSE_PROJECT_NAME: GRPC_PROJECT, TOPOGRAPH_START_TIMEOUT: '300' };
const ALL = ['currency', 'payment'];

const health = (service: string) => inspectState(service, GRPC_PROJECT).health;
const report = () => healthReport(ALL, GRPC_PROJECT);

export function registerGrpcChecks(): void {
  describe('gRPC health against a real gRPC server (test/e2e/fixtures/grpc, examples/polyglot)', () => {
    let first: { status: number | null; stdout: string; stderr: string };
    let compose: { services: Record<string, { healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }>; environment?: Record<string, string> }> };

    beforeAll(() => {
      must('bash', [path.join(REPO, 'scripts', 'e2e', 'teardown.sh'), GRPC_PROJECT], { timeoutMs: 120_000 });
      fs.rmSync(OUT, { recursive: true, force: true });
      must('node', [path.join(REPO, 'lib', 'src', 'cli', 'main.js'), 'synth', path.join(FIXTURE, 'topology-graph.json'), '--out', OUT, '--allow-outside-context']);
      compose = parse(fs.readFileSync(path.join(DOCKER, 'docker-compose.yml'), 'utf8'));
      first = run(path.join(DOCKER, 'start.sh'), [], { cwd: DOCKER, env: ENV, timeoutMs: 12 * 60_000 });
    }, 15 * 60_000);

    afterAll(() => {
      run('bash', [path.join(REPO, 'scripts', 'e2e', 'teardown.sh'), GRPC_PROJECT], { timeoutMs: 120_000 });
    }, 5 * 60_000);

    it('the generated files wire it as gRPC: a node probe of grpc.health.v1, a healthy wait, a host:port address', () => {
      const probe = compose.services.currency.healthcheck?.test ?? [];
      expect(probe[0]).toBe('CMD');
      expect(probe[1]).toBe('node');
      expect(probe.join(' ')).toContain('grpc.health.v1.Health/Check');
      expect(compose.services.payment.depends_on).toEqual({ currency: { condition: 'service_healthy' } });
      expect(compose.services.payment.environment?.CURRENCY_SERVICE_ADDR).toBe('currency:7000');
    });

    it('start.sh brings both up healthy, and payment started only after currency was first healthy', () => {
      if (first.status !== 0) throw new Error(`start.sh exited with ${first.status}\n${tail(first.stdout)}\n${tail(first.stderr)}\n${report()}`);
      waitFor('currency and payment to be healthy', () => ALL.every((s) => health(s) === 'healthy'), 120_000, report);
      const currency = inspect('currency', GRPC_PROJECT).Id as string;
      const payment = inspect('payment', GRPC_PROJECT).Id as string;
      // podman 4.3 logs health_status with the status before a check runs; the check ends with exec_died.
      // So "healthy" reaches the event log only when the next check starts (up to the poller's ~10 s
      // for a healthy container): wait for it rather than read the log the moment inspect says healthy.
      const confirmedIn = (list: ReturnType<typeof readEvents>) => list.some((e) => e.id === currency && e.status === 'health_status' && e.health === 'healthy');
      waitFor('podman to log currency healthy', () => confirmedIn(readEvents()), 60_000, report);
      const events = readEvents();
      const mine = events.filter((e) => e.id === currency);
      const confirmed = mine.find((e) => e.status === 'health_status' && e.health === 'healthy');
      const passed = mine.find((e) => e.status === 'exec_died' && !e.exitCode);
      expect(confirmed && passed && passed.time <= confirmed.time).toBe(true);
      const started = Math.min(...events.filter((e) => e.id === payment && e.status === 'start').map((e) => e.time));
      if (!(started > passed!.time)) throw new Error(`payment started at ${new Date(started).toISOString()}, before currency was first healthy at ${new Date(passed!.time).toISOString()}`);
    });

    it('payment calls currency over gRPC at CURRENCY_SERVICE_ADDR (from inside its container)', () => {
      const script = [
        "const grpc = require('@grpc/grpc-js');",
        "const json = { s: (v) => Buffer.from(JSON.stringify(v)), d: (b) => JSON.parse(b.toString()) };",
        "const client = new grpc.Client(process.env.CURRENCY_SERVICE_ADDR, grpc.credentials.createInsecure());",
        "client.makeUnaryRequest('/polyglot.Currency/Convert', json.s, json.d, { amount: 100, from: 'EUR', to: 'USD' },",
        '  (error, answer) => { if (error) { console.error(error.message); process.exit(1); } console.log(JSON.stringify(answer)); process.exit(0); });',
      ].join('\n');
      const answer = podman('exec', containerOf('payment', GRPC_PROJECT), 'node', '-e', script);
      expect(JSON.parse(answer)).toEqual({ amount: 108, currency: 'USD' });
    });

    it('NOT_SERVING turns currency unhealthy, SERVING healthy again: the probe reads the health status', () => {
      const id = containerOf('currency', GRPC_PROJECT);
      podman('kill', '--signal', 'USR2', id);
      expect(run('podman', ['healthcheck', 'run', id]).status).not.toBe(0);
      waitFor('currency to turn unhealthy (NOT_SERVING)', () => health('currency') === 'unhealthy', 90_000, report);
      expect(inspectState('currency', GRPC_PROJECT).status).toBe('running');
      podman('kill', '--signal', 'USR2', id);
      waitFor('currency to be healthy again (SERVING)', () => health('currency') === 'healthy', 90_000, report);
    }, 4 * 60_000);

    it('a server that accepts connections but answers nothing (SIGSTOP) turns unhealthy', () => {
      // The server process on the host: the container's PID 1 is compose's init (init: true), which
      // cannot pass SIGSTOP on, so stop its child, node, itself.
      const pid1 = Number(inspect('currency', GRPC_PROJECT).State.Pid);
      if (!(pid1 > 1)) throw new Error(`currency's main process id is ${pid1}: is it running?`);
      const child = run('pgrep', ['-P', String(pid1)]).stdout.trim().split('\n')[0];
      const server = child ? Number(child) : pid1;
      expect(fs.readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0')[0]).toMatch(/node$/);
      must('kill', ['-STOP', String(server)]);
      try {
        waitFor('currency to turn unhealthy (stopped process)', () => health('currency') === 'unhealthy', 120_000, report);
      } finally {
        must('kill', ['-CONT', String(server)]);
      }
      waitFor('currency to be healthy again (continued)', () => health('currency') === 'healthy', 90_000, report);
    }, 5 * 60_000);
  });
}
