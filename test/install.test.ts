/**
 * Using topograph outside its clone (README, "Install"): the spec `init --typescript` writes installs (a
 * file: spec to this copy, never a registry version that does not exist), the scaffold installs
 * lean, and every printed cdk8s command works offline. `.ci/suites/infra-repo.sh` installs and runs
 * all of it for real.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installSpecOf } from '../src/cli/own-package';
import { BACKPORT_STUB, CDK8S_SYNTH, typescriptStarter } from '../src/cli/starter-typescript';
import { REPO } from './helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

function scratch(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-install-')));
}

function topograph(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: os.tmpdir() }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the topograph spec a scaffold depends on', () => {
  it('from a checkout: file: the checkout, copied in (.npmrc install-links=true), and the summary says so', () => {
    const dir = path.join(scratch(), 'infra');
    const result = topograph(['init', '--typescript', dir, '--name', 'shop'], os.tmpdir());
    expect(result.code).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies.topograph).toBe(`file:${fs.realpathSync(REPO)}`);
    expect(fs.readFileSync(path.join(dir, '.npmrc'), 'utf8')).toMatch(/^install-links=true$/m);
    expect(result.stdout).toContain(`It depends on "topograph": "file:${fs.realpathSync(REPO)}"\n  (the checkout this topograph runs from; topograph is not on the npm registry; choose another with --topograph-spec).\n`);
    expect(result.stdout).not.toMatch(/"\^\d/);
  });

  it('from a copy npm installed from a tarball: that tarball, as its project lock records it', () => {
    const project = scratch();
    fs.writeFileSync(path.join(project, 'topograph-0.1.0.tgz'), 'not really a tarball');
    const installed = path.join(project, 'node_modules', 'topograph');
    fs.mkdirSync(installed, { recursive: true });
    fs.writeFileSync(
      path.join(project, 'node_modules', '.package-lock.json'),
      JSON.stringify({ packages: { 'node_modules/topograph': { version: '0.1.0', resolved: 'file:topograph-0.1.0.tgz' } } }),
    );
    expect(installSpecOf({ dir: installed })).toEqual({ spec: `file:${path.join(project, 'topograph-0.1.0.tgz')}`, source: 'tarball', isDirectory: false });
  });

  it('from an installed copy whose tarball is gone or was never recorded (a global install): the package directory', () => {
    const prefix = scratch();
    const installed = path.join(prefix, 'lib', 'node_modules', 'topograph');
    fs.mkdirSync(installed, { recursive: true });
    expect(installSpecOf({ dir: installed })).toEqual({ spec: `file:${installed}`, source: 'package-directory', isDirectory: true });
    fs.writeFileSync(path.join(prefix, 'lib', 'node_modules', '.package-lock.json'), JSON.stringify({ packages: { 'node_modules/topograph': { resolved: 'file:../gone.tgz' } } }));
    expect(installSpecOf({ dir: installed }).source).toBe('package-directory');
  });

  it('--topograph-spec still chooses; a tarball spec needs no .npmrc', () => {
    const dir = scratch();
    const result = topograph(['init', '--typescript', '--name', 'shop', '--topograph-spec', 'file:../topograph-0.1.0.tgz'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.topograph).toBe('file:../topograph-0.1.0.tgz');
    expect(fs.existsSync(path.join(dir, '.npmrc'))).toBe(false);
    expect(result.stdout).toContain('(as given with --topograph-spec; topograph is not on the npm registry).');
  });
});

describe('the scaffold installs lean', () => {
  it('replaces cdk8s-plus-27\'s optional backport with a stub package of its own, through overrides', () => {
    const files = typescriptStarter('shop', { topograph: 'file:/x/topograph-0.1.0.tgz', packages: {} });
    const pkg = JSON.parse(files['package.json']);
    expect(pkg.overrides).toEqual({ backport: 'file:./stubs/backport' });
    expect(path.posix.join(pkg.overrides.backport.slice('file:./'.length), 'package.json')).toBe(BACKPORT_STUB);
    expect(JSON.parse(files[BACKPORT_STUB])).toMatchObject({ name: 'backport', private: true });
    // The repository does the same: the scaffold's stub stands for the root's.
    expect(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).overrides.backport).toBe('file:./stubs/backport');
  });
});

describe('printed cdk8s commands skip the update check (a stack trace without network otherwise)', () => {
  /** Every `npx cdk8s synth` in `text`, with what follows it on the line. */
  const synthCommands = (text: string) => [...text.matchAll(/npx cdk8s synth[^\n`]*/g)].map((m) => m[0]);

  it.each([
    'README.md',
    'docs/kubernetes.md',
    'docs/lint.md',
    'docs/extending.md',
    'examples/infra-repo/README.md',
    'examples/infra-repo/cdk8s.yaml',
    'examples/infra-repo/main.ts',
    'cdk8s.yaml',
  ])('%s', (file) => {
    for (const command of synthCommands(fs.readFileSync(path.join(REPO, file), 'utf8'))) expect(command).toMatch(/^npx cdk8s synth --check-upgrade false\b/);
  });

  it('the scaffold\'s files, npm scripts and init summary', () => {
    const files = typescriptStarter('shop', { topograph: 'file:/x', packages: {} });
    const commands = Object.values(files).flatMap(synthCommands);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(command).toMatch(/^npx cdk8s synth --check-upgrade false\b/);
    expect(JSON.parse(files['package.json']).scripts.synth).toBe('cdk8s synth --check-upgrade false');
    const summary = topograph(['init', '--typescript', 'infra', '--name', 'shop'], scratch()).stdout;
    expect(synthCommands(summary).map((c) => c.replace(/\s+#.*$/, ''))).toEqual([CDK8S_SYNTH]);
  });
});
