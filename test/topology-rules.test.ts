/**
 * Every topology check (src/graph/rules/), specified by two fixtures: a compliant topology it
 * must accept and a non-compliant one it must flag. Like the hardening rules (test/lint/rules.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkTopology, indexTopology, type ShapeDependency, type ShapeEdge, type ShapeService, topologyRules, type TopologyShape } from '../src/graph/check';
import { registerDependencyKind } from '../src/graph/kinds';
import type { EdgeRule, TopologyCheck, TopologyRule } from '../src/graph/rules';

const service = (name: string, extra: Partial<ShapeService> = {}): ShapeService => ({ name, archetype: 'worker', where: `services[${name}]`, ...extra });
const web = (name: string, port: number, extra: Partial<ShapeService> = {}) => service(name, { archetype: 'web-service', port, hostPorts: [port], ...extra });
const dependency = (name: string, type: string, port: number, extra: Partial<ShapeDependency> = {}): ShapeDependency => ({ name, type, port, where: `dependencies[${name}]`, ...extra });
const edge = (from: string, to: string, extra: Partial<ShapeEdge> = {}): ShapeEdge => ({ from, to, where: `edges[${from}-${to}]`, ...extra });
const shape = (services: ShapeService[], dependencies: ShapeDependency[] = [], edges: ShapeEdge[] = []): TopologyShape => ({ services, dependencies, edges, source: 'graph.json' });

/** A small valid topology: two services, postgres and redis, four edges. */
const shop = (change: (parts: { services: ShapeService[]; dependencies: ShapeDependency[]; edges: ShapeEdge[] }) => void = () => {}) => {
  const parts = {
    services: [web('catalog', 8001, { env: ['LOG_LEVEL'] }), web('billing', 8002)],
    dependencies: [dependency('postgres', 'postgres', 5432), dependency('redis', 'redis', 6379)],
    edges: [
      edge('billing', 'catalog', { env: 'CATALOG_SERVICE_URL' }),
      edge('catalog', 'postgres', { env: 'DATABASE_URL', database: 'catalog' }),
      edge('billing', 'postgres', { env: 'DATABASE_URL' }),
      edge('billing', 'redis', { env: 'REDIS_URL' }),
    ],
  };
  change(parts);
  return shape(parts.services, parts.dependencies, parts.edges);
};

interface Case {
  readonly compliant: TopologyShape;
  readonly nonCompliant: TopologyShape;
  /** Words the first problem's message must contain. */
  readonly mentions: string;
}

const CASES: Record<string, Case> = {
  'duplicate-name': {
    compliant: shop(),
    nonCompliant: shop((p) => p.dependencies.push(dependency('catalog', 'redis', 6379))),
    mentions: "Duplicate name 'catalog'",
  },
  'edge-unknown-end': {
    compliant: shop(),
    nonCompliant: shop((p) => p.edges.push(edge('billing', 'catalgo'), edge('redis', 'catalog'))),
    mentions: "Service 'catalgo' not in topology graph",
  },
  'self-edge': {
    compliant: shop(),
    nonCompliant: shop((p) => p.edges.push(edge('catalog', 'catalog'))),
    mentions: "Service 'catalog' depends on itself",
  },
  'duplicate-edge': {
    compliant: shop(),
    nonCompliant: shop((p) => p.edges.push(edge('billing', 'catalog', { env: 'CATALOG_URL' }))),
    mentions: 'Duplicate edge billing → catalog',
  },
  'library-caller': {
    compliant: shop((p) => p.services.push(service('shared', { archetype: 'library' }))),
    nonCompliant: shop((p) => {
      p.services.push(service('shared', { archetype: 'library' }));
      p.edges.push(edge('shared', 'redis', { env: 'REDIS_URL' }));
    }),
    mentions: "Library 'shared' cannot call or use anything",
  },
  'service-edge-target': {
    compliant: shop((p) => p.services.push(service('mailer', { port: 9000 }))),
    nonCompliant: shop((p) => {
      p.services.push(service('report', { archetype: 'data-pipeline' }), service('mailer'));
      p.edges.push(edge('billing', 'report', { env: 'REPORT_SERVICE_URL' }), edge('billing', 'mailer', { env: 'MAILER_SERVICE_URL' }));
    }),
    mentions: "'report' is a data-pipeline and runs to completion",
  },
  'database-target': {
    compliant: shop(),
    nonCompliant: shop((p) => p.edges.push(edge('catalog', 'redis', { env: 'REDIS_URL', database: 'cache' }))),
    mentions: "names a database, but 'redis' is redis, which has no databases",
  },
  'postgres-reserved-role': {
    compliant: shop((p) => {
      p.services.push(service('public'));
      p.dependencies.push(dependency('legacy', 'postgres', 5432, { external: true }));
      p.edges.push(edge('public', 'legacy', { env: 'DATABASE_URL' }));
    }),
    nonCompliant: shop((p) => {
      p.services.push(service('public'));
      p.edges.push(edge('public', 'postgres', { env: 'DATABASE_URL' }));
    }),
    mentions: "Service 'public' cannot log in to 'postgres' as a role of its own name",
  },
  'postgres-template-database': {
    compliant: shop((p) => (p.edges[2] = edge('billing', 'postgres', { env: 'DATABASE_URL', database: 'postgres' }))),
    nonCompliant: shop((p) => (p.edges[1] = edge('catalog', 'postgres', { env: 'DATABASE_URL', database: 'template1' }))),
    mentions: "names the PostgreSQL template database 'template1'",
  },
  'reserved-database': {
    compliant: shop((p) => {
      p.dependencies.push(dependency('docs', 'mongodb', 27017), dependency('legacy', 'mysql', 3306, { external: true }));
      p.edges.push(edge('catalog', 'docs', { env: 'MONGODB_URL', database: 'products' }), edge('billing', 'legacy', { env: 'MYSQL_URL', database: 'mysql' }));
    }),
    nonCompliant: shop((p) => {
      p.dependencies.push(dependency('docs', 'mongodb', 27017));
      p.edges.push(edge('catalog', 'docs', { env: 'MONGODB_URL', database: 'admin' }));
    }),
    mentions: "Edge catalog → docs would give 'catalog' the mongodb database 'admin', which the server keeps for itself",
  },
  'mysql-user-name': {
    compliant: shop((p) => {
      p.services.push(service('a'.repeat(32)));
      p.dependencies.push(dependency('mysql', 'mysql', 3306));
      p.edges.push(edge('a'.repeat(32), 'mysql', { env: 'MYSQL_URL' }));
    }),
    nonCompliant: shop((p) => {
      p.services.push(service('a'.repeat(33)));
      p.dependencies.push(dependency('mysql', 'mysql', 3306));
      p.edges.push(edge('a'.repeat(33), 'mysql', { env: 'MYSQL_URL' }));
    }),
    mentions: `Service '${'a'.repeat(33)}' cannot log in to 'mysql' as a user of its own name`,
  },
  'env-clash': {
    compliant: shop(),
    nonCompliant: shop((p) => p.edges.push(edge('catalog', 'redis', { env: 'LOG_LEVEL' }))),
    mentions: "Service 'catalog' gets LOG_LEVEL twice",
  },
  'telemetry-env-clash': {
    compliant: { ...shop(), telemetry: true },
    nonCompliant: { ...shop((p) => (p.services[0] = web('catalog', 8001, { env: ['OTEL_SERVICE_NAME'] }))), telemetry: true },
    mentions: "Service 'catalog' sets OTEL_SERVICE_NAME, which telemetry sets",
  },
  'dependency-cycle': {
    compliant: shop(),
    nonCompliant: shop((p) => p.edges.push(edge('catalog', 'billing', { env: 'BILLING_SERVICE_URL' }))),
    mentions: 'Dependency cycle between services',
  },
  'password-secret-clash': {
    compliant: shop((p) => p.dependencies.push(dependency('postgres-catalog', 'postgres', 5432, { external: true }))),
    nonCompliant: shop((p) => p.dependencies.push(dependency('postgres-catalog', 'postgres', 5432))),
    mentions: 'Two passwords would share the secret POSTGRES_CATALOG_PASSWORD',
  },
  'alias-clash': {
    compliant: shop((p) => (p.dependencies[0] = dependency('postgres', 'postgres', 5432, { aliases: ['db'] }))),
    nonCompliant: shop((p) => (p.dependencies[0] = dependency('postgres', 'postgres', 5432, { aliases: ['catalog'] }))),
    mentions: "Alias 'catalog' of dependencies[postgres] is taken",
  },
  'segment-membership': {
    compliant: { ...shop((p) => (p.services[0] = web('catalog', 8001, { segments: ['front', 'back'] }))), segments: ['front', 'back'] },
    nonCompliant: { ...shop((p) => (p.services[0] = web('catalog', 8001, { segments: ['middle'] }))), segments: ['front', 'back'] },
    mentions: "services[catalog] joins segment 'middle', which is not declared",
  },
  'segment-edge': {
    compliant: { ...shop((p) => (p.services[1] = web('billing', 8002, { segments: ['front', 'back'] }))), segments: ['front', 'back'] },
    nonCompliant: { ...shop((p) => (p.services[0] = web('catalog', 8001, { segments: ['back'] }))), segments: ['front', 'back'] },
    mentions: "Edge billing → catalog crosses segments: 'billing' is in front, 'catalog' in back",
  },
  'edge-wait': {
    compliant: shop((p) => {
      p.services.push(service('seed', { archetype: 'job' }));
      p.edges.push(edge('catalog', 'seed', { options: { wait: 'completed' } }));
      p.edges[3] = edge('billing', 'redis', { env: 'REDIS_URL', options: { wait: 'none' } });
    }),
    nonCompliant: shop((p) => (p.edges[0] = edge('billing', 'catalog', { env: 'CATALOG_SERVICE_URL', options: { wait: 'completed' } }))),
    mentions: "Edge billing → catalog waits for 'catalog' to complete, but it is a web-service that keeps running",
  },
  'edge-connection': {
    compliant: shop((p) => (p.edges[1] = edge('catalog', 'postgres', { env: 'DATABASE_URL', database: 'catalog', options: { passwordEnv: 'DB_PASSWORD' }, connection: { hasUser: true, hasPassword: true, hasDatabase: true } }))),
    nonCompliant: shop((p) => (p.edges[3] = edge('billing', 'redis', { env: 'REDIS_URL', options: { template: 'redis://{user}@{host}:{port}' } }))),
    mentions: "Edge billing → redis asks for the user of 'redis', which has none",
  },
  'host-port-clash': {
    compliant: shop((p) => p.dependencies.push(dependency('nats', 'nats', 4222, { publish: true }))),
    nonCompliant: shop((p) => p.dependencies.push(dependency('cache', 'redis', 8001, { publish: true }))),
    mentions: 'Port clash: catalog and cache both publish host port 8001',
  },
  'ingress-route-clash': {
    compliant: shop((p) => {
      p.services[0] = { ...p.services[0], routes: { hosts: ['shop.example.com'], path: '/' } };
      p.services[1] = { ...p.services[1], routes: { hosts: ['shop.example.com'], path: '/billing' } };
    }),
    nonCompliant: shop((p) => {
      p.services[0] = { ...p.services[0], routes: { hosts: ['shop.example.com', 'www.example.com'], path: '/' } };
      p.services[1] = { ...p.services[1], routes: { hosts: ['www.example.com'], path: '/' } };
    }),
    mentions: 'Ingress route clash: catalog and billing both answer www.example.com/',
  },
  'environment-overrides': {
    compliant: {
      ...shop((p) => (p.services[0] = web('catalog', 8001, { env: ['LOG_LEVEL', 'API_KEY'], secrets: ['API_KEY'] }))),
      environments: [{ name: 'prod', services: [{ name: 'catalog', env: ['LOG_LEVEL'] }], dependencies: ['postgres'], where: 'environments.prod' }],
    },
    nonCompliant: {
      ...shop((p) => (p.services[0] = web('catalog', 8001, { env: ['LOG_LEVEL', 'API_KEY'], secrets: ['API_KEY'] }))),
      environments: [{ name: 'prod', services: [{ name: 'catalgo', env: [] }, { name: 'catalog', env: ['DATABASE_URL', 'API_KEY'] }], dependencies: ['redis', 'billing'], where: 'environments.prod' }],
    },
    mentions: "Environment 'prod' overrides unknown service 'catalgo'",
  },
};

function run(rule: TopologyCheck, topology: TopologyShape) {
  const indexed = indexTopology(topology);
  return rule.scope === 'topology' ? rule.check(indexed) : indexed.edges.flatMap((e) => rule.check(e, indexed));
}

it('has a case for every rule, and a file named like each', () => {
  expect(Object.keys(CASES).sort()).toEqual(topologyRules().map((r) => r.id).sort());
  for (const rule of topologyRules()) {
    expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(fs.existsSync(path.join(__dirname, '..', 'src', 'graph', 'rules', `${rule.id}.ts`))).toBe(true);
    expect(rule.description).toMatch(/^[A-Z].*\.$/);
    expect(rule.description).not.toContain('\n');
  }
});

describe.each(topologyRules().map((r) => [r.id, r] as const))('%s', (id, rule) => {
  const c = CASES[id];
  it('accepts the compliant topology', () => {
    expect(run(rule, c.compliant)).toEqual([]);
    expect(checkTopology(c.compliant)).toEqual([]);
  });
  it('flags the non-compliant one with a whole problem', () => {
    const problems = run(rule, c.nonCompliant);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].message).toContain(c.mentions);
    for (const p of problems) {
      expect(typeof p.message).toBe('string');
      expect(p.action).toMatch(/\S/);
    }
    // The runner reports it too, among every other problem.
    expect(checkTopology(c.nonCompliant)).toEqual(expect.arrayContaining(problems));
  });
});

it('reports every problem at once, those of one edge together', () => {
  const topology = shop((p) => {
    p.dependencies.push(dependency('catalog', 'redis', 6379));
    p.edges.push(edge('catalog', 'catalog'), edge('catalog', 'redis', { env: 'LOG_LEVEL', database: 'cache' }), edge('catalog', 'billing', { env: 'BILLING_SERVICE_URL' }));
  });
  expect(checkTopology(topology).map((p) => p.message)).toEqual([
    "Duplicate name 'catalog'",
    "Service 'catalog' depends on itself",
    "Edge catalog → redis names a database, but 'redis' is redis, which has no databases",
    "Service 'catalog' gets LOG_LEVEL twice",
    'Dependency cycle between services',
  ]);
});

describe("a dependency kind's own checks (its pack's databases, edgeRules and topologyRules)", () => {
  const noMain: EdgeRule = {
    id: 'ledger-main-database',
    scope: 'edge',
    description: 'No service owns the ledger database "main".',
    check: ({ edge }) => (edge.database === 'main' ? [{ message: `Edge ${edge.from} → ${edge.to} names the ledger's own database 'main'`, action: 'Choose another database' }] : []),
  };
  const oneLedger: TopologyRule = {
    id: 'one-ledger',
    scope: 'topology',
    description: 'A topology has at most one ledger.',
    check: ({ shape: s }) => (s.dependencies.filter((d) => d.type === 'ledger').length > 1 ? [{ message: 'Two ledgers', action: 'Keep one' }] : []),
  };
  // Registered when this block runs: the cases above are the built-in rules only.
  beforeAll(() => registerDependencyKind({
    name: 'ledger',
    defaultVersion: '1',
    image: (v) => `ledger:${v}`,
    port: 7000,
    healthCheck: { command: ['ledger', 'ping'] },
    connection: { env: 'LEDGER_URL', scheme: 'ledger' },
    databases: true,
    edgeRules: [noMain],
    topologyRules: [oneLedger],
  }));
  const withLedger = (database: string, ledgers = 1) =>
    shop((p) => {
      for (let i = 0; i < ledgers; i++) p.dependencies.push(dependency(`ledger${i || ''}`, 'ledger', 7000));
      p.edges.push(edge('catalog', 'ledger', { env: 'LEDGER_URL', database }));
      // The same database on an edge to postgres: the ledger's rule does not look at it.
      p.edges = p.edges.map((e) => (e.from === 'catalog' && e.to === 'postgres' ? { ...e, database } : e));
    });

  it('may name a database on edges to it, and its edge rules run on those edges only', () => {
    expect(checkTopology(withLedger('books'))).toEqual([]);
    expect(checkTopology(withLedger('main')).map((p) => p.message)).toEqual(["Edge catalog → ledger names the ledger's own database 'main'"]);
  });

  it('adds its topology-wide checks, and the kinds that have databases to what database-target expects', () => {
    expect(checkTopology(withLedger('books', 2)).map((p) => p.message)).toEqual(['Two ledgers']);
    const onRedis = checkTopology(shop((p) => p.edges.push(edge('catalog', 'redis', { env: 'CACHE_URL', database: 'x' }))));
    expect(onRedis.map((p) => p.expected)).toEqual(['"database" only on edges to a postgres, mysql, mariadb, mongodb or ledger dependency']);
  });
});
