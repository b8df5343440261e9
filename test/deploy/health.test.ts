/**
 * The generated src/health.ts compiles with tsc (strict) and really checks: against a server that
 * speaks the PostgreSQL handshake, an HTTP API and a TCP queue, and against closed ports.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { healthTargets, renderHealthModule } from '../../src/deploy/health';
import type { Assertion } from '../../src/specs/schema';
import { REPO } from './helpers';

const assertions: Assertion[] = [
  { id: 'stored', description: 'orders are stored', status: 'confirmed', category: 'persistence' },
  { id: 'pay', description: 'payments reachable', status: 'confirmed', category: 'external-api', env: 'PAYMENTS_API_URL' },
  { id: 'events', description: 'events are queued', status: 'confirmed', category: 'queue' },
  { id: 'cli', description: 'not a health concern', status: 'confirmed', category: 'cli' },
];

function compile(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-health-'));
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
        '--lib', 'ES2022',
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

describe('generated src/health.ts', () => {
  const targets = healthTargets(assertions);
  const source = renderHealthModule(targets, '/health');
  let module: { healthCheck: () => Promise<any>; healthResponse: () => Promise<Response> };
  const servers: net.Server[] = [];
  const env = { ...process.env };

  beforeAll(() => {
    module = require(compile(source));
  }, 60_000);

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

  it('compiles and reports ok when the database answers the handshake, the API answers and the queue accepts', async () => {
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
    const report = await module.healthCheck();
    expect(report).toEqual({ status: 'ok', timestamp: expect.any(String), checks: { database: true, externalApi: true, queue: true }, errors: {} });
    expect([...handshake!]).toEqual([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
    expect((await module.healthResponse()).status).toBe(200);
  });

  it('reports each failure with its reason: unset variable, refused connection, wrong protocol', async () => {
    const notPostgres = net.createServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    servers.push(notPostgres);
    process.env.DATABASE_URL = `postgres://127.0.0.1:${await listen(notPostgres)}/db`;
    delete process.env.PAYMENTS_API_URL;
    process.env.QUEUE_URL = `nats://127.0.0.1:${await closedPort()}`;
    const report = await module.healthCheck();
    expect(report.status).toBe('error');
    expect(report.checks).toEqual({ database: false, externalApi: false, queue: false });
    expect(report.errors.database).toMatch(/^unexpected answer from 127\.0\.0\.1:\d+$/);
    expect(report.errors.externalApi).toBe('PAYMENTS_API_URL is not set');
    expect(report.errors.queue).toMatch(/ECONNREFUSED/);
    expect((await module.healthResponse()).status).toBe(503);
  });

  it('gives up after HEALTH_TIMEOUT_MS on a server that never answers', async () => {
    const silent = net.createServer(() => undefined);
    servers.push(silent);
    const port = await listen(silent);
    const timed = renderHealthModule(healthTargets([assertions[0]]), '/health');
    process.env.HEALTH_TIMEOUT_MS = '200';
    process.env.DATABASE_URL = `postgres://127.0.0.1:${port}/db`;
    jest.resetModules();
    const fresh = require(compile(timed));
    const started = Date.now();
    const report = await fresh.healthCheck();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.errors.database).toBe(`127.0.0.1:${port} did not answer within 200ms`);
  }, 60_000);

  it('with nothing to check, still compiles and reports basic health', async () => {
    const basic = require(compile(renderHealthModule([], '/healthz')));
    expect(await basic.healthCheck()).toEqual({ status: 'ok', timestamp: expect.any(String), checks: {}, errors: {} });
  }, 60_000);
});
