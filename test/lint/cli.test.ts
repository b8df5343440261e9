/** `topograph lint` and lint-on-synth, through the built binary as a user runs them. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, SHOP_DIR } from '../helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

function topograph(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: os.tmpdir() }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch directory holding `files`. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-lint-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const SAFE_DOCKERFILE = 'FROM node:24-slim\nUSER 10001\nHEALTHCHECK NONE\nCMD ["node", "index.js"]\n';
const UNSAFE_DOCKERFILE = 'FROM node\nENV DB_PASSWORD=hunter2\nCMD node index.js\n';
const WARNING_COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n';

function expectCleanError(result: { code: number | null; stderr: string }) {
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('topograph lint', () => {
  it('is listed in the help, with examples and the rules document', () => {
    expect(topograph(['--help'], os.tmpdir()).stdout).toMatch(/^  lint \[paths\.\.\.\] /m);
    const help = topograph(['lint', '--help'], os.tmpdir());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('docs/lint.md');
  });

  it('finds Dockerfiles and compose files in a directory tree and exits 1 on errors, naming file and line', () => {
    const dir = project({ 'api/Dockerfile': UNSAFE_DOCKERFILE, 'docker-compose.yml': WARNING_COMPOSE, 'node_modules/x/Dockerfile': UNSAFE_DOCKERFILE, 'README.md': '# hi\n' });
    const result = topograph(['lint'], dir);
    expectCleanError(result);
    expect(result.stderr).toContain('api/Dockerfile:1  error  Base image node has no tag');
    expect(result.stderr).toContain('api/Dockerfile:2  error  ENV DB_PASSWORD is set to a literal value [dockerfile-secret-in-env]');
    expect(result.stderr).toContain('api/Dockerfile:3  warning  CMD is in shell form');
    expect(result.stderr).toContain('docker-compose.yml:4  warning  Service web publishes 8080:80 on all interfaces [compose-public-port]');
    expect(result.stderr).toContain('  Fix: ');
    expect(result.stderr).not.toContain('node_modules');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).toMatch(/2 files checked: 3 errors, \d+ warnings\n$/);
  });

  it('exits 0 when only warnings remain', () => {
    const dir = project({ 'compose.yaml': WARNING_COMPOSE });
    const result = topograph(['lint', 'compose.yaml'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning');
  });

  it('prints a short all-clear for compliant files', () => {
    const dir = project({ 'Dockerfile.api': SAFE_DOCKERFILE });
    expect(topograph(['lint', '.'], dir)).toEqual({ code: 0, stdout: '✓ 1 file checked: no findings\n', stderr: '' });
  });

  it('--json prints every finding for machines', () => {
    const dir = project({ Dockerfile: UNSAFE_DOCKERFILE });
    const result = topograph(['lint', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, command: 'lint', files: [{ path: 'Dockerfile', kind: 'dockerfile' }], errors: 3 });
    expect(report.findings.find((f: { rule: string }) => f.rule === 'dockerfile-unpinned-base')).toEqual({
      rule: 'dockerfile-unpinned-base',
      severity: 'error',
      file: 'Dockerfile',
      line: 1,
      message: 'Base image node has no tag, so it means whatever "latest" is at build time',
      fix: expect.stringContaining('Pin the base image'),
    });
  });

  it('refuses a missing path, a file it cannot read, and a directory with nothing to check', () => {
    const dir = project({ 'notes.txt': 'hello\n', 'empty/.keep': '' });
    const missing = topograph(['lint', 'nope'], dir);
    expectCleanError(missing);
    expect(missing.stderr).toContain('ERROR: Path not found: nope');
    const other = topograph(['lint', 'notes.txt'], dir);
    expectCleanError(other);
    expect(other.stderr).toContain('ERROR: Not a file topograph lint reads: notes.txt');
    const empty = topograph(['lint', 'empty'], dir);
    expectCleanError(empty);
    expect(empty.stderr).toContain('ERROR: No Dockerfiles, compose files or Kubernetes manifests found in empty');
  });

  it('reports broken YAML as a finding with its line instead of crashing', () => {
    const dir = project({ 'docker-compose.yml': 'services:\n  web:\n    image: [oops\n' });
    const result = topograph(['lint'], dir);
    expectCleanError(result);
    expect(result.stderr).toMatch(/docker-compose\.yml:\d+ {2}error {2}Cannot read docker-compose\.yml as a compose file: not valid YAML/);
  });

  it('finds nothing to complain about in what topograph generates for the shop example', () => {
    const dir = project({});
    fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
    expect(topograph(['synth', '--out', 'out', '-q'], dir).code).toBe(0);
    const result = topograph(['lint', 'out'], dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^✓ \d+ files checked: no findings\n$/);
    expect(result.code).toBe(0);
  });
});

describe('lint on synth', () => {
  it('the starter graph from init synthesizes without a single finding', () => {
    const dir = project({ 'package.json': '{ "name": "demo" }\n', 'package-lock.json': '{ "lockfileVersion": 3 }\n' });
    expect(topograph(['init', '--name', 'demo', '-q'], dir).code).toBe(0);
    const result = topograph(['synth', '--out', 'out'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  function shopWith(edit: (graph: any) => void): string {
    const dir = project({});
    fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
    const file = path.join(dir, 'topology-graph.json');
    const graph = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(graph);
    fs.writeFileSync(file, JSON.stringify(graph, null, 2));
    return dir;
  }

  it('fails on an error-level finding, writes nothing, and says how to fix or acknowledge it', () => {
    const dir = shopWith((g) => (g.dependencies[0].image = 'postgres'));
    const result = topograph(['synth', '--out', 'out'], dir);
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: Service postgres: image postgres has no tag');
    expect(result.stderr).toContain('Value: out/docker/docker-compose.yml:');
    expect(result.stderr).toContain('"lint": {"acknowledge": [{"rule": "compose-unpinned-image", "service": "postgres", "reason": "…"}]}');
    expect(result.stderr).toContain('nothing was written');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('prints warnings and writes the output', () => {
    const dir = shopWith((g) => (g.services[0].public = true));
    const result = topograph(['synth', '--out', 'out'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('! out/docker/docker-compose.yml:');
    expect(result.stderr).toContain('Service catalog publishes 8001:8001 on all interfaces [compose-public-port]');
    expect(fs.existsSync(path.join(dir, 'out/docker/docker-compose.yml'))).toBe(true);
    expect(topograph(['synth', '--out', 'out', '-q'], dir).stderr).toBe('');
  });

  it('an acknowledgement with a reason turns the finding into a note; a stale one is pointed out', () => {
    const dir = shopWith((g) => {
      g.services[0].public = true;
      g.dependencies[0].image = 'postgres';
      g.lint = {
        acknowledge: [
          { rule: 'compose-public-port', service: 'catalog', reason: 'The storefront API is public' },
          { rule: 'compose-unpinned-image', service: 'postgres', reason: 'Tracks the newest postgres in development' },
          { rule: 'kubernetes-unpinned-image', service: 'postgres', reason: 'Tracks the newest postgres in development' },
          { rule: 'compose-privileged', reason: 'Left over' },
        ],
      };
    });
    const result = topograph(['synth', '--out', 'out'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      '· acknowledged compose-unpinned-image (postgres): Tracks the newest postgres in development',
      '· acknowledged compose-public-port (catalog): The storefront API is public',
      '· acknowledged kubernetes-unpinned-image (postgres): Tracks the newest postgres in development',
      '! lint.acknowledge for compose-privileged in topology-graph.json matches no finding; remove it',
    ]);
  });

  it('refuses an acknowledgement without a reason or for an unknown rule', () => {
    const dir = shopWith((g) => (g.lint = { acknowledge: [{ rule: 'compose-public-port' }, { rule: 'no-such-rule', reason: 'x' }] }));
    const result = topograph(['synth', '--out', 'out'], dir);
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: Missing reason');
    expect(result.stderr).toContain('Action: Add "reason" to lint.acknowledge[0]');
    expect(result.stderr).toContain('Value: "no-such-rule"');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('--json reports the findings with the result', () => {
    const dir = shopWith((g) => (g.services[0].public = true));
    const report = JSON.parse(topograph(['synth', '--out', 'out', '--json'], dir).stdout);
    expect(report.lint.findings.map((f: { rule: string }) => f.rule)).toEqual(['compose-public-port']);
  });
});
