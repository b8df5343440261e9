/**
 * The generated health module (docs/specs.md): written in the project's language and module system,
 * it compiles (TypeScript, strict) or loads (JavaScript, CommonJS and ES modules) as the project
 * would load it; liveness is shallow, readiness really checks — against a server that speaks the
 * PostgreSQL handshake, an HTTP API and a TCP queue, and against closed ports; and the printed
 * mount line, pasted into a plain node:http server, makes the container's health path answer.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { deployFiles, planDeployment } from '../../src/project/artifacts';
import { type HealthModuleShape, healthModuleShape, healthTargets, mountInstructions, renderHealthModule } from '../../src/project/health';
import { readProject } from '../../src/project/project';
import type { Assertion, AssertionsFile } from '../../src/specs/schema';
import { REPO } from './helpers';

jest.setTimeout(60_000);

const assertions: Assertion[] = [
  { id: 'stored', description: 'orders are stored', status: 'confirmed', category: 'persistence' },
  { id: 'pay', description: 'payments reachable', status: 'confirmed', category: 'external-api', env: 'PAYMENTS_API_URL' },
  { id: 'events', description: 'events are queued', status: 'confirmed', category: 'queue' },
  { id: 'cli', description: 'not a health concern', status: 'confirmed', category: 'cli' },
];

const TS_SHAPE: HealthModuleShape = {
  file: 'src/health.ts',
  language: 'typescript',
  module: 'commonjs',
  specifier: './health',
  entry: 'src/index.ts',
  framework: 'node-http',
  livenessPath: '/livez',
  readinessPath: '/health',
};

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-health-'));
}

function compile(source: string): string {
  const dir = scratch();
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'health.ts'), source);
  try {
    execFileSync(
      process.execPath,
      [
        path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--strict',
        '--noUnusedLocals',
        '--noUnusedParameters',
        '--target', 'ES2022',
        '--module', 'commonjs',
        '--lib', 'ES2022,DOM',
        '--types', 'node',
        '--typeRoots', path.join(REPO, 'node_modules', '@types'),
        '--outDir', path.join(dir, 'out'),
        path.join(dir, 'src', 'health.ts'),
      ],
      { encoding: 'utf8', stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(`tsc failed on the generated module:\n${(error as { stdout?: string }).stdout ?? error}`);
  }
  return path.join(dir, 'out', 'health.js');
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

/** A project directory with this package.json and entry file. */
function project(pkg: Record<string, unknown>, files: Record<string, string>) {
  const dir = scratch();
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'api', version: '1.0.0', ...pkg }));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const specs: AssertionsFile = { assertions };
  const p = readProject(dir, JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')), specs);
  return { dir, project: p, specs };
}

describe('the module is written in the project language and module system', () => {
  it.each([
    ['CommonJS JavaScript', { main: 'src/index.js' }, { 'src/index.js': 'require("node:http").createServer(() => {}).listen(3000);\n' }, { file: 'src/health.js', language: 'javascript', module: 'commonjs', specifier: './health', framework: 'node-http' }],
    ['ES module JavaScript ("type": "module")', { type: 'module', main: 'server.js' }, { 'server.js': 'import http from "node:http";\nhttp.createServer(() => {}).listen(3000);\n' }, { file: 'health.js', language: 'javascript', module: 'esm', specifier: './health.js', framework: 'node-http' }],
    ['an .mjs entry', { main: 'src/app.mjs', dependencies: { express: '4.0.0' } }, { 'src/app.mjs': 'app.listen(3000);\n' }, { file: 'src/health.mjs', module: 'esm', specifier: './health.mjs', framework: 'express' }],
    ['a .cjs entry', { main: 'index.cjs', dependencies: { koa: '2.0.0' } }, { 'index.cjs': 'app.listen(3000);\n' }, { file: 'health.cjs', module: 'commonjs', specifier: './health.cjs', framework: 'koa' }],
    ['TypeScript', { dependencies: { fastify: '5.0.0' } }, { 'src/index.ts': 'app.listen({ port: 3000 });\n', 'tsconfig.json': '{}' }, { file: 'src/health.ts', language: 'typescript', specifier: './health', framework: 'fastify' }],
    ['TypeScript ES modules', { type: 'module', dependencies: { hono: '4.0.0' } }, { 'src/index.ts': 'export default app;\n' }, { file: 'src/health.ts', language: 'typescript', specifier: './health.js', framework: 'hono' }],
    ['a compiled TypeScript project whose entry is its build output', { main: 'dist/index.js', dependencies: { express: '4.0.0' } }, { 'dist/index.js': 'x\n', 'src/index.ts': 'x\n', 'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", /* comment */ "module": "nodenext" } }' }, { file: 'src/health.ts', language: 'typescript', specifier: './health.js', entry: 'src/index.ts' }],
    ['bun with Bun.serve', { scripts: { test: 'bun test' } }, { 'src/index.ts': 'Bun.serve({ fetch() { return new Response("x"); } });\n', 'bun.lock': '{}' }, { file: 'src/health.ts', framework: 'fetch' }],
  ])('%s', (_, pkg, files, expected) => {
    const { project: p, specs } = project(pkg, files);
    const plan = planDeployment(p, specs, 'web-service');
    expect(plan.healthModule).toMatchObject(expected);
    const written = deployFiles(plan);
    expect(Object.keys(written)).toContain(expected.file);
    expect(Object.keys(written).filter((f) => /(^|\/)health\.[cm]?[jt]s$/.test(f))).toEqual([expected.file]);
    // The container's health check probes the shallow liveness path, in the Dockerfile and in compose.
    expect(written.Dockerfile).toContain('fetch(\\"http://127.0.0.1:3000/livez\\"');
    expect(written['docker-compose.yml']).toContain('http://127.0.0.1:3000/livez');
    expect(written['docker-compose.yml']).not.toContain('3000/health');
  });
});

describe('generated TypeScript (strict tsc) and JavaScript (CommonJS)', () => {
  const targets = healthTargets(assertions);
  const servers: net.Server[] = [];
  const env = { ...process.env };
  let variants: Array<[string, { readiness: () => Promise<any>; liveness: () => any; healthResponse: (r?: Request) => Promise<Response | undefined>; health: Function }]>;

  // The ES module variant runs in a child process below (jest loads CommonJS only).
  beforeAll(() => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'health.cjs'), renderHealthModule(targets, { ...TS_SHAPE, file: 'src/health.cjs', language: 'javascript', module: 'commonjs', specifier: './health.cjs' }));
    variants = [
      ['typescript', require(compile(renderHealthModule(targets, TS_SHAPE)))],
      ['commonjs', require(path.join(dir, 'health.cjs'))],
    ];
  });

  afterEach(() => {
    process.env = { ...env };
  });

  afterAll(() => servers.forEach((s) => s.close()));

  it('derives one check per database, external API and queue the assertions name', () => {
    expect(targets).toEqual([
      { key: 'database', kind: 'database', env: 'DATABASE_URL', assertions: ['stored'] },
      { key: 'externalApi', kind: 'externalApi', env: 'PAYMENTS_API_URL', assertions: ['pay'] },
      { key: 'queue', kind: 'queue', env: 'QUEUE_URL', assertions: ['events'] },
    ]);
  });

  it('CommonJS uses require and module.exports, ES modules import and export', () => {
    const cjs = renderHealthModule(targets, { ...TS_SHAPE, language: 'javascript', module: 'commonjs' });
    expect(cjs).toContain("const { connect } = require('node:net');");
    expect(cjs).toContain('module.exports = { LIVENESS_PATH, READINESS_PATH, liveness, readiness, healthCheck, healthResponse, health };');
    expect(cjs).not.toMatch(/^(export|import) /m);
    const esm = renderHealthModule(targets, { ...TS_SHAPE, language: 'javascript', module: 'esm' });
    expect(esm).toContain("import { connect } from 'node:net';");
    expect(esm).not.toContain('module.exports');
    const code = esm.split('\n').filter((l) => !/^\s*(\/\/|\/\*\*|\*)/.test(l));
    expect(code.filter((l) => /[\w)]\??: (string|boolean|number|HealthReport|Promise|Record|URL|Uint8Array|NodeRequest|NodeResponse)\b|^\s*(export )?interface /.test(l))).toEqual([]);
  });

  it('readiness is ok when the database answers the handshake, the API answers and the queue accepts', async () => {
    let handshake: Buffer | undefined;
    const postgres = net.createServer((socket) => socket.once('data', (data) => {
      handshake = data;
      socket.write('N');
    }));
    const api = http.createServer((_, res) => res.end('{}'));
    const queue = net.createServer((socket) => socket.end());
    servers.push(postgres, api, queue);
    process.env.DATABASE_URL = `postgresql://app:secret@127.0.0.1:${await listen(postgres)}/orders`;
    process.env.PAYMENTS_API_URL = `http://127.0.0.1:${await listen(api)}/status`;
    process.env.QUEUE_URL = `nats://127.0.0.1:${await listen(queue)}`;
    for (const [name, module] of variants) {
      const report = await module.readiness();
      expect([name, report]).toEqual([name, { status: 'ok', timestamp: expect.any(String), checks: { database: true, externalApi: true, queue: true }, errors: {} }]);
      expect((await module.healthResponse(new Request('http://x/health')))!.status).toBe(200);
    }
    expect([...handshake!]).toEqual([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
  });

  it('readiness reports each failure with its reason; liveness stays ok all the same', async () => {
    const notPostgres = net.createServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    servers.push(notPostgres);
    process.env.DATABASE_URL = `postgres://127.0.0.1:${await listen(notPostgres)}/db`;
    delete process.env.PAYMENTS_API_URL;
    process.env.QUEUE_URL = `nats://127.0.0.1:${await closedPort()}`;
    for (const [name, module] of variants) {
      const report = await module.readiness();
      expect([name, report.status]).toEqual([name, 'error']);
      expect(report.checks).toEqual({ database: false, externalApi: false, queue: false });
      expect(report.errors.database).toMatch(/^unexpected answer from 127\.0\.0\.1:\d+$/);
      expect(report.errors.externalApi).toBe('PAYMENTS_API_URL is not set');
      expect(report.errors.queue).toMatch(/ECONNREFUSED/);
      expect((await module.healthResponse(new Request('http://x/health')))!.status).toBe(503);
      // Dependencies down, external API gone: the process is alive, and says so.
      expect(module.liveness()).toEqual({ status: 'ok', timestamp: expect.any(String), checks: {}, errors: {} });
      expect((await module.healthResponse(new Request('http://x/livez')))!.status).toBe(200);
      expect(await module.healthResponse(new Request('http://x/orders'))).toBeUndefined();
    }
  });

  it('the node-style handler answers the health paths and passes any other request on', async () => {
    const { health } = variants[1][1];
    const answered: Array<{ status: number; body: string }> = [];
    const response = () => {
      const r = { statusCode: 0, setHeader: () => undefined, end: (body: string) => answered.push({ status: r.statusCode, body }) };
      return r;
    };
    const next = jest.fn();
    expect(health({ url: '/orders?x=1' }, response(), next)).toBe(false);
    expect(next).toHaveBeenCalledTimes(1);
    expect(health({ url: '/livez?probe=1' }, response(), next)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(answered).toEqual([{ status: 200, body: expect.stringContaining('"status":"ok"') }]);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('gives up after HEALTH_TIMEOUT_MS on a server that never answers', async () => {
    const silent = net.createServer(() => undefined);
    servers.push(silent);
    const port = await listen(silent);
    process.env.HEALTH_TIMEOUT_MS = '200';
    process.env.DATABASE_URL = `postgres://127.0.0.1:${port}/db`;
    const fresh = require(compile(renderHealthModule(healthTargets([assertions[0]]), TS_SHAPE)));
    const report = await fresh.readiness();
    expect(report.errors.database).toBe(`127.0.0.1:${port} did not answer within 200ms`);
  });

  it('with nothing to check, still compiles and reports basic health', async () => {
    const basic = require(compile(renderHealthModule([], { ...TS_SHAPE, readinessPath: '/healthz' })));
    expect(await basic.readiness()).toEqual({ status: 'ok', timestamp: expect.any(String), checks: {}, errors: {} });
    expect((await basic.healthResponse(new Request('http://x/healthz')))!.status).toBe(200);
  });
});

describe('the printed mount line, pasted into a plain JavaScript project', () => {
  /** Starts `node entry` with PORT and waits until it answers; returns a GET helper and a stop function. */
  async function start(dir: string, entry: string, env: Record<string, string>) {
    const port = await closedPort();
    const child = spawn(process.execPath, [entry], { cwd: dir, env: { PATH: process.env.PATH!, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const get = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: p }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        }).on('error', reject);
      });
    for (let attempt = 0; ; attempt++) {
      try {
        await get('/');
        break;
      } catch (error) {
        if (child.exitCode !== null || attempt > 200) throw new Error(`the server did not start: ${stderr || error}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { get, stop: () => child.kill() };
  }

  it.each([
    ['CommonJS', {}, 'const http = require("node:http");'],
    ['ES module', { type: 'module' }, 'import http from "node:http";'],
  ])('%s: liveness answers 200 while the database is down, readiness 503, other paths reach the app', async (_, pkg, httpImport) => {
    const { dir, project: p, specs } = project({ ...pkg, main: 'src/index.js' }, { 'src/index.js': 'placeholder\n' });
    const plan = planDeployment(p, specs, 'web-service');
    const files = deployFiles(plan);
    const mount = mountInstructions(plan.healthModule!);
    expect(mount.mountLine).toBe('if (health(req, res)) return;');
    fs.writeFileSync(path.join(dir, plan.healthModule!.file), files[plan.healthModule!.file]);
    fs.writeFileSync(
      path.join(dir, 'src', 'index.js'),
      [httpImport, mount.importLine, 'http.createServer((req, res) => {', `  ${mount.mountLine}`, "  res.end('hello');", '}).listen(Number(process.env.PORT));', ''].join('\n'),
    );
    const server = await start(dir, 'src/index.js', { DATABASE_URL: `postgres://127.0.0.1:${await closedPort()}/db`, QUEUE_URL: `nats://127.0.0.1:${await closedPort()}` });
    try {
      expect(await server.get('/livez')).toEqual({ status: 200, body: expect.stringContaining('"status":"ok"') });
      const ready = await server.get('/health');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body).checks).toEqual({ database: false, externalApi: false, queue: false });
      expect(await server.get('/orders')).toEqual({ status: 200, body: 'hello' });
    } finally {
      server.stop();
    }
  });
});
