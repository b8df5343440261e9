/**
 * Helpers for the deploy tests: fixture projects copied to scratch directories, a fake container
 * engine and a fake bun on PATH (small scripts that record their argv and print canned output),
 * and the built binary run as a child process.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'projects');
const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

/** A copy of a fixture project in a scratch directory (tests never write into the repository). */
export function fixtureCopy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `topograph-deploy-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export interface FakeTools {
  /** Directory to put first on PATH. */
  readonly bin: string;
  /** One JSON line per call: {tool, argv, cwd}. */
  readonly log: string;
  calls(): Array<{ tool: string; argv: string[]; cwd: string }>;
}

/**
 * Fake docker, podman and bun. Behaviour is tuned by environment variables:
 * FAKE_ENGINE_FAIL=<subcommand> makes that subcommand exit 1; FAKE_BUN_EXIT sets bun's exit code;
 * FAKE_INSPECT overrides the inspect answer.
 */
export function fakeTools(tools: ReadonlyArray<'docker' | 'podman' | 'bun'> = ['docker', 'podman', 'bun']): FakeTools {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-fakebin-'));
  const log = path.join(bin, 'calls.jsonl');
  const script = `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const tool = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ tool, argv, cwd: process.cwd() }) + '\\n');
if (tool === 'bun') {
  console.log('bun test v1.2.0 (fake)');
  process.exit(Number(process.env.FAKE_BUN_EXIT || 0));
}
const sub = argv[0] === 'image' || argv[0] === 'manifest' || argv[0] === 'buildx' ? argv[0] + ' ' + argv[1] : argv[0];
if (process.env.FAKE_ENGINE_FAIL === sub) {
  console.error('Error: ' + sub + ' failed (fake)');
  process.exit(1);
}
switch (sub) {
  case 'version':
    console.log(tool + ' version 5.0.0 (fake)');
    break;
  case 'build':
  case 'buildx build': {
    console.log('STEP 1/12: FROM base (fake)');
    console.log('COMMIT');
    const m = argv.indexOf('--metadata-file');
    if (m >= 0) fs.writeFileSync(argv[m + 1], JSON.stringify({ 'containerimage.digest': 'sha256:' + 'cd'.repeat(32) }));
    break;
  }
  case 'image inspect':
    console.log(process.env.FAKE_INSPECT || 'sha256:0123456789abcdef0123456789abcdef 45678901 12');
    break;
  case 'tag':
    break;
  case 'manifest exists':
  case 'image exists':
    process.exit(1);
  case 'push':
  case 'manifest push': {
    const digest = 'sha256:' + 'ab'.repeat(32);
    const i = argv.indexOf('--digestfile');
    if (i >= 0) fs.writeFileSync(argv[i + 1], digest);
    else console.log('latest: digest: ' + digest + ' size: 1234');
    break;
  }
  default:
    console.error('fake engine: unexpected ' + argv.join(' '));
    process.exit(2);
}
`;
  for (const tool of tools) {
    fs.writeFileSync(path.join(bin, tool), script, { mode: 0o755 });
  }
  return {
    bin,
    log,
    calls: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
  };
}

let toolsDir: string | undefined;

/** A directory with links to node, npm and a shell only: no real docker, podman or bun. */
function basicTools(): string {
  if (toolsDir) return toolsDir;
  toolsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-tools-'));
  const find = (name: string) =>
    (process.env.PATH ?? '')
      .split(path.delimiter)
      .map((d) => path.join(d, name))
      .find((f) => fs.existsSync(f));
  const links: Record<string, string | undefined> = { node: process.execPath, npm: find('npm'), sh: find('sh'), bash: find('bash'), env: find('env') };
  for (const [name, target] of Object.entries(links)) if (target) fs.symlinkSync(fs.realpathSync(target), path.join(toolsDir, name));
  return toolsDir;
}

/** PATH with only the fake tools, node, npm and a shell. */
export function isolatedPath(fake?: FakeTools): string {
  return [...(fake ? [fake.bin] : []), basicTools()].join(path.delimiter);
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `topograph` binary in `cwd`, without a terminal. */
export function topograph(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: isolatedPath(), HOME: os.tmpdir(), ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file of a directory with its content (to prove nothing was written). */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string, prefix: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(current, entry.name), rel);
      else out[rel] = fs.readFileSync(path.join(current, entry.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}
