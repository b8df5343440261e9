/** The built `topograph` binary, run as a user would: a child process in a scratch directory. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, SHOP_DIR } from './helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

function topograph(args: string[], options: { cwd?: string; env?: Record<string, string>; preload?: string } = {}) {
  const result = spawnSync(process.execPath, [...(options.preload ? ['--require', options.preload] : []), BIN, ...args], {
    cwd: options.cwd ?? SHOP_DIR,
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, HOME: os.tmpdir(), ...options.env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-cli-'));
}

/** A copy of the shop example in a scratch directory (so tests never write into the repo). */
function shopCopy(): string {
  const dir = scratch();
  fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
  return dir;
}

/** Errors must be readable: no stack trace, one screen. */
function expectCleanError(result: { code: number | null; stderr: string }, code = 1) {
  expect(result.code).toBe(code);
  expect(result.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(result.stderr.split('\n').length).toBeLessThan(40);
}

describe('help and version', () => {
  it('lists every command and documents exit codes', () => {
    const { code, stdout } = topograph(['--help']);
    expect(code).toBe(0);
    for (const command of ['synth', 'validate', 'graph', 'init']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(stdout).toContain('Exit codes: 0 ok · 1 invalid input, drift or refused write · 2 usage error');
  });

  it.each(['synth', 'validate', 'graph', 'init'])('%s --help shows examples', (command) => {
    const { code, stdout } = topograph([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
  });

  it('a reader that closes the pipe early (| head) ends it quietly, exit 0', () => {
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --help | head -c 10 >/dev/null`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    expect(result.status).toBe(0);
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(topograph(['--version']).stdout.trim()).toBe(version);
  });
});

describe('synth', () => {
  it('writes the artifacts and prints the summary with the initialization order and next steps', () => {
    const dir = shopCopy();
    const result = topograph(['synth', '--out', 'out'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Deployment Artifacts Generated\n==============================');
    expect(result.stdout).toContain('  ✓ out/docker/docker-compose.yml');
    expect(result.stdout).toContain('  ✓ catalog/.dockerignore');
    expect(result.stdout).toMatch(/Initialization order:\n {2}1\. nats \(nats\)\n {2}2\. postgres/);
    expect(result.stdout).toContain('cd out/docker && ./start.sh');
    expect(fs.statSync(path.join(dir, 'out/docker/start.sh')).mode & 0o111).toBe(0o111);
    expect(result.stdout).not.toMatch(/\u001b\[/);
    const again = topograph(['synth', '--out', 'out'], { cwd: dir });
    expect(again.stdout).toContain('Unchanged:');
    expect(again.stdout).not.toContain('Created:');
  });

  it('--check passes on fresh output and fails listing every drifted file', () => {
    const dir = shopCopy();
    topograph(['synth', '--out', 'out', '-q'], { cwd: dir });
    expect(topograph(['synth', '--out', 'out', '--check'], { cwd: dir }).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'out/docker/docker-compose.yml'), '# edited\n');
    fs.rmSync(path.join(dir, 'out/docker/stop.sh'));
    const before = fs.readFileSync(path.join(dir, 'out/docker/docker-compose.yml'), 'utf8');
    const result = topograph(['synth', '--out', 'out', '--check'], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: 2 generated files out of date in out');
    expect(result.stderr).toContain('M out/docker/docker-compose.yml (differs)');
    expect(result.stderr).toContain('+ out/docker/stop.sh (missing)');
    expect(fs.readFileSync(path.join(dir, 'out/docker/docker-compose.yml'), 'utf8')).toBe(before);
  });

  it('refuses to overwrite a hand-written file, unless --force', () => {
    const dir = shopCopy();
    fs.mkdirSync(path.join(dir, 'out/docker'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'out/docker/docker-compose.yml'), 'services: {}  # mine\n');
    const result = topograph(['synth', '--out', 'out'], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: Refusing to overwrite a file topograph did not generate');
    expect(result.stderr).toContain('Value: out/docker/docker-compose.yml');
    expect(fs.readFileSync(path.join(dir, 'out/docker/docker-compose.yml'), 'utf8')).toBe('services: {}  # mine\n');
    expect(fs.existsSync(path.join(dir, 'out/docker/start.sh'))).toBe(false);
    expect(topograph(['synth', '--out', 'out', '--force', '-q'], { cwd: dir }).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'out/docker/docker-compose.yml'), 'utf8')).toContain('@generated by topograph');
  });

  it('leaves the previous output intact when interrupted mid-way', () => {
    const dir = shopCopy();
    topograph(['synth', '--out', 'out', '-q'], { cwd: dir });
    const before = fs.readFileSync(path.join(dir, 'out/docker/docker-compose.yml'), 'utf8');
    const graph = JSON.parse(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8'));
    graph.version = '9.9.9';
    fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph));
    const result = topograph(['synth', '--out', 'out'], { cwd: dir, preload: path.join(__dirname, 'helpers', 'fail-rename.js') });
    expectCleanError(result);
    expect(result.stderr).toContain('simulated crash during swap');
    expect(fs.readFileSync(path.join(dir, 'out/docker/docker-compose.yml'), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes('topograph'))).toEqual([]);
  });

  it.each([['.'], ['..'], ['catalog']])('refuses --out %s, which holds the graph or a build context', (out) => {
    const dir = shopCopy();
    const before = fs.readdirSync(dir).sort();
    const result = topograph(['synth', '--out', out], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain('it contains your sources');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses an output directory that holds the working directory', () => {
    const dir = shopCopy();
    fs.mkdirSync(path.join(dir, 'work'));
    fs.writeFileSync(path.join(dir, 'work', 'notes.txt'), 'mine\n');
    const result = topograph(['synth', '../topology-graph.json', '--out', '.'], { cwd: path.join(dir, 'work') });
    expectCleanError(result);
    expect(result.stderr).toContain('it is the working directory or contains it');
    expect(fs.readdirSync(path.join(dir, 'work'))).toEqual(['notes.txt']);
  });

  it('--target limits what is written', () => {
    const dir = shopCopy();
    topograph(['synth', '--out', 'out', '--target', 'docker', '-q'], { cwd: dir });
    expect(fs.readdirSync(path.join(dir, 'out/docker')).sort()).toEqual(['Dockerfile.auth', 'Dockerfile.billing', 'Dockerfile.catalog']);
  });

  it('--json reports files and order; no secret value appears anywhere', () => {
    const dir = shopCopy();
    const secret = 'hunter2-very-secret-value';
    const result = topograph(['synth', '--out', 'out', '--json'], { cwd: dir, env: { JWT_SECRET: secret, POSTGRES_PASSWORD: secret } });
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.order).toEqual(['nats', 'postgres', 'redis', 'catalog', 'auth', 'billing']);
    expect(report.files.find((f: { path: string }) => f.path === 'docker/docker-compose.yml').status).toBe('created');
    const written = fs.readdirSync(path.join(dir, 'out/docker')).map((f) => path.join(dir, 'out/docker', f)).filter((f) => fs.statSync(f).isFile());
    for (const text of [result.stdout, result.stderr, ...written.map((f) => fs.readFileSync(f, 'utf8'))]) expect(text).not.toContain(secret);
  });
});

describe('validate', () => {
  it('prints a one-line OK', () => {
    expect(topograph(['validate'])).toEqual({ code: 0, stdout: 'OK: 3 services, 3 dependencies, 8 edges\n', stderr: '' });
  });

  it('reports every problem at once, with exit 1', () => {
    const dir = shopCopy();
    const graph = JSON.parse(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8'));
    graph.services[0].resources.limits.cpu = 'not-a-number';
    graph.edges.push({ from: 'billing', to: 'CatalogService' });
    fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph, null, 2));
    const result = topograph(['validate'], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: Invalid CPU value for catalog');
    expect(result.stderr).toContain("ERROR: Service 'CatalogService' not in topology graph");
    expect(result.stderr).toContain('2 problems found');
    const json = JSON.parse(topograph(['validate', '--json'], { cwd: dir }).stdout);
    expect(json.ok).toBe(false);
    expect(json.problems).toHaveLength(2);
  });

  it('also reports what only Kubernetes refuses, so OK means synth succeeds', () => {
    const dir = shopCopy();
    const graph = JSON.parse(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8'));
    const long = `redis-${'x'.repeat(50)}`;
    graph.dependencies.find((d: { name: string }) => d.name === 'redis').name = long;
    for (const edge of graph.edges) if (edge.to === 'redis') edge.to = long;
    fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph, null, 2));
    const result = topograph(['validate'], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain(`ERROR: Name of dependency '${long}' is too long for a Kubernetes StatefulSet`);
  });

  it.each([
    ['a missing file', (dir: string) => path.join(dir, 'missing.json'), 'Topology graph not found'],
    ['a directory', (dir: string) => dir, 'is a directory, not a topology graph file'],
    ['invalid JSON', (dir: string) => write(dir, '{ "name": "x", }'), 'is not valid JSON at line 1, column 16'],
    ['an empty object', (dir: string) => write(dir, '{}'), 'Missing name for the topology'],
    ['wrong types', (dir: string) => write(dir, '{ "name": 5, "services": "many" }'), 'Invalid name for the topology'],
  ])('explains %s on one screen, without a stack trace', (_, file, message) => {
    const dir = scratch();
    const result = topograph(['validate', file(dir)], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain(`ERROR: `);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Action: ');
  });
});

function write(dir: string, text: string): string {
  const file = path.join(dir, 'graph.json');
  fs.writeFileSync(file, text);
  return file;
}

describe('graph', () => {
  it('prints Mermaid by default and dot on request, numbered in start-up order', () => {
    const mermaid = topograph(['graph']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toContain('flowchart LR');
    expect(mermaid.stdout).toContain('billing -->|CATALOG_SERVICE_URL| catalog');
    expect(mermaid.stdout).toContain('catalog["4. catalog<br/>web-service · python/fastapi :8001"]');
    const dot = topograph(['graph', '--format', 'dot']);
    expect(dot.stdout).toMatch(/^digraph "shop" \{$/m);
    expect(dot.stdout).toContain('"billing" -> "catalog" [label="CATALOG_SERVICE_URL"];');
  });
});

describe('init', () => {
  it('writes a commented starter graph that validates, and refuses to overwrite it', () => {
    const dir = path.join(scratch(), 'my-shop');
    fs.mkdirSync(dir);
    // The project the starter graph describes: a node service built from this directory.
    for (const file of ['package.json', 'package-lock.json']) fs.writeFileSync(path.join(dir, file), '{}\n');
    const first = topograph(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8');
    expect(text).toMatch(/^\/\/ my-shop: a topograph topology graph/);
    expect(text).toContain('"name": "my-shop"');
    expect(topograph(['validate'], { cwd: dir }).stdout).toBe('OK: 1 services, 1 dependencies, 1 edges\n');
    const second = topograph(['init', '--name', 'other'], { cwd: dir });
    expectCleanError(second);
    expect(second.stderr).toContain('ERROR: topology-graph.json already exists');
    expect(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8')).toBe(text);
  });

  it('rejects a name that is not a DNS label', () => {
    const result = topograph(['init', '--name', 'My Shop'], { cwd: scratch() });
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: Invalid topology name');
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['deploy-everything']],
    [['synth', '--bogus']],
    [['synth', '--target', 'helm']],
    [['graph', '--format', 'png']],
  ])('%j', (args) => {
    const result = topograph(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: /);
    expect(result.stderr).toContain('--help');
  });
});

describe('quiet', () => {
  it('prints nothing on success', () => {
    const dir = shopCopy();
    expect(topograph(['synth', '--out', 'out', '--quiet'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
