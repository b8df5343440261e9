/**
 * fast-check arbitraries for topology graphs that are valid by construction: every archetype,
 * runtime and matching framework, every built-in dependency kind, acyclic edges (a service only
 * calls services generated before it), plain env and secrets, resources with reservations never
 * above limits. Build contexts point at the shop example's sources (synth reads no files).
 */
import * as fc from 'fast-check';
import { DEPENDENCY_TYPES, FRAMEWORKS_BY_RUNTIME, type DependencySpec, type EdgeSpec, type ServiceSpec, type TopologyGraph } from '../../src/graph/schema';

/** Seed for every property: fixed so CI is reproducible; set TOPOGRAPH_PROPERTY_SEED to explore. */
export const SEED = Number(process.env.TOPOGRAPH_PROPERTY_SEED ?? 20261130);

/** Shared run parameters; fast-check prints the seed and counterexample path on failure. */
export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns };
}

const CONTEXT_BY_RUNTIME = { python: 'catalog', node: 'billing', bun: 'auth', go: 'catalog' } as const;

/** Names a service could use with postgres: not the role names PostgreSQL reserves (src/graph/postgres-roles.ts). */
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).filter((n) => !['none', 'public', 'postgres', 'mysql', 'sys', 'admin', 'local', 'config'].includes(n));
const envName = fc.constantFrom('LOG_LEVEL', 'MODE', 'REGION', 'FEATURE_FLAGS', 'GREETING', 'WORKERS', 'TZ');
const secretName = fc.constantFrom('JWT_SECRET', 'API_KEY', 'SMTP_PASSWORD', 'STRIPE_TOKEN');
/** Values with the characters generators must escape: $, quotes, #, colons, spaces, unicode. */
const envValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('$HOME', '${X}', 'a "quoted" value', "it's", '# not a comment', 'yes', 'on', '0755', '1e3', 'key: value', 'café ☕', ''),
);

const cpu = fc.oneof(fc.constantFrom(0.25, 0.5, 1, 2), fc.constantFrom('250m', '500m', '1500m'));
const memory = fc.constantFrom('128Mi', '256Mi', '512Mi', '1Gi', '2G');
const CPU_MILLI: Record<string, number> = { '250m': 250, '500m': 500, '1500m': 1500 };
const MEMORY_MI: Record<string, number> = { '128Mi': 128, '256Mi': 256, '512Mi': 512, '1Gi': 1024, '2G': 2048 };
const milli = (c: number | string) => (typeof c === 'number' ? c * 1000 : CPU_MILLI[c]);

/** Limits and reservations, with every reservation at most its limit. */
const resources = fc
  .record({ limitCpu: fc.option(cpu), limitMemory: fc.option(memory), reserveCpu: fc.option(cpu), reserveMemory: fc.option(memory) }, { requiredKeys: [] })
  .map(({ limitCpu, limitMemory, reserveCpu, reserveMemory }) => {
    const limits = { ...(limitCpu != null ? { cpu: limitCpu } : {}), ...(limitMemory != null ? { memory: limitMemory } : {}) };
    const reservations = {
      ...(reserveCpu != null && (limitCpu == null || milli(reserveCpu) <= milli(limitCpu)) ? { cpu: reserveCpu } : {}),
      ...(reserveMemory != null && (limitMemory == null || MEMORY_MI[reserveMemory] <= MEMORY_MI[limitMemory]) ? { memory: reserveMemory } : {}),
    };
    return { ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(reservations).length ? { reservations } : {}) };
  });

const runtimeAndFramework = fc.constantFrom('python', 'node', 'bun', 'go').chain((runtime) => {
  const frameworks = FRAMEWORKS_BY_RUNTIME[runtime as keyof typeof FRAMEWORKS_BY_RUNTIME];
  return fc.record({ runtime: fc.constant(runtime as ServiceSpec['runtime']), framework: frameworks.length ? fc.option(fc.constantFrom(...frameworks)) : fc.constant(null) });
});

const serviceBody = fc.record({
  archetype: fc.constantFrom('web-service', 'web-service', 'worker', 'cli-tool', 'data-pipeline', 'library') as fc.Arbitrary<ServiceSpec['archetype']>,
  rf: runtimeAndFramework,
  env: fc.dictionary(envName, envValue, { maxKeys: 3 }),
  secrets: fc.uniqueArray(secretName, { maxLength: 2 }),
  replicas: fc.option(fc.integer({ min: 0, max: 4 })),
  resources: fc.option(resources),
  public: fc.option(fc.boolean()),
  workerPort: fc.boolean(),
  schedule: fc.option(fc.constantFrom('0 3 * * *', '*/5 * * * *')),
  health: fc.option(
    fc.record(
      {
        path: fc.constantFrom('/health', '/ready', '/'),
        interval: fc.constantFrom('5s', '10s', '1m'),
        liveness: fc.constantFrom({ kind: 'tcp' as const }, { kind: 'http' as const, path: '/livez' }, { kind: 'http' as const, path: '/' }, { kind: 'none' as const }),
      },
      { requiredKeys: [] },
    ),
  ),
});

const dependencyBody = fc.record({
  type: fc.constantFrom(...DEPENDENCY_TYPES) as fc.Arbitrary<DependencySpec['type']>,
  version: fc.option(fc.constantFrom('16', '17', '7', '2.10', '8.4', '8.0', '4.1')),
  resources: fc.option(resources),
  external: fc.option(fc.boolean(), { freq: 4 }),
  storage: fc.option(fc.constantFrom('1Gi', '20Gi')),
});

const VERSION_BY_TYPE: Record<string, readonly string[]> = { postgres: ['16', '17'], redis: ['7'], nats: ['2.10'], mysql: ['8.4'], mongodb: ['8.0'], rabbitmq: ['4.1'] };

/** A valid topology graph. */
export const validGraph: fc.Arbitrary<TopologyGraph> = fc
  .record({
    names: fc.uniqueArray(label, { minLength: 1, maxLength: 9 }),
    split: fc.integer({ min: 1, max: 6 }),
    services: fc.array(serviceBody, { minLength: 9, maxLength: 9 }),
    dependencies: fc.array(dependencyBody, { minLength: 9, maxLength: 9 }),
    edgePicks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.option(fc.constantFrom('main', 'reports'))), { maxLength: 14 }),
    namespace: fc.option(label),
    registry: fc.option(fc.constantFrom('ghcr.io/acme', 'registry.example.com:5000/team')),
    version: fc.option(fc.constantFrom('1.0.0', '2.3.4-rc.1', 'v7')),
  })
  .map(({ names, split, services: bodies, dependencies: depBodies, edgePicks, namespace, registry, version }) => {
    const serviceCount = Math.min(split, names.length);
    const services: ServiceSpec[] = names.slice(0, serviceCount).map((name, i) => {
      const b = bodies[i];
      const { runtime, framework } = b.rf;
      const isWeb = b.archetype === 'web-service';
      const hasPort = isWeb || (b.archetype === 'worker' && b.workerPort);
      const secrets = b.secrets.filter((s) => !(s in b.env));
      return {
        name,
        archetype: b.archetype,
        runtime,
        ...(framework != null && isWeb ? { framework } : {}),
        ...(hasPort ? { port: 8000 + i } : {}),
        ...(hasPort && b.health != null ? { health: b.health } : {}),
        build: { context: CONTEXT_BY_RUNTIME[runtime] },
        ...(Object.keys(b.env).length ? { env: b.env } : {}),
        ...(secrets.length ? { secrets } : {}),
        ...(b.replicas != null && b.archetype !== 'library' ? { replicas: b.replicas } : {}),
        ...(b.resources != null && Object.keys(b.resources).length ? { resources: b.resources } : {}),
        ...(b.public != null && isWeb ? { public: b.public } : {}),
        ...(b.archetype === 'data-pipeline' && b.schedule != null ? { schedule: b.schedule } : {}),
      };
    });
    const dependencies: DependencySpec[] = names.slice(serviceCount).map((name, i) => {
      const b = depBodies[i];
      return {
        name,
        type: b.type,
        ...(b.version != null && (VERSION_BY_TYPE[b.type] ?? []).includes(b.version) ? { version: b.version } : {}),
        ...(b.resources != null && Object.keys(b.resources).length ? { resources: b.resources } : {}),
        ...(b.external ? { external: true } : {}),
        ...(b.storage != null ? { storage: b.storage } : {}),
      };
    });

    // Edges: from a non-library service to a dependency or to an earlier long-running service with a
    // port (so the graph is acyclic); each target once per service and each variable once.
    const edges: EdgeSpec[] = [];
    const seen = new Set<string>();
    const envs = new Map<string, Set<string>>();
    for (const [a, b, database] of edgePicks) {
      const callers = services.filter((s) => s.archetype !== 'library');
      if (!callers.length) break;
      const from = callers[a % callers.length];
      const fromIndex = services.indexOf(from);
      const targets = [
        ...services.slice(0, fromIndex).filter((s) => s.port !== undefined && (s.archetype === 'web-service' || s.archetype === 'worker')),
        ...dependencies,
      ];
      if (!targets.length) continue;
      const to = targets[b % targets.length];
      const hasDatabases = 'type' in to && ['postgres', 'mysql', 'mariadb', 'mongodb'].includes(to.type);
      const env = 'type' in to ? `${to.name.toUpperCase()}_URL` : `${to.name.toUpperCase()}_SERVICE_URL`;
      const used = envs.get(from.name) ?? new Set(Object.keys(from.env ?? {}).concat(from.secrets ?? []));
      if (seen.has(`${from.name}>${to.name}`) || used.has(env)) continue;
      seen.add(`${from.name}>${to.name}`);
      used.add(env);
      envs.set(from.name, used);
      edges.push({ from: from.name, to: to.name, env, ...(hasDatabases && database != null ? { database } : {}) });
    }
    return {
      name: 'prop',
      ...(version != null ? { version } : {}),
      ...(namespace != null ? { namespace } : {}),
      ...(registry != null ? { registry } : {}),
      services,
      ...(dependencies.length ? { dependencies } : {}),
      ...(edges.length ? { edges } : {}),
    } as TopologyGraph;
  });

/** The same graph with services, dependencies, edges, env keys and secrets in another order. */
export function reordered(graph: TopologyGraph, seed: number, shuffle: <T>(items: readonly T[], seed: number) => T[]): TopologyGraph {
  return {
    ...graph,
    services: shuffle(graph.services, seed).map((s, i) => ({
      ...s,
      ...(s.env ? { env: Object.fromEntries(shuffle(Object.entries(s.env), seed + i + 1)) } : {}),
      ...(s.secrets ? { secrets: shuffle(s.secrets, seed + i + 2) } : {}),
    })),
    ...(graph.dependencies ? { dependencies: shuffle(graph.dependencies, seed + 7) } : {}),
    ...(graph.edges ? { edges: shuffle(graph.edges, seed + 11) } : {}),
  };
}
