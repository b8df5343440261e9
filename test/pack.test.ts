/**
 * The published package, as a user gets it: `npm pack`, install the tarball into a fresh project
 * (offline when the npm cache has the dependencies, as after `npm ci` here), then load every public
 * entry point with require, import and the TypeScript compiler.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..');
const OWN = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

jest.setTimeout(120_000); // child processes (node, tsc) on a shared machine

let work: string;
let tarball: string;
let files: string[];
let consumer: string;

function sh(command: string, args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }, timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-pack-'));
  // lib/ is built by `pretest`; --ignore-scripts skips `prepare` (a second build).
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8' }));
  tarball = path.join(work, packed[0].filename);
  files = packed[0].files.map((f: { path: string }) => f.path).sort();
  consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  fs.writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      version: '1.0.0',
      private: true,
      dependencies: { topograph: `file:${tarball}` },
      // As at the root: cdk8s-plus-27's unused release tool stays out (and the install offline-capable).
      overrides: { backport: `file:${path.join(REPO, 'stubs', 'backport')}` },
    }),
  );
  const install = sh('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-package-lock'], consumer);
  if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('contains the compiled library with declarations, the CLI, README, LICENSE and schemas', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/testing.js', 'lib/src/testing.d.ts', 'lib/src/cli/main.js', 'lib/constructs/dependency.d.ts', 'schemas/topology-graph.schema.json']) {
      expect(files).toContain(f);
    }
    for (const js of files.filter((f) => f.endsWith('.js') && f.startsWith('lib/') && !f.endsWith('cli/main.js'))) {
      if (!/cdk8s-main\.js$/.test(js)) expect(files).toContain(js.replace(/\.js$/, '.d.ts'));
    }
  });

  it('contains no tests, TypeScript sources, source maps, examples or CI files', () => {
    expect(files.filter((f) => /(^|\/)(test|tests|examples|\.ci|stubs|node_modules)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|\.snap$|\.map$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('declares an exports map for the library, the testing helper and package.json, and keeps the bin', () => {
    expect(Object.keys(OWN.exports)).toEqual(expect.arrayContaining(['.', './testing', './package.json']));
    expect(OWN.bin.topograph).toBe('lib/src/cli/main.js');
  });
});

describe('the installed tarball', () => {
  it('loads every entry point with require', () => {
    const script = `
      const lib = require('topograph');
      const testing = require('topograph/testing');
      const pkg = require('topograph/package.json');
      const app = testing.Testing.app();
      const t = new lib.Topology(app, 'demo');
      new lib.WebService(t, 'api', { runtime: 'node', port: 3000 }).uses(new lib.Postgres(t, 'db'));
      const out = testing.Testing.synth(app);
      console.log(JSON.stringify({ version: pkg.version, deployments: out.manifests('Deployment').length, db: out.composeService('api').depends_on }));
    `;
    const r = sh(process.execPath, ['-e', script], consumer);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ version: OWN.version, deployments: 1, db: { db: { condition: 'service_healthy' } } });
  });

  it('loads every entry point with import (ESM), by name', () => {
    const script = `import { Topology, TopographApp } from 'topograph'; import { Testing } from 'topograph/testing'; console.log(typeof Topology, typeof TopographApp, typeof Testing.synth);`;
    const r = sh(process.execPath, ['--input-type=module', '-e', script], consumer);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function function');
  });

  it('keeps internals private: deep imports are not exported', () => {
    const r = sh(process.execPath, ['-e', "require('topograph/lib/src/synth')"], consumer);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('installs the topograph command', () => {
    const r = sh(path.join(consumer, 'node_modules', '.bin', 'topograph'), ['--version'], consumer);
    expect(r).toMatchObject({ code: 0, stdout: `${OWN.version}\n` });
  });

  it.each(['node16', 'node'])('has types for every entry point (moduleResolution %s)', (resolution) => {
    fs.writeFileSync(
      path.join(consumer, 'check.ts'),
      `import { Dependency, Topology, WebService, type DependencyProps } from 'topograph';
import { Testing, type SynthResult } from 'topograph/testing';
import pkg = require('topograph/package.json');
const app = Testing.app();
const shop = new Topology(app, 'shop');
const api = new WebService(shop, 'api', { runtime: 'node', port: 3000 });
const port: number | undefined = api.port;
const props: DependencyProps = { type: 'x', image: 'x:1', port: 1, healthCheck: { command: ['true'] }, connection: { env: 'X_URL', scheme: 'x' } };
new Dependency(shop, 'x', props);
const out: SynthResult = Testing.synth(app);
const text: string = out.dockerfile('api');
// @ts-expect-error a port is a number (runtimes are open: an unregistered one is refused when constructed)
new WebService(shop, 'bad', { runtime: 'node', port: '1' });
export const used = [port, text, pkg];
`,
    );
    fs.writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: resolution === 'node16' ? 'node16' : 'commonjs', moduleResolution: resolution, target: 'ES2022', types: [], skipLibCheck: true, resolveJsonModule: true, esModuleInterop: true }, files: ['check.ts'] }),
    );
    const r = sh(process.execPath, [TSC, '-p', 'tsconfig.json'], consumer);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
