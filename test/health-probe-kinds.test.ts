/**
 * The health probes topograph writes into compose and the Dockerfile, run for real against real
 * servers in this process: a gRPC server with the standard health service (@grpc/grpc-js and
 * grpc-health-check, dev dependencies for this test only), a TCP listener, a listener that never
 * answers, and nothing at all. The probe is the generated argv, taken from the compose file.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { parse } from 'yaml';
import { shopGraph, synth } from './helpers/shop';
import { grpcHealthRequestHex } from '../src/graph/kinds/runtimes/js-probe';

interface Run {
  readonly code: number | null;
  readonly ms: number;
}

/** Runs `argv` (argv[0] replaced by `program`) without blocking this process's servers. */
function run(program: string, argv: readonly string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(program, argv.slice(1), { timeout: 15_000 }, (error) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, ms: Date.now() - started });
    });
  });
}

/** The compose healthcheck command of `service` after `change` to the shop graph. */
function probeOf(service: 'billing' | 'auth' | 'catalog', change: Record<string, unknown>): string[] {
  const graph = shopGraph() as unknown as { services: Array<Record<string, unknown>> };
  const entry = graph.services.find((s) => s.name === service)!;
  Object.assign(entry, change);
  const compose = parse(synth(graph, { targets: ['compose'] }).files['docker/docker-compose.yml']);
  const test = compose.services[service].healthcheck?.test as string[] | undefined;
  if (!test) throw new Error(`no healthcheck for ${service}`);
  expect(test[0]).toBe('CMD');
  for (const argument of test) expect(argument).not.toMatch(/\s/);
  return test.slice(1);
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the gRPC request frame', () => {
  it('is the empty HealthCheckRequest for the whole server, and field 1 for a named service', () => {
    expect(grpcHealthRequestHex('')).toBe('0000000000');
    // 0x0a = field 1, length-delimited; then the length and the UTF-8 name.
    expect(grpcHealthRequestHex('shop.Catalog')).toBe(`000000000e0a0c${Buffer.from('shop.Catalog').toString('hex')}`);
    // A name of 200 characters has a two-byte varint length (200 = 0xc8 0x01).
    expect(grpcHealthRequestHex('a'.repeat(200)).slice(0, 18)).toBe('00000000cb0ac80161');
  });
});

describe('the gRPC probe of node (http2, no library), against a real gRPC server', () => {
  let server: grpc.Server;
  let port: number;
  const health = new HealthImplementation({ '': 'SERVING', 'shop.Catalog': 'SERVING', 'shop.Billing': 'NOT_SERVING' });

  beforeAll(async () => {
    server = new grpc.Server();
    health.addToServer(server);
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
  });
  afterAll(() => server.forceShutdown());

  const grpcProbe = (service?: string, timeout = '2s') =>
    probeOf('billing', {
      ports: [{ name: 'grpc', port, protocol: 'grpc', host: 8002 }],
      health: { kind: 'grpc', timeout, ...(service === undefined ? {} : { service }) },
    });

  it('SERVING (the whole server, by default): exit 0', async () => {
    const argv = grpcProbe();
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    expect((await run(process.execPath, argv)).code).toBe(0);
  });

  it('SERVING for a named service: exit 0', async () => {
    expect((await run(process.execPath, grpcProbe('shop.Catalog'))).code).toBe(0);
  });

  it('NOT_SERVING: a non-zero exit', async () => {
    expect((await run(process.execPath, grpcProbe('shop.Billing'))).code).not.toBe(0);
  });

  it('a service the server does not know (grpc-status NOT_FOUND): a non-zero exit', async () => {
    expect((await run(process.execPath, grpcProbe('shop.Nothing'))).code).not.toBe(0);
  });

  it('follows the server: NOT_SERVING after it was SERVING', async () => {
    health.setStatus('', 'NOT_SERVING');
    try {
      expect((await run(process.execPath, grpcProbe())).code).not.toBe(0);
    } finally {
      health.setStatus('', 'SERVING');
    }
  });

  it('nothing listening: a non-zero exit', async () => {
    const closed = await closedPort();
    const argv = probeOf('billing', { ports: [{ name: 'grpc', port: closed, protocol: 'grpc', host: 8002 }], health: { kind: 'grpc', timeout: '2s' } });
    const result = await run(process.execPath, argv);
    expect(result.code).not.toBe(0);
    expect(result.ms).toBeLessThan(5000);
  });

  it('a listener that never answers: a non-zero exit once the timeout passes', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port: silentPort } = silent.address() as net.AddressInfo;
      const argv = probeOf('billing', { ports: [{ name: 'grpc', port: silentPort, protocol: 'grpc', host: 8002 }], health: { kind: 'grpc', timeout: '1s' } });
      const result = await run(process.execPath, argv);
      expect(result.code).not.toBe(0);
      expect(result.ms).toBeGreaterThanOrEqual(900);
      expect(result.ms).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('an HTTP/1 server on the port (not gRPC): a non-zero exit', async () => {
    const http = await import('node:http');
    const plain = http.createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { port: plainPort } = plain.address() as net.AddressInfo;
      const argv = probeOf('billing', { ports: [{ name: 'grpc', port: plainPort, protocol: 'grpc', host: 8002 }], health: { kind: 'grpc', timeout: '2s' } });
      expect((await run(process.execPath, argv)).code).not.toBe(0);
    } finally {
      plain.close();
    }
  });

  it('the default health kind of a grpc port is grpc', () => {
    const argv = probeOf('billing', { ports: [{ name: 'grpc', port: 3550, protocol: 'grpc' }] });
    expect(argv[2]).toContain("require('http2')");
  });

  it('bun runs the same source', () => {
    const node = probeOf('billing', { ports: [{ port: 3550, protocol: 'grpc' }] });
    const bun = probeOf('auth', { ports: [{ port: 3550, protocol: 'grpc' }] });
    expect(bun.slice(0, 2)).toEqual(['bun', '-e']);
    expect(bun[2]).toBe(node[2]);
  });
});

describe('the TCP probes, against a real listener', () => {
  let listener: net.Server;
  let port: number;
  beforeAll(async () => {
    listener = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as net.AddressInfo).port;
  });
  afterAll(() => listener.close());

  const tcpProbe = (service: 'billing' | 'catalog', onPort: number, timeout = '2s') =>
    probeOf(service, { ports: [{ name: 'tcp', port: onPort, protocol: 'tcp' }], health: { timeout } });

  it('node: listening → exit 0; nothing listening → a non-zero exit', async () => {
    expect((await run(process.execPath, tcpProbe('billing', port))).code).toBe(0);
    const closed = await tcpProbe('billing', await closedPort());
    const result = await run(process.execPath, closed);
    expect(result.code).not.toBe(0);
    expect(result.ms).toBeLessThan(5000);
  });

  const python = (() => {
    try {
      execFileSync('python3', ['-c', 'pass']);
      return 'python3';
    } catch {
      return undefined;
    }
  })();
  (python ? it : it.skip)('python: listening → exit 0; nothing listening → a non-zero exit', async () => {
    const argv = tcpProbe('catalog', port);
    expect(argv.slice(0, 2)).toEqual(['python', '-c']);
    expect((await run(python!, argv)).code).toBe(0);
    expect((await run(python!, tcpProbe('catalog', await closedPort()))).code).not.toBe(0);
  });
});
