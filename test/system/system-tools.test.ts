/**
 * Generated files checked by the real tools users run: `docker-compose config -q` (Debian's
 * docker-compose 1.29) and shellcheck on the helper scripts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shopGraph, synth } from '../helpers/shop';

function graphs() {
  const everything = shopGraph();
  everything.services.push(
    { name: 'gateway', archetype: 'web-service', runtime: 'go', port: 8080, build: { context: 'catalog' }, public: true },
    { name: 'mailer', archetype: 'worker', runtime: 'node', build: { context: 'billing' }, secrets: ['SMTP_PASSWORD'] },
    { name: 'report', archetype: 'data-pipeline', runtime: 'python', schedule: '0 3 * * *', build: { context: 'catalog' } },
    { name: 'admin', archetype: 'cli-tool', runtime: 'go', build: { context: 'catalog' } },
  );
  everything.dependencies!.push({ name: 'cache', type: 'redis', publish: true });
  everything.edges!.push({ from: 'mailer', to: 'nats' }, { from: 'report', to: 'postgres', database: 'reports' }, { from: 'gateway', to: 'cache' });
  return { shop: shopGraph(), everything };
}

function writeOutput(graph: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-system-'));
  const { files } = synth(graph, { outdir: path.join(dir, 'out'), targets: ['compose'] });
  for (const [rel, content] of Object.entries(files)) {
    if (rel.startsWith('..')) continue;
    const file = path.join(dir, 'out', rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return path.join(dir, 'out', 'docker');
}

function secretsOf(dockerDir: string): Record<string, string> {
  const names = [...fs.readFileSync(path.join(dockerDir, '.env.example'), 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=$/gm)].map((m) => m[1]);
  return Object.fromEntries(names.map((n) => [n, `value-of-${n.toLowerCase()}`]));
}

describe.each(Object.entries(graphs()))('%s graph', (_, graph) => {
  const dockerDir = writeOutput(graph);
  const compose = (env: Record<string, string>) =>
    spawnSync('docker-compose', ['-p', 'topograph-check', '-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: dockerDir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, ...env },
    });

  it('docker-compose config -q accepts the compose file once the secrets are set', () => {
    const result = compose(secretsOf(dockerDir));
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('docker-compose refuses to run without the secrets, naming what is missing', () => {
    const result = compose({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/is not set: run \.\/start\.sh once or copy \.env\.example to \.env/);
  });

  it('shellcheck finds nothing in the helper scripts', () => {
    const result = spawnSync('shellcheck', ['start.sh', 'stop.sh', 'logs.sh'], { cwd: dockerDir, encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
