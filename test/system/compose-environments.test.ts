/**
 * Compose overrides of environments, merged by a real Compose: Debian's docker-compose 1.29.
 * `docker-compose -f docker-compose.yml -f docker-compose.<env>.yml config` must print the same
 * model as `config` on the environment's own compose file. docker-compose 1.29 predates the
 * Compose Specification's `!override` and `!reset` tags (Compose 2.24), so only an override
 * without them (images, variables changed or added, resources) is checked here; those with them
 * are checked against the specification's merge rules in test/compose-environments.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { composeOverride } from '../../src/render/compose-environments';
import { shopGraph, synth } from '../helpers/shop';

const version = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
// No skipping: .ci/suites/system-tools.sh installs docker-compose before this suite runs.
if (version.error || version.status !== 0) throw new Error('docker-compose does not run: run this suite through .ci/suites/system-tools.sh (apt-get install -y docker-compose)');
const maybe = describe;

/**
 * The model as docker-compose 1.29 prints it, up to what its merging of several files normalizes
 * for every service, touched or not: a network `name: null` becomes `name: {}`, and volumes come
 * out ordered by their merge key. Neither changes the model.
 */
function model(stdout: string): any {
  const config = parse(stdout);
  for (const service of Object.values<any>(config.services ?? {})) {
    if (service.networks && !Array.isArray(service.networks)) for (const n of Object.keys(service.networks)) service.networks[n] ??= {};
    if (Array.isArray(service.volumes)) service.volumes.sort();
  }
  return config;
}

maybe('docker-compose merges an override into the environment’s model', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-compose-env-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const outdir = path.join(dir, 'out');
  const base = synth(shopGraph(), { outdir, targets: ['compose'] }).files;
  const dev = shopGraph();
  dev.registry = 'registry.example.com/acme';
  dev.version = '2.0.0';
  dev.services[0].env = { LOG_LEVEL: 'debug', GREETING: 'yes: "on" $$ #x' };
  dev.services[1].resources = { limits: { cpu: 2, memory: '4Gi' } };
  dev.services[2].resources = { limits: { cpu: 1, memory: '1Gi' }, reservations: { cpu: '500m', memory: '256Mi' } };
  const envFiles = synth(dev, { outdir, targets: ['compose'] }).files;
  const prod = shopGraph();
  prod.dependencies![0].external = true;
  const prodFiles = synth(prod, { outdir, targets: ['compose'] }).files;

  const dockerDir = path.join(outdir, 'docker');
  for (const [rel, content] of Object.entries(base)) {
    if (rel.startsWith('..')) continue;
    fs.mkdirSync(path.dirname(path.join(outdir, rel)), { recursive: true });
    fs.writeFileSync(path.join(outdir, rel), content);
  }
  // Beside the base file, so relative paths resolve the same way.
  fs.writeFileSync(path.join(dockerDir, 'env-dev.yml'), envFiles['docker/docker-compose.yml']);
  const devOverride = composeOverride(base['docker/docker-compose.yml'], envFiles['docker/docker-compose.yml'], 'dev');
  fs.writeFileSync(path.join(dockerDir, 'docker-compose.dev.yml'), devOverride);
  fs.writeFileSync(path.join(dockerDir, 'docker-compose.prod.yml'), composeOverride(base['docker/docker-compose.yml'], prodFiles['docker/docker-compose.yml'], 'prod'));

  const names = (example: string) => [...example.matchAll(/^([A-Z_][A-Z0-9_]*)=$/gm)].map((m) => m[1]);
  const secrets = Object.fromEntries([...names(base['docker/.env.example']), ...names(envFiles['docker/.env.example'])].map((n) => [n, `value-of-${n.toLowerCase()}`]));
  const config = (...files: string[]) =>
    spawnSync('docker-compose', ['-p', 'topograph-check', ...files.flatMap((f) => ['-f', f]), 'config'], {
      cwd: dockerDir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, ...secrets },
    });

  it('the override needs no merge tag (so docker-compose 1.29 can read it)', () => {
    expect(devOverride).not.toMatch(/!override|!reset/);
    expect(parse(devOverride).services.catalog.environment).toEqual({ GREETING: 'yes: "on" $$$$ #x', LOG_LEVEL: 'debug' });
  });

  it('docker-compose.yml + docker-compose.dev.yml gives the model of the environment’s compose file', () => {
    const merged = config('docker-compose.yml', 'docker-compose.dev.yml');
    const own = config('env-dev.yml');
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(own.status).toBe(0);
    expect(model(merged.stdout)).toEqual(model(own.stdout));
    // And differs from the base alone (the check can fail).
    expect(model(config('docker-compose.yml').stdout)).not.toEqual(model(own.stdout));
  });

  it('docker-compose 1.29 refuses an override with !override, as the header warns (Compose 2.24.4 or later)', () => {
    const text = fs.readFileSync(path.join(dockerDir, 'docker-compose.prod.yml'), 'utf8');
    expect(text).toMatch(/needs Docker Compose 2\.24\.4 or later/);
    const result = config('docker-compose.yml', 'docker-compose.prod.yml');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/!override/);
  });
});
