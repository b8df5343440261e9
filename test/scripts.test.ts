/**
 * The helper scripts, run for real with bash against a fake compose tool and container engine
 * that record their calls and report health from a state file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderStartScript } from '../src/render/scripts';
import { shopGraph, synth } from './helpers/shop';

const { files } = synth(shopGraph(), { targets: ['compose'] });

/** The shop with a worker that has no port, hence no health check: it can only ever be "running". */
function shopWithWorker() {
  const graph = shopGraph();
  graph.services.push({ name: 'mailer', archetype: 'worker', runtime: 'node', build: { context: 'billing' } });
  graph.edges!.push({ from: 'mailer', to: 'nats' });
  return graph;
}

/**
 * Fake compose (records calls; `ps [-a] -q svc` prints an id) and fake engine. The engine answers
 * `inspect --format` as docker does, from files in the workspace:
 * - `health-<svc>`: polls left while the health check says "starting" before "healthy" (-1: never);
 * - `kind-<svc>`: "none" for a container without a health check (its state is "running"), or
 *   "job:<code>" for a one-shot container that exits with <code> once its polls are used up.
 */
function workspace(scripts: Record<string, string> = files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-scripts-'));
  for (const name of ['start.sh', 'stop.sh', 'logs.sh', 'docker-compose.yml']) {
    fs.writeFileSync(path.join(dir, name), scripts[`docker/${name}`], { mode: 0o755 });
  }
  const calls = path.join(dir, 'calls.log');
  fs.writeFileSync(
    path.join(dir, 'fake-compose'),
    `#!/usr/bin/env bash\necho "compose $*" >> "${calls}"\nif [ "$5" = ps ]; then echo "id-\${@: -1}"; fi\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(dir, 'fake-engine'),
    `#!/usr/bin/env bash
format="$3"; id="\${@: -1}"; svc="\${id#id-}"
state="${dir}/health-$svc"
kind=$(cat "${dir}/kind-$svc" 2>/dev/null || echo health)
left=$(cat "$state" 2>/dev/null || echo 0)
if [ "$left" != "-1" ] && [ "$left" -gt 0 ]; then echo $((left - 1)) > "$state"; fi
case "$kind" in
  none) status=running; health="" ;;
  job:*) if [ "$left" = 0 ]; then status=exited; else status=running; fi; health="" ;;
  *) status=running; if [ "$left" = 0 ]; then health=healthy; else health=starting; fi ;;
esac
case "$format" in
  *'.State.Health.Log'*) [ -n "$health" ] && echo "connection refused on $svc" ;;
  '{{if .State.Health}}'*) if [ -n "$health" ]; then echo "$health"; else echo "$status"; fi ;;
  '{{.State.Status}} {{.State.ExitCode}}') if [ "$status" = exited ]; then echo "exited \${kind#job:}"; else echo "$status 0"; fi ;;
  '{{.State.Status}}') echo "$status" ;;
  *) echo "unexpected format: $format" >&2; exit 2 ;;
esac
`,
    { mode: 0o755 },
  );
  const run = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
    spawnSync('bash', [path.join(dir, script), ...args], {
      encoding: 'utf8',
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH!, COMPOSE: path.join(dir, 'fake-compose'), CONTAINER_ENGINE: path.join(dir, 'fake-engine'), ...env },
      timeout: 60_000,
    });
  const set = (file: string, value: string) => fs.writeFileSync(path.join(dir, file), value);
  return { dir, calls, run, set };
}

describe('start.sh', () => {
  it('creates .env with a random value for each secret, and keeps existing values', () => {
    const ws = workspace();
    fs.writeFileSync(path.join(ws.dir, '.env'), 'JWT_SECRET=mine\n');
    const result = ws.run('start.sh');
    expect(result.status).toBe(0);
    const env = fs.readFileSync(path.join(ws.dir, '.env'), 'utf8');
    expect(env).toMatch(/^JWT_SECRET=mine$/m);
    const password = /^POSTGRES_PASSWORD=([0-9a-f]+)$/m.exec(env)?.[1];
    expect(password).toHaveLength(48);
    expect(result.stdout).toContain('Created a random POSTGRES_PASSWORD');
    expect(result.stdout).not.toContain(password);
    ws.run('start.sh');
    expect(fs.readFileSync(path.join(ws.dir, '.env'), 'utf8')).toBe(env);
  });

  it('builds, starts and waits until every service is healthy', () => {
    const ws = workspace();
    fs.writeFileSync(path.join(ws.dir, 'health-billing'), '2');
    fs.writeFileSync(path.join(ws.dir, 'health-postgres'), '1');
    const result = ws.run('start.sh');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calls = fs.readFileSync(ws.calls, 'utf8').split('\n').filter((c) => !c.includes(' ps '));
    expect(calls.slice(0, 4)).toEqual([
      'compose -p shop -f docker-compose.yml build',
      'compose -p shop -f docker-compose.yml up -d postgres',
      // postgres is healthy: its roles and databases are applied again (an older volume catches up)
      'compose -p shop -f docker-compose.yml exec -T postgres bash /docker-entrypoint-initdb.d/01-roles-and-databases.sh',
      'compose -p shop -f docker-compose.yml up -d',
    ]);
    expect(result.stdout).toContain('All services healthy: nats postgres redis catalog auth billing');
    expect(result.stdout).toContain('catalog: http://127.0.0.1:8001/health');
    expect(fs.readFileSync(path.join(ws.dir, 'health-billing'), 'utf8').trim()).toBe('0');
  });

  it('gives up after the timeout, naming the unhealthy service and its last check', () => {
    const ws = workspace();
    fs.writeFileSync(path.join(ws.dir, 'health-auth'), '-1');
    const result = ws.run('start.sh', [], { TOPOGRAPH_START_TIMEOUT: '2' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ERROR: not up after 2s:');
    expect(result.stderr).toContain('  auth: starting (waiting for: healthy)');
    expect(result.stderr).toContain('last check: connection refused on auth');
    expect(result.stderr).not.toContain('catalog:');
    expect(result.stderr).toContain('Action:');
  });

  it('waits for a worker without a health check to be running, not healthy', () => {
    const scripts = synth(shopWithWorker(), { targets: ['compose'] }).files;
    const ws = workspace(scripts);
    ws.set('kind-mailer', 'none');
    const result = ws.run('start.sh', [], { TOPOGRAPH_START_TIMEOUT: '6' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('All services up: nats postgres redis catalog auth billing (healthy), mailer (running)');
    expect(scripts['docker/start.sh']).toContain("SERVICES=('nats=healthy' 'postgres=healthy' 'redis=healthy' 'catalog=healthy' 'auth=healthy' 'billing=healthy' 'mailer=running')");
  });

  it('names a worker that never starts, and what it waits for', () => {
    const ws = workspace(synth(shopWithWorker(), { targets: ['compose'] }).files);
    ws.set('kind-mailer', 'job:1'); // exits at once: never "running"
    const result = ws.run('start.sh', [], { TOPOGRAPH_START_TIMEOUT: '2' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  mailer: exited (waiting for: running)');
    expect(result.stderr).not.toContain('last check');
  });

  it('waits for a one-shot job of the stack to complete, and stops at once when it fails', () => {
    const graph = shopWithWorker();
    graph.services.push({ name: 'seed', archetype: 'data-pipeline', runtime: 'node', build: { context: 'billing' } });
    const { topology } = synth(graph, { targets: ['compose'] });
    // A one-shot service started with the stack: a data pipeline outside the "jobs" profile.
    const model = topology.toModel();
    const oneShot = { ...model, services: model.services.map((s) => (s.name === 'seed' ? { ...s, profile: undefined } : s)) };
    const start = renderStartScript(oneShot);
    expect(start).toMatch(/SERVICES=\(.* 'mailer=running' 'seed=completed'\)/);
    const ok = workspace({ ...files, 'docker/start.sh': start });
    ok.set('kind-mailer', 'none');
    ok.set('kind-seed', 'job:0');
    ok.set('health-seed', '2');
    const done = ok.run('start.sh', [], { TOPOGRAPH_START_TIMEOUT: '20' });
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('mailer (running), seed (completed)');
    expect(fs.readFileSync(ok.calls, 'utf8')).toContain('compose -p shop -f docker-compose.yml ps -a -q seed');

    const bad = workspace({ ...files, 'docker/start.sh': start });
    bad.set('kind-mailer', 'none');
    bad.set('kind-seed', 'job:3');
    const failed = bad.run('start.sh', [], { TOPOGRAPH_START_TIMEOUT: '300' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('ERROR: a start-up job failed:');
    expect(failed.stderr).toContain('  seed: failed (exit 3) (waiting for: completed)');
  });

  it('says clearly when no compose tool exists', () => {
    const ws = workspace();
    // A PATH with only what the script needs before it looks for a compose tool.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-bin-'));
    const which = (tool: string) => spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(which('dirname'), path.join(bin, 'dirname'));
    const result = spawnSync(which('bash'), [path.join(ws.dir, 'start.sh')], { encoding: 'utf8', env: { PATH: bin } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ERROR: no compose tool found');
  });
});

describe('stop.sh and logs.sh', () => {
  it('stop passes options through (e.g. -v to delete volumes)', () => {
    const ws = workspace();
    expect(ws.run('stop.sh', ['-v']).status).toBe(0);
    expect(fs.readFileSync(ws.calls, 'utf8')).toContain('compose -p shop -f docker-compose.yml down --remove-orphans -v');
  });

  it('logs follows by default, and shows one service without following on request', () => {
    const ws = workspace();
    ws.run('logs.sh');
    ws.run('logs.sh', ['--no-follow', 'billing']);
    const calls = fs.readFileSync(ws.calls, 'utf8').trim().split('\n');
    expect(calls).toEqual([
      'compose -p shop -f docker-compose.yml logs -f --tail=200',
      'compose -p shop -f docker-compose.yml logs --tail=200 billing',
    ]);
  });
});
