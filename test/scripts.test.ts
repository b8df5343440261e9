/**
 * The helper scripts, run for real with bash against a fake compose tool and container engine
 * that record their calls and report health from a state file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shopGraph, synth } from './helpers/shop';

const { files } = synth(shopGraph(), { targets: ['compose'] });

function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-scripts-'));
  for (const name of ['start.sh', 'stop.sh', 'logs.sh', 'docker-compose.yml']) {
    fs.writeFileSync(path.join(dir, name), files[`docker/${name}`], { mode: 0o755 });
  }
  const calls = path.join(dir, 'calls.log');
  // Fake compose: records calls; `ps -q svc` prints an id.
  fs.writeFileSync(
    path.join(dir, 'fake-compose'),
    `#!/usr/bin/env bash\necho "compose $*" >> "${calls}"\nif [ "$5" = ps ]; then echo "id-\${7}"; fi\n`,
    { mode: 0o755 },
  );
  // Fake engine: a service is healthy once its countdown (polls left) reaches 0; -1 means never.
  fs.writeFileSync(
    path.join(dir, 'fake-engine'),
    `#!/usr/bin/env bash
id="\${@: -1}"; svc="\${id#id-}"
state="${dir}/health-$svc"
left=$(cat "$state" 2>/dev/null || echo 0)
if [[ "$*" == *".Health.Log"* ]]; then echo "connection refused on $svc"; exit 0; fi
if [ "$left" = "-1" ]; then echo starting; elif [ "$left" -gt 0 ]; then echo $((left - 1)) > "$state"; echo starting; else echo healthy; fi
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
  return { dir, calls, run };
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
    const calls = fs.readFileSync(ws.calls, 'utf8');
    expect(calls).toContain('compose -p shop -f docker-compose.yml build');
    expect(calls).toContain('compose -p shop -f docker-compose.yml up -d');
    expect(result.stdout).toContain('All services healthy: nats postgres redis catalog auth billing');
    expect(result.stdout).toContain('catalog: http://127.0.0.1:8001/health');
    expect(fs.readFileSync(path.join(ws.dir, 'health-billing'), 'utf8').trim()).toBe('0');
  });

  it('gives up after the timeout, naming the unhealthy service and its last check', () => {
    const ws = workspace();
    fs.writeFileSync(path.join(ws.dir, 'health-auth'), '-1');
    const result = ws.run('start.sh', [], { TOPOGRAPH_START_TIMEOUT: '2' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ERROR: not healthy after 2s:');
    expect(result.stderr).toContain('  auth: starting');
    expect(result.stderr).toContain('last check: connection refused on auth');
    expect(result.stderr).not.toContain('catalog:');
    expect(result.stderr).toContain('Action:');
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
