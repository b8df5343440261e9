/**
 * Build contexts hold what their Dockerfile copies first (the dependency manifests), checked in
 * both doors: `loadGraphFile` (CLI: validate, synth, cdk8s-main) and `TopographApp.synth()` (code),
 * at synth time, where the disk is read; `synthFiles` stays pure. Without the check, synth
 * succeeded and the build failed at `COPY package.json package-lock.json ./`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGraphFile, Topology, TopographApp, TopologyError, WebService, Worker } from '../src';

function project(files: Record<string, string>, services: object[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-contexts-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const graph = path.join(dir, 'topology-graph.json');
  fs.writeFileSync(graph, JSON.stringify({ name: 'lab', services }));
  return { dir, graph };
}

const api = (runtime: string, extra: object = {}) => ({ name: 'api', archetype: 'worker', runtime, build: { context: 'api' }, ...extra });

describe('the graph door (loadGraphFile)', () => {
  it('refuses a node context without package-lock.json, saying how to create it', () => {
    const { graph } = project({ 'api/package.json': '{}' }, [api('node')]);
    const problems = loadGraphFile(graph).problems;
    expect(problems).toEqual([
      {
        message: 'Build context of api has no package-lock.json',
        value: '"api"',
        expected: expect.stringMatching(/^package\.json and package-lock\.json in .*api: the Dockerfile of a node service copies them before the sources$/),
        action: expect.stringMatching(/^In .*api: run `npm install` to write package-lock\.json: the Dockerfile installs with `npm ci`; or fix services\[api\]\.build\.context or its runtime in .*topology-graph\.json$/),
      },
    ]);
  });

  it.each([
    ['node', 'package-lock.json', { 'api/package.json': '{}', 'api/yarn.lock': '' }, /it does not read yarn\.lock/],
    ['node', 'package-lock.json', { 'api/package.json': '{}', 'api/bun.lock': '{}' }, /set "runtime": "bun"/],
    ['node', 'package.json', { 'api/package-lock.json': '{}' }, /npm init -y/],
    ['bun', 'bun.lock', { 'api/package.json': '{}', 'api/bun.lockb': '' }, /bun install --save-text-lockfile/],
    ['bun', 'bun.lock', { 'api/package.json': '{}' }, /run `bun install` to write bun\.lock/],
    ['python', 'requirements.txt', { 'api/main.py': '' }, /pip freeze > requirements\.txt/],
    ['python', 'requirements.txt', { 'api/pyproject.toml': '' }, /from pyproject\.toml/],
    ['go', 'go.mod', { 'api/main.go': '' }, /go mod init/],
    ['go', 'go.sum', { 'api/go.mod': 'module x\n\nrequire example.com/y v1.2.3\n' }, /go mod tidy/],
  ] as const)('%s: names the missing %s (%#)', (runtime, missing, files, action) => {
    const { graph } = project(files, [api(runtime)]);
    const problems = loadGraphFile(graph).problems;
    expect(problems.map((p) => p.message)).toEqual([`Build context of api has no ${missing}`]);
    expect(problems[0].action).toMatch(action);
  });

  it.each([
    ['node', { 'api/package.json': '{}', 'api/package-lock.json': '{}' }],
    ['bun', { 'api/package.json': '{}', 'api/bun.lock': '{}' }],
    ['python', { 'api/requirements.txt': '' }],
    ['go', { 'api/go.mod': 'module x\n' }],
    ['go', { 'api/go.mod': 'module x\nrequire example.com/y v1.2.3\n', 'api/go.sum': '' }],
  ] as const)('accepts a complete %s context', (runtime, files) => {
    expect(loadGraphFile(project(files, [api(runtime)]).graph).problems).toEqual([]);
  });

  it('reports a missing context once (it does not exist), and never checks a library', () => {
    const { graph } = project({}, [api('node'), { name: 'shared', archetype: 'library', runtime: 'node' }]);
    expect(loadGraphFile(graph).problems.map((p) => p.message)).toEqual(['Build context of api does not exist']);
  });

  it('does not take a directory named like a manifest for the file', () => {
    const { graph } = project({ 'api/requirements.txt/x': '' }, [api('python')]);
    expect(loadGraphFile(graph).problems.map((p) => p.message)).toEqual(['Build context of api has no requirements.txt']);
  });
});

describe('the code door (TopographApp.synth)', () => {
  function app(baseDir: string) {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-contexts-out-')), 'dist');
    const a = new TopographApp({ outdir, lint: false });
    return { app: a, outdir, topology: new Topology(a, 'lab', { baseDir }) };
  }

  it('refuses a context that does not exist, and creates nothing (it used to create it with a .dockerignore)', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-contexts-base-'));
    const { app: a, outdir, topology } = app(base);
    new WebService(topology, 'api', { runtime: 'node', port: 8080 });
    expect(() => a.synth()).toThrow(TopologyError);
    expect(() => a.synth()).toThrow(/Build context of api does not exist/);
    expect(fs.existsSync(path.join(base, 'api'))).toBe(false);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('refuses a context without its lockfile, with the same problem as the CLI', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-contexts-base-'));
    fs.mkdirSync(path.join(base, 'api'));
    fs.writeFileSync(path.join(base, 'api', 'package.json'), '{}');
    const { app: a, outdir, topology } = app(base);
    new Worker(topology, 'api', { runtime: 'node' });
    let error: TopologyError | undefined;
    try {
      a.synth();
    } catch (e) {
      error = e as TopologyError;
    }
    expect(error?.problems.map((p) => p.message)).toEqual(['Build context of api has no package-lock.json']);
    expect(error?.problems[0].action).toContain("or fix services[api].build.context or its runtime in topology 'lab' (your code)");
    expect(fs.existsSync(outdir)).toBe(false);
    fs.writeFileSync(path.join(base, 'api', 'package-lock.json'), '{}');
    a.synth();
    expect(fs.readFileSync(path.join(outdir, 'docker', 'Dockerfile.api'), 'utf8')).toContain('\nCOPY package.json package-lock.json ./\n');
  });

  it('leaves synthFiles pure: it reads no disk, so a missing context is no problem there', () => {
    const { app: a, topology } = app(path.join(os.tmpdir(), 'does-not-exist-topograph'));
    new Worker(topology, 'api', { runtime: 'go' });
    expect(Object.keys(a.synthFiles())).toContain('docker/Dockerfile.api');
  });
});
