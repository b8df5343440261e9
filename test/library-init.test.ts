/** `topograph init --typescript`: the scaffold's files, and refusing to overwrite. (test/e2e/pack.test.ts installs and runs it.) */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { typescriptStarter } from '../src/cli/starter-typescript';

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-init-ts-'));
}

const BIN = path.join(__dirname, '..', 'lib', 'src', 'cli', 'main.js');

/** The built binary, as a user runs it. */
async function topograph(argv: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: os.tmpdir() }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

jest.setTimeout(60_000); // runs the built binary as a child process

const OWN = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));

describe('init --typescript', () => {
  it('writes an infra repo named after the directory, pinned to the versions topograph uses', async () => {
    const dir = path.join(scratch(), 'acme-shop');
    const result = await topograph(['init', '--typescript', dir], os.tmpdir());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain("Created a TypeScript infra repo for topology 'acme-shop'");
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    expect(files).toEqual([
      '.gitignore', '.npmrc', 'README.md', 'apps', 'apps/api', 'apps/api/package-lock.json', 'apps/api/package.json', 'apps/api/src', 'apps/api/src/index.js',
      'cdk8s.yaml', 'jest.config.js', 'main.ts', 'package.json', 'src', 'src/acme-shop.ts', 'stubs', 'stubs/backport', 'stubs/backport/package.json', 'test', 'test/acme-shop.test.ts', 'tsconfig.json',
    ]);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    // Run from this checkout: the scaffold depends on it (topograph is not on the registry; test/install.test.ts).
    expect(pkg.dependencies).toEqual({ cdk8s: OWN.dependencies.cdk8s, constructs: OWN.dependencies.constructs, topograph: `file:${fs.realpathSync(path.join(__dirname, '..'))}` });
    expect(pkg.devDependencies.typescript).toBe(OWN.devDependencies.typescript);
    expect(pkg.devDependencies.jest).toBe(OWN.devDependencies.jest);
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).toContain("import { acmeShopTopology } from './src/acme-shop';");
  });

  it('writes into the current directory with --name, and the topograph spec it is given', async () => {
    const dir = scratch();
    const result = await topograph(['init', '--typescript', '--name', 'shop', '--topograph-spec', 'file:../topograph.tgz', '--json'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, command: 'init', name: 'shop', directory: dir });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.topograph).toBe('file:../topograph.tgz');
  });

  it('refuses to overwrite any existing file, names them, and writes nothing', async () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'README.md'), 'mine\n');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'shop.ts'), '// mine\n');
    const result = await topograph(['init', '--typescript', '--name', 'shop'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to overwrite 2 files');
    expect(result.stderr).toContain('README.md, src/shop.ts');
    expect(fs.readdirSync(dir).sort()).toEqual(['README.md', 'src']);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('mine\n');
  });

  it('refuses a name that is not a DNS label, and a directory that is a file', async () => {
    const dir = scratch();
    expect((await topograph(['init', '--typescript', '--name', 'My Shop'], dir)).stderr).toContain('Invalid topology name');
    fs.writeFileSync(path.join(dir, 'file'), '');
    const result = await topograph(['init', '--typescript', 'file'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Not a directory');
    expect(fs.readdirSync(dir)).toEqual(['file']);
  });

  it('keeps the plain init (a graph file), now also into a given directory', async () => {
    const dir = path.join(scratch(), 'new');
    expect((await topograph(['init', dir, '--name', 'shop'], os.tmpdir())).code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['topology-graph.json']);
  });

  it('is a pure function of the name and versions (snapshot)', () => {
    expect(typescriptStarter('shop', { topograph: 'file:/home/me/topograph-0.1.0.tgz', packages: { cdk8s: '1.0.0', constructs: '10.0.0', jest: '30.0.0', 'ts-jest': '29.0.0', typescript: '5.9.3', '@types/jest': '30.0.0', '@types/node': '20.0.0', 'cdk8s-cli': '2.0.0' } })).toMatchSnapshot();
  });
});
