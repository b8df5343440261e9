/**
 * Synthetic topology graphs for the benchmark and the limit tests: N services with a realistic
 * mix of archetypes, runtimes and frameworks, a dependency for every ~20 services, and 2–5 edges
 * per deployed service. Deterministic (seeded), acyclic (a service only calls services generated
 * before it) and valid: ports are distinct, each service uses at most one dependency of each type
 * (their default env names would clash), and edges only point at services that keep running.
 */
import type { Archetype, DependencySpec, EdgeSpec, Runtime, ServiceSpec, TopologyGraph } from '../src/graph/schema';

/** Archetypes in proportion: half web services, a quarter workers, the rest batch jobs and libraries. */
const ARCHETYPE_MIX: readonly Archetype[] = [
  ...Array<Archetype>(10).fill('web-service'),
  ...Array<Archetype>(5).fill('worker'),
  ...Array<Archetype>(2).fill('cli-tool'),
  ...Array<Archetype>(1).fill('data-pipeline'),
  ...Array<Archetype>(2).fill('library'),
];
const RUNTIME_MIX: readonly Runtime[] = ['python', 'python', 'node', 'node', 'bun', 'go'];
const DEPENDENCY_MIX = ['postgres', 'redis', 'nats', 'postgres'] as const;

/** Small deterministic PRNG (mulberry32), so every run benchmarks the same graphs. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  /** @default 1 */
  readonly seed?: number;
  /** Topology name. @default "bench" */
  readonly name?: string;
}

/** A valid topology graph of `count` services (plus its dependencies). */
export function generateGraph(count: number, options: GenerateOptions = {}): TopologyGraph {
  if (!Number.isInteger(count) || count < 1) throw new Error(`generateGraph: count must be a positive integer, got ${count}`);
  const rand = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const width = String(count).length;
  const label = (i: number) => String(i).padStart(width, '0');

  const dependencies: DependencySpec[] = [];
  const dependencyCount = Math.max(3, Math.ceil(count / 20));
  for (let i = 0; i < dependencyCount; i++) {
    const type = DEPENDENCY_MIX[i % DEPENDENCY_MIX.length];
    dependencies.push({
      name: `${type}-${label(i)}`,
      type,
      ...(type === 'postgres' ? { version: '16', storage: '5Gi' } : {}),
      ...(i % 17 === 16 ? { external: true } : {}),
    });
  }

  const services: ServiceSpec[] = [];
  const edges: EdgeSpec[] = [];
  const callable: string[] = [];
  for (let i = 0; i < count; i++) {
    // The first service is a web service so later ones always have something to call.
    const archetype = i === 0 ? 'web-service' : pick(ARCHETYPE_MIX);
    const runtime = pick(RUNTIME_MIX);
    const name = `${archetype === 'web-service' ? 'api' : archetype === 'data-pipeline' ? 'pipeline' : archetype === 'cli-tool' ? 'tool' : archetype === 'library' ? 'lib' : 'worker'}-${label(i)}`;
    const framework = archetype === 'web-service' && (runtime === 'python' || runtime === 'node') ? (runtime === 'python' ? pick(['fastapi', 'flask'] as const) : pick(['express', 'fastify'] as const)) : undefined;
    const service: ServiceSpec = {
      name,
      archetype,
      description: `Synthetic ${archetype} ${i}`,
      runtime,
      ...(framework ? { framework } : {}),
      ...(archetype === 'web-service' ? { port: 10000 + i, health: { path: '/health' } } : {}),
      ...(archetype === 'worker' && i % 3 === 0 ? { port: 10000 + i } : {}),
      ...(archetype === 'data-pipeline' && i % 2 === 0 ? { schedule: '0 3 * * *' } : {}),
      env: { LOG_LEVEL: pick(['info', 'debug', 'warn']), FEATURE_FLAGS: `f${i % 7},g${i % 5}` },
      ...(i % 4 === 0 ? { secrets: ['API_TOKEN'] } : {}),
      ...(archetype === 'web-service' ? { replicas: 1 + (i % 3) } : {}),
      resources: { limits: { cpu: 0.5, memory: '512Mi' }, reservations: { cpu: '100m', memory: '128Mi' } },
      ...(i % 10 === 0 && archetype === 'web-service' ? { public: true } : {}),
    };
    services.push(service);
    if (archetype !== 'library') {
      const wanted = 2 + Math.floor(rand() * 4);
      const targets = new Set<string>();
      const usedTypes = new Set<string>();
      for (let attempt = 0; targets.size < wanted && attempt < wanted * 4; attempt++) {
        if (callable.length > 0 && rand() < 0.6) {
          targets.add(pick(callable));
        } else {
          const dep = pick(dependencies);
          if (usedTypes.has(dep.type)) continue;
          usedTypes.add(dep.type);
          targets.add(dep.name);
        }
      }
      for (const to of [...targets].sort()) edges.push({ from: name, to });
    }
    if (service.port !== undefined && (archetype === 'web-service' || archetype === 'worker')) callable.push(name);
  }
  return { name: options.name ?? 'bench', version: '1.0.0', services, dependencies, edges };
}
