/**
 * What the shop example does not exercise, run for real (docs/e2e.md): test/e2e/fixtures/edge, its
 * generated output unmodified, under its own compose project beside the shop's.
 *
 * - a worker without a port (no health check): start.sh waits for it to be running, not healthy;
 * - a worker listening on port 80 as the non-root UID with every capability dropped;
 * - postgres edges naming the database every cluster has ("postgres") and a database two services
 *   share ("ledger"): the init creates each role and database only when absent, the sharing
 *   services use each other's tables, the others cannot connect, and it runs cleanly again.
 *
 * Relies on the suite's beforeAll (shop.e2e.test.ts): podman, the stand-in images, the API service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAB, REPO, containerOf, healthReport, inspect, inspectState, must, podman, run, tail, waitFor } from './engine';

const FIXTURE = path.join(REPO, 'test', 'e2e', 'fixtures', 'edge');
const OUT = path.join(LAB, 'out-edge');
const DOCKER = path.join(OUT, 'docker');
/** Compose project of these checks (scripts/e2e/run.sh tears it down too). */
export const EDGE_PROJECT = 'edge-e2e';
const ENV = { COMPOSE_PROJECT_NAME: EDGE_PROJECT, TOPOGRAPH_START_TIMEOUT: '300' };
const ALL = ['db', 'front', 'ticker', 'auditor'];

function envOf(service: string): Record<string, string> {
  return Object.fromEntries((inspect(service, EDGE_PROJECT).Config.Env as string[]).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/** psql in the db container with `url` (a service's DATABASE_URL, maybe pointed at another database). */
function psql(url: string, sql: string) {
  return run('podman', ['exec', containerOf('db', EDGE_PROJECT), 'psql', url, '-v', 'ON_ERROR_STOP=1', '-tAc', sql]);
}

function psqlOk(url: string, sql: string): string {
  const result = psql(url, sql);
  if (result.status !== 0) throw new Error(`psql ${url.replace(/:[^:@]*@/, ':…@')} -c ${sql}: exit ${result.status}\n${result.stderr}`);
  return result.stdout.trim();
}

function onDatabase(url: string, database: string): string {
  return url.replace(/\/[^/]+$/, `/${database}`);
}

function start(): { status: number | null; stdout: string; stderr: string } {
  return run(path.join(DOCKER, 'start.sh'), [], { cwd: DOCKER, env: ENV, timeoutMs: 12 * 60_000 });
}

export function registerEdgeChecks(): void {
  describe('edge cases (test/e2e/fixtures/edge)', () => {
    let first: { status: number | null; stdout: string; stderr: string };

    beforeAll(() => {
      must('bash', [path.join(REPO, 'scripts', 'e2e', 'teardown.sh'), EDGE_PROJECT], { timeoutMs: 120_000 });
      fs.rmSync(OUT, { recursive: true, force: true });
      must('node', [path.join(REPO, 'lib', 'src', 'cli', 'main.js'), 'synth', path.join(FIXTURE, 'topology-graph.json'), '--out', OUT]);
      first = start();
    }, 15 * 60_000);

    afterAll(() => {
      run('bash', [path.join(REPO, 'scripts', 'e2e', 'teardown.sh'), EDGE_PROJECT], { timeoutMs: 120_000 });
    }, 5 * 60_000);

    it('start.sh succeeds: healthy where there is a health check, running where there is none (a worker with no port)', () => {
      if (first.status !== 0) throw new Error(`start.sh exited with ${first.status}\n${tail(first.stdout)}\n${tail(first.stderr)}\n${healthReport(ALL, EDGE_PROJECT)}`);
      expect(first.stdout).toContain('All services up: db front (healthy), auditor ticker (running)');
      for (const worker of ['ticker', 'auditor']) {
        expect([undefined, 'NONE']).toContain(inspect(worker, EDGE_PROJECT).Config.Healthcheck?.Test?.[0]); // nothing could report it healthy
        expect(inspectState(worker, EDGE_PROJECT).status).toBe('running');
      }
    });

    it('front listens on port 80 as UID 10001 with every capability dropped, and its health check passes', () => {
      const id = containerOf('front', EDGE_PROJECT);
      const info = inspect('front', EDGE_PROJECT);
      expect(podman('exec', id, 'id', '-u')).toBe('10001');
      // podman lists the dropped capabilities one by one (CapDrop), so read what the process holds: nothing.
      expect(info.HostConfig.CapAdd ?? []).toEqual([]);
      const caps = podman('exec', id, 'grep', '-E', '^Cap(Prm|Eff|Bnd|Amb):', '/proc/1/status').split('\n').map((l) => l.split(/\s+/));
      expect(caps).toEqual([['CapPrm:', '0000000000000000'], ['CapEff:', '0000000000000000'], ['CapBnd:', '0000000000000000'], ['CapAmb:', '0000000000000000']]);
      expect(podman('exec', id, 'cat', '/proc/sys/net/ipv4/ip_unprivileged_port_start')).toBe('80');
      expect(inspectState('front', EDGE_PROJECT).health).toBe('healthy');
      const answer = podman('exec', id, 'node', '-e', "fetch('http://127.0.0.1:80/health').then((r)=>r.json()).then((j)=>console.log(JSON.stringify(j)))");
      expect(JSON.parse(answer)).toEqual({ status: 'ok', uid: 10001 });
    });

    it('the init made "postgres" (which every cluster has) front\'s own database, and kept the others out of it', () => {
      const url = envOf('front').DATABASE_URL;
      expect(url).toMatch(/^postgresql:\/\/front:[^@]+@db:5432\/postgres$/);
      expect(psqlOk(url, "select current_database() || ' ' || current_user || ' ' || pg_get_userbyid((select datdba from pg_database where datname = 'postgres'))")).toBe('postgres front front');
      for (const other of ['ticker', 'auditor']) {
        const refused = psql(onDatabase(envOf(other).DATABASE_URL, 'postgres'), 'select 1');
        expect({ other, status: refused.status, denied: /permission denied for database "postgres"/.test(refused.stderr) }).toEqual({ other, status: 2, denied: true });
      }
    });

    it('ticker and auditor share the ledger database with their own roles: each uses and changes what the other created; front cannot connect', () => {
      const ticker = envOf('ticker').DATABASE_URL;
      const auditor = envOf('auditor').DATABASE_URL;
      expect(ticker).toMatch(/^postgresql:\/\/ticker:[^@]+@db:5432\/ledger$/);
      expect(auditor).toMatch(/^postgresql:\/\/auditor:[^@]+@db:5432\/ledger$/);
      expect(ticker.replace(/^.*:\/\/[^:]+:([^@]+)@.*$/, '$1')).not.toBe(auditor.replace(/^.*:\/\/[^:]+:([^@]+)@.*$/, '$1'));
      psqlOk(ticker, "create table if not exists ticks (note text); insert into ticks values ('from ticker')");
      psqlOk(auditor, "insert into ticks values ('from auditor'); alter table ticks add column if not exists seen boolean");
      expect(psqlOk(ticker, 'select note from ticks order by note').split('\n')).toEqual(['from auditor', 'from ticker']);
      expect(psqlOk(auditor, "select session_user || ' ' || current_user || ' ' || pg_get_userbyid(relowner) from pg_class where relname = 'ticks'")).toBe('auditor ledger_owner ledger_owner');
      const refused = psql(onDatabase(envOf('front').DATABASE_URL, 'ledger'), 'select 1');
      expect({ status: refused.status, denied: /permission denied for database "ledger"/.test(refused.stderr) }).toEqual({ status: 2, denied: true });
    });

    it('runs cleanly again: stop.sh, then start.sh on the same volume re-applies the init, and everything is still there', () => {
      const stop = run(path.join(DOCKER, 'stop.sh'), [], { cwd: DOCKER, env: ENV, timeoutMs: 3 * 60_000 });
      expect({ status: stop.status, stderr: stop.status === 0 ? '' : stop.stderr }).toEqual({ status: 0, stderr: '' });
      const again = start();
      if (again.status !== 0) throw new Error(`start.sh (again) exited with ${again.status}\n${tail(again.stdout)}\n${tail(again.stderr)}`);
      expect(again.stdout).toContain('Starting db and applying its set-up');
      expect(again.stderr.split('\n').filter((l) => /ERROR|FATAL/.test(l))).toEqual([]);
      waitFor('the edge stack to be up again', () => ['db', 'front'].every((s) => inspectState(s, EDGE_PROJECT).health === 'healthy'), 60_000, () => healthReport(ALL, EDGE_PROJECT));
      expect(psqlOk(envOf('auditor').DATABASE_URL, 'select count(*) from ticks')).toBe('2');
    }, 15 * 60_000);
  });
}
