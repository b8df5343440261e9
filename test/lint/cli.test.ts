/** `topograph lint` and lint-on-synth, through the built binary as a user runs them. */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, SHOP_DIR } from '../helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

/**
 * Root reads everything: tests of unreadable files run the CLI, when the suite runs as root, without
 * the two capabilities that let root ignore file modes (util-linux setpriv). Not as another user:
 * the checkout itself may be readable by root only (a clone in a mktemp directory is mode 0700).
 */
const AS_ROOT = process.getuid?.() === 0;
const UNPRIVILEGED = ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--'];

function topograph(args: string[], cwd: string, options: { unprivileged?: boolean } = {}) {
  const argv = [process.execPath, BIN, ...args];
  const [command, ...rest] = options.unprivileged && AS_ROOT ? [...UNPRIVILEGED, ...argv] : argv;
  const result = spawnSync(command, rest, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, HOME: os.tmpdir() },
    timeout: 60_000,
  });
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

  it('finds nothing to complain about in what topograph generates for the shop example, but the preference for digests', () => {
    const dir = project({});
    fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
    expect(topograph(['synth', '--out', 'out', '-q'], dir).code).toBe(0);
    const result = topograph(['lint', 'out'], dir);
    // Its dependency images are pinned by tag; no digest is written for them (docs/topology-graph.md#image-digests).
    expect(result.stderr.split('\n').filter((l) => l.startsWith('!'))).toEqual(
      ['nats', 'postgres', 'redis'].map((d) => expect.stringMatching(new RegExp(`warning  Service ${d}: image \\S+ is pinned by tag only, not by digest \\[compose-image-without-digest\\]$`))),
    );
    expect(result.code).toBe(0);
  });
});

describe('what topograph lint reads from disk', () => {
  const DOCKERFILE_TEXT = 'FROM node:24-slim\nUSER 10001\nHEALTHCHECK NONE\nCMD ["node", "index.js"]\n';
  const checked = (dir: string, args: string[] = []) => {
    const result = topograph(['lint', '--json', ...args], dir);
    return { ...result, report: JSON.parse(result.stdout) as { files: Array<{ path: string }>; findings: Array<{ rule: string; file: string; severity: string; message: string }> } };
  };

  it('matches Dockerfiles by name, never source files, and skips dependencies, build output and hidden directories', () => {
    const dir = project({
      Containerfile: DOCKERFILE_TEXT,
      'api/Dockerfile.dev': DOCKERFILE_TEXT,
      'api/prod.Dockerfile': DOCKERFILE_TEXT,
      'src/render/dockerfile.ts': "import { x } from './x';\n",
      'src/render/Dockerfile.test.ts': 'it("works", () => {});\n',
      'docs/Dockerfile.md': '# Dockerfile\n',
      'api/Dockerfile.dockerignore': 'node_modules\n',
      ...Object.fromEntries(['node_modules/x', 'lib/src', 'dist', 'build', 'out', 'target/release', 'coverage', 'vendor/y', '.git', '.venv'].map((d) => [`${d}/Dockerfile`, 'FROM node\n'])),
    });
    const { code, report } = checked(dir);
    expect(report.files.map((f) => f.path)).toEqual(['Containerfile', 'api/Dockerfile.dev', 'api/prod.Dockerfile']);
    expect(code).toBe(0);
    // A directory named on the command line is searched, whatever its name.
    expect(checked(dir, ['dist']).report.files.map((f) => f.path)).toEqual(['dist/Dockerfile']);
  });

  it('when a search finds nothing, says which directories it did not search', () => {
    const dir = project({ 'dist/docker/Dockerfile.api': DOCKERFILE_TEXT, 'node_modules/x/Dockerfile': DOCKERFILE_TEXT, 'src/dockerfile.ts': 'export {};\n' });
    const result = topograph(['lint'], dir);
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: No Dockerfiles, compose files or Kubernetes manifests found in .\nValue: not searched: dist, node_modules\n');
    expect(result.stderr).toContain('Action: Pass the directory or files to check, e.g. topograph lint dist (');
  });

  it("finds no false Dockerfiles in this repository's own tree, sources and build output included", () => {
    const result = topograph(['lint', '--json'], REPO);
    const files: string[] = result.stdout ? JSON.parse(result.stdout).files.map((f: { path: string }) => f.path) : [];
    expect(files.filter((f) => /\.(ts|js|map)$/.test(f) || /^(lib|node_modules|dist)\//.test(f))).toEqual([]);
    expect(result.stderr).not.toMatch(/dockerfile\.(ts|js)/);
  });

  it('gives files found in a directory the size cap of files named, checked before reading', () => {
    const dir = project({ 'Dockerfile.api': DOCKERFILE_TEXT, 'web/Dockerfile': `${DOCKERFILE_TEXT}# ${'x'.repeat(3 * 1024 * 1024)}\n` });
    // 600 MiB that take no disk space: a sparse file.
    fs.mkdirSync(path.join(dir, 'huge'));
    fs.writeFileSync(path.join(dir, 'huge', 'Dockerfile'), '');
    fs.truncateSync(path.join(dir, 'huge', 'Dockerfile'), 600 * 1024 * 1024);
    const { code, report } = checked(dir);
    expect(code).toBe(1);
    expect(report.files.map((f) => f.path)).toEqual(['Dockerfile.api']);
    expect(report.findings.map((f) => [f.file, f.rule, f.message])).toEqual([
      ['huge/Dockerfile', 'file-unreadable', 'Cannot read huge/Dockerfile as a Dockerfile: it is 629,145,600 bytes, more than the 2 MiB lint reads'],
      ['web/Dockerfile', 'file-unreadable', expect.stringMatching(/^Cannot read web\/Dockerfile as a Dockerfile: it is 3,145,\d{3} bytes, more than the 2 MiB lint reads$/)],
    ]);
  });

  it('never opens a FIFO or a device: named, it is refused; found, it is reported', () => {
    const dir = project({ 'Dockerfile.api': DOCKERFILE_TEXT, 'web/.keep': '' });
    execFileSync('mkfifo', [path.join(dir, 'Dockerfile'), path.join(dir, 'web', 'Dockerfile')]);
    const named = topograph(['lint', 'Dockerfile', '/dev/zero'], dir);
    expectCleanError(named);
    expect(named.stderr).toContain('ERROR: Not a file topograph lint reads: Dockerfile\nValue: it is a FIFO (named pipe), not a regular file');
    expect(named.stderr).toContain('ERROR: Not a file topograph lint reads: /dev/zero\nValue: it is a character device, not a regular file');
    const { code, report } = checked(dir);
    expect(code).toBe(1);
    expect(report.files.map((f) => f.path)).toEqual(['Dockerfile.api']);
    expect(report.findings.map((f) => f.message)).toEqual([
      'Cannot read Dockerfile as a Dockerfile: it is a FIFO (named pipe), not a regular file, so it is not read',
      'Cannot read web/Dockerfile as a Dockerfile: it is a FIFO (named pipe), not a regular file, so it is not read',
    ]);
  });

  it('reports binary files and text that is not UTF-8, and goes on with the rest', () => {
    const dir = project({ 'Dockerfile.api': DOCKERFILE_TEXT });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xff, 0xfe, 0x0a]));
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), Buffer.from('services:\n  a:\n    image: x\u0000\n'));
    const { code, report } = checked(dir);
    expect(code).toBe(1);
    expect(report.files.map((f) => f.path)).toEqual(['Dockerfile.api']);
    expect(report.findings.map((f) => f.message)).toEqual([
      'Cannot read Dockerfile as a Dockerfile: it is not UTF-8 text',
      'Cannot read docker-compose.yml as a compose file: it is a binary file (it holds NUL bytes)',
    ]);
  });

  it('reports a directory it cannot search and a file it cannot read, and checks the rest', () => {
    const dir = project({ 'Dockerfile.api': DOCKERFILE_TEXT, 'db/data/Dockerfile': DOCKERFILE_TEXT, 'web/Dockerfile': DOCKERFILE_TEXT });
    fs.chmodSync(dir, 0o755);
    for (const d of ['db', 'web']) fs.chmodSync(path.join(dir, d), 0o755);
    fs.chmodSync(path.join(dir, 'db', 'data'), 0o000);
    fs.chmodSync(path.join(dir, 'web', 'Dockerfile'), 0o000);
    const result = topograph(['lint'], dir, { unprivileged: true });
    expectCleanError(result);
    expect(result.stderr).toContain('! db/data  warning  Cannot search db/data: permission denied (EACCES); nothing in it was checked [directory-unreadable]');
    expect(result.stderr).toContain('✗ web/Dockerfile  error  Cannot read web/Dockerfile as a Dockerfile: permission denied (EACCES) [file-unreadable]');
    expect(result.stderr).toMatch(/1 file checked: 1 error, 1 warning\n$/);
    fs.chmodSync(path.join(dir, 'web', 'Dockerfile'), 0o644);
    const warnOnly = topograph(['lint'], dir, { unprivileged: true });
    expect(warnOnly.code).toBe(0);
    const named = topograph(['lint', 'db/data'], dir, { unprivileged: true });
    expectCleanError(named);
    expect(named.stderr).toContain('ERROR: Cannot search db/data: permission denied (EACCES)');
    fs.chmodSync(path.join(dir, 'db', 'data'), 0o755);
  });

  it('checks a symlinked Dockerfile under its own name; does not follow symlinked directories or loops', () => {
    const dir = project({ 'shared/base.dockerfile.txt': 'FROM node\n', 'api/.keep': '' });
    fs.symlinkSync('../shared/base.dockerfile.txt', path.join(dir, 'api', 'Dockerfile'));
    fs.symlinkSync('..', path.join(dir, 'api', 'parent'));
    fs.symlinkSync('/', path.join(dir, 'root'));
    fs.symlinkSync('Dockerfile.loop', path.join(dir, 'Dockerfile.loop'));
    fs.symlinkSync('missing', path.join(dir, 'Containerfile'));
    const { code, report } = checked(dir);
    expect(code).toBe(1);
    expect(report.files.map((f) => f.path)).toEqual(['api/Dockerfile']);
    expect(report.findings.filter((f) => f.file === 'api/Dockerfile').map((f) => f.rule)).toContain('dockerfile-unpinned-base');
    expect(report.findings.filter((f) => f.rule === 'file-unreadable').map((f) => f.message)).toEqual([
      'Cannot read Containerfile as a Dockerfile: it is a symbolic link that leads nowhere (no such file (ENOENT))',
      'Cannot read Dockerfile.loop as a Dockerfile: it is a symbolic link that leads nowhere (too many levels of symbolic links (ELOOP))',
    ]);
  });

  it('reports an alias bomb as a finding on the file', () => {
    const levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    const dir = project({ 'docker-compose.yml': `${levels.join('\n')}\nservices:\n  web:\n    image: nginx:1.27\n    user: *a8\n`, 'Dockerfile.api': DOCKERFILE_TEXT });
    const result = topograph(['lint'], dir);
    expectCleanError(result);
    expect(result.stderr).toContain('✗ docker-compose.yml:13  error  Cannot read docker-compose.yml as a compose file: too many aliases');
    expect(result.stderr).toMatch(/2 files checked: 1 error, 0 warnings\n$/);
  });

  it('never prints terminal escape sequences from file names or contents', () => {
    const dir = project({ 'Dockerfile.\u001b[2J': 'FROM evil\u001b]0;owned\u0007\nCMD x \u009b8m\n' });
    const text = topograph(['lint'], dir);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('Dockerfile.\\u001b[2J:1');
    const json = topograph(['lint', '--json'], dir);
    for (const out of [text.stdout, text.stderr, json.stdout]) expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(json.stdout).files[0].path).toBe('Dockerfile.\u001b[2J');
  });
});

describe('lint on synth', () => {
  it('the starter graph from init synthesizes without a finding but the preference for a digest on its database image', () => {
    const dir = project({ 'package.json': '{ "name": "demo" }\n', 'package-lock.json': '{ "lockfileVersion": 3 }\n' });
    expect(topograph(['init', '--name', 'demo', '-q'], dir).code).toBe(0);
    const result = topograph(['synth', '--out', 'out'], dir);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('!'))).toEqual([expect.stringContaining('[compose-image-without-digest]')]);
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
    const digestWarning = /compose-image-without-digest|^  Fix: Pin the image to a digest/;
    expect(result.stderr.split('\n').filter((l) => l && !digestWarning.test(l))).toEqual([
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
    expect(report.lint.findings.map((f: { rule: string }) => f.rule).filter((r: string) => r !== 'compose-image-without-digest')).toEqual(['compose-public-port']);
  });
});
