/**
 * `--json` covers every outcome (README, "Commands"): each command's success and failure, usage errors,
 * help and the version print exactly one JSON object on stdout, naming the command, and nothing
 * in plain text.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SHOP_DIR } from './helpers/shop';
import { fakeTools, fixtureCopy, isolatedPath, topograph as run } from './project/helpers';

jest.setTimeout(120_000);

function shopCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-json-'));
  fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
  return dir;
}

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-json-'));
}

interface JsonResult {
  readonly code: number | null;
  readonly body: { ok: boolean; command: string; problems?: Array<{ message: string; action: string }>; [key: string]: unknown };
  readonly stderr: string;
}

/** Runs the CLI with --json and parses stdout as one JSON document (fails the test when it is not). */
function json(args: string[], cwd: string, env: Record<string, string> = {}): JsonResult {
  const result = run(args, cwd, env);
  let body: JsonResult['body'];
  try {
    body = JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout of topograph ${args.join(' ')} is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return { code: result.code, body, stderr: result.stderr };
}

/** A failure: exit code, ok false, the command named, every problem with a message and an action, no plain text. */
function expectFailure(result: JsonResult, command: string, code: number, message: RegExp) {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(code);
  expect(result.body).toMatchObject({ ok: false, command });
  expect(result.body.problems?.length).toBeGreaterThan(0);
  for (const p of result.body.problems!) expect(p).toEqual(expect.objectContaining({ message: expect.any(String), action: expect.any(String) }));
  expect(result.body.problems!.map((p) => p.message).join('\n')).toMatch(message);
}

function expectSuccess(result: JsonResult, command: string) {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.body).toMatchObject({ ok: true, command });
}

describe('--json: every command, success and failure', () => {
  it('synth', () => {
    const dir = shopCopy();
    expectSuccess(json(['synth', '--out', 'out', '--json'], dir), 'synth');
    expect(json(['synth', '--out', 'out', '--check', '--json'], dir).body).toMatchObject({ ok: true, command: 'synth', check: true });
    fs.appendFileSync(path.join(dir, 'out', 'docker', 'docker-compose.yml'), '# edited\n');
    const drift = json(['synth', '--out', 'out', '--check', '--json'], dir);
    expect(drift).toMatchObject({ code: 1, stderr: '', body: { ok: false, command: 'synth', drift: [{ path: 'docker/docker-compose.yml', problem: 'differs' }] } });
    expectFailure(json(['synth', 'missing.json', '--json'], dir), 'synth', 1, /Topology graph not found/);
  });

  it('validate', () => {
    const dir = shopCopy();
    expectSuccess(json(['validate', '--json'], dir), 'validate');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "name": "x", }');
    expectFailure(json(['validate', 'broken.json', '--json'], dir), 'validate', 1, /not valid JSON/);
  });

  it('graph', () => {
    const dir = shopCopy();
    const ok = json(['graph', '--format', 'dot', '--json'], dir);
    expectSuccess(ok, 'graph');
    expect(ok.body.diagram).toMatch(/^\/\/ topograph: shop/);
    expectFailure(json(['graph', 'missing.json', '--json'], dir), 'graph', 1, /Topology graph not found/);
  });

  it('init and init --typescript', () => {
    const dir = scratch();
    expectSuccess(json(['init', '--json'], dir), 'init');
    expectFailure(json(['init', '--json'], dir), 'init', 1, /already exists/);
    expectSuccess(json(['init', '--typescript', 'infra', '--name', 'shop', '--json'], dir), 'init');
    expectFailure(json(['init', '--typescript', 'infra', '--name', 'shop', '--json'], dir), 'init', 1, /Refusing to overwrite/);
  });

  it('lint', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:24-slim\nUSER 10001\nHEALTHCHECK NONE\nCMD ["node", "index.js"]\n');
    expectSuccess(json(['lint', '--json'], dir), 'lint');
    expectFailure(json(['lint', 'nowhere', '--json'], dir), 'lint', 1, /Path not found/);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node\nCMD node index.js\n');
    expect(json(['lint', '--json'], dir)).toMatchObject({ code: 1, stderr: '', body: { ok: false, command: 'lint', errors: expect.any(Number) } });
  });

  it('deploy, deploy build', () => {
    const fake = fakeTools(['docker']);
    const dir = fixtureCopy('cli-tool');
    expectSuccess(json(['deploy', '--json'], dir), 'deploy');
    const built = json(['deploy', 'build', '--engine', 'docker', '--json'], dir, { PATH: isolatedPath(fake) });
    expect(built.code).toBe(0);
    expect(built.body).toMatchObject({ ok: true, command: 'deploy', action: 'build', image: { reference: 'wc-lite:latest' } });
    expect(json(['deploy', '--json'], fixtureCopy('unverified-specs')).body).toMatchObject({ ok: false, command: 'deploy' });
    expectFailure(json(['deploy', '--dir', 'nowhere', '--json'], dir), 'deploy', 2, /Project directory not found/);
  });
});

describe('--json: usage errors, help and the version', () => {
  it.each([
    [['synth', '--target', 'kube', '--json'], 'synth', /Invalid value for --target/],
    [['graph', '--format', 'svg', '--json'], 'graph', /Invalid value for --format/],
    [['--json', 'bogus'], 'topograph', /Unknown command 'bogus'/],
    [['bogus', '--json'], 'topograph', /Unknown command 'bogus'/],
    [['--json'], 'topograph', /No command given/],
    [['--json=bogus', 'validate'], 'validate', /--json takes no value/],
    [['init', '--name', '--json'], 'init', /--name needs a value/],
    [['synth', '--out', '--json'], 'synth', /--out needs a value/],
    [['validate', 'a.json', 'b.json', '--json'], 'validate', /Too many arguments for validate/],
    [['synth', '--frobnicate', '--json'], 'synth', /Unknown option '--frobnicate' for synth/],
    [['deploy', 'frobnicate', '--json'], 'deploy', /Unknown deploy action 'frobnicate'/],
    [['deploy', 'push', '--tls-verify=maybe', '--json'], 'deploy', /Invalid --tls-verify value/],
  ])('%j', (args, command, message) => {
    const result = json(args, scratch());
    expectFailure(result, command, 2, message);
  });

  it('the same usage errors in plain text are in the project style', () => {
    const result = run(['synth', '--target', 'kube'], scratch());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'ERROR: Invalid value for --target',
        'Value: "kube"',
        'Expected: one of: docker, compose, k8s, all',
        "Action: Pass one of them, e.g. --target all (see 'topograph synth --help')",
        '',
        '1 problem found; nothing was run.',
        '',
      ].join('\n'),
    );
    // A usage error found once the command runs ends like the command's other errors.
    const tls = run(['deploy', 'push', '--tls-verify=maybe'], scratch());
    expect(tls.code).toBe(2);
    expect(tls.stderr).toMatch(/\n\n1 problem found; nothing was written\.\n$/);
    const typo = run(['synt'], scratch());
    expect(typo.stderr).toContain("Action: Did you mean synth? Run 'topograph --help' for what each command does");
  });

  it('help and the version', () => {
    const help = json(['synth', '--help', '--json'], scratch());
    expectSuccess(help, 'synth');
    expect(help.body.help).toContain('Usage: topograph synth');
    const version = json(['--version', '--json'], scratch());
    expectSuccess(version, 'topograph');
    expect(version.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
