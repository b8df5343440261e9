/**
 * Environments (`"environments": {"prod": {…}}`): named sets of overrides over the base topology.
 *
 * The one place that says which fields an environment may override and how each merges. The
 * override schema is built from the fields' own schemas (src/graph/schema.ts), so a field joins
 * by one line here: its name and its merge rule, in the list of its level.
 */
import { z } from 'zod';
import type { DependencySpec, ServiceSpec, TopologyGraph } from './schema';

/**
 * How an override meets the base value: `replace` takes the environment's value; `merge-by-key`
 * merges a record by key (`env`: by variable name); `merge-one-level` merges an object's own
 * fields (each replaced as a whole).
 */
export type OverrideMerge = 'replace' | 'merge-by-key' | 'merge-one-level';

/**
 * The service fields an environment may override (`environments.<env>.services.<service>`).
 * To add one: its name and merge rule here (the field must exist in the service schema).
 */
export const SERVICE_OVERRIDES = {
  replicas: 'replace',
  resources: 'replace',
  env: 'merge-by-key',
  autoscale: 'replace',
  ingress: 'replace',
} as const satisfies Record<string, OverrideMerge>;

/**
 * The dependency fields an environment may override (`environments.<env>.dependencies.<dependency>`).
 * To add one: its name and merge rule here (the field must exist in the dependency schema).
 */
export const DEPENDENCY_OVERRIDES = {
  external: 'replace',
  resources: 'replace',
  storage: 'replace',
} as const satisfies Record<string, OverrideMerge>;

/**
 * The topology fields an environment may override (`environments.<env>.<field>`).
 * To add one: its name and merge rule here (the field must exist in the topology schema's
 * `topologyFields`), e.g. `ingress: 'merge-one-level'`, `secretStore: 'replace'`.
 */
export const TOPOLOGY_OVERRIDES = {
  registry: 'replace',
  version: 'replace',
  secretStore: 'replace',
  ingress: 'merge-one-level',
  telemetry: 'merge-one-level',
} as const satisfies Record<string, OverrideMerge>;

/** Most environments a topology may declare. */
export const MAX_ENVIRONMENTS = 16;

export type ServiceOverrideField = keyof typeof SERVICE_OVERRIDES;
export type DependencyOverrideField = keyof typeof DEPENDENCY_OVERRIDES;
export type TopologyOverrideField = keyof typeof TOPOLOGY_OVERRIDES;

/** What an environment overrides of one service. */
export type ServiceOverride = Partial<Pick<ServiceSpec, ServiceOverrideField>>;
/** What an environment overrides of one dependency. */
export type DependencyOverride = Partial<Pick<DependencySpec, DependencyOverrideField>>;

/** One environment: topology fields, and per-service and per-dependency overrides. */
export type EnvironmentSpec = Partial<Pick<TopologyGraph, TopologyOverrideField>> & {
  readonly services?: Readonly<Record<string, ServiceOverride>>;
  readonly dependencies?: Readonly<Record<string, DependencyOverride>>;
};

/** The field schemas an override schema is built from (the shapes of the entry schemas). */
export interface OverrideSources {
  readonly service: Readonly<Record<string, z.ZodType>>;
  readonly dependency: Readonly<Record<string, z.ZodType>>;
  readonly topology: Readonly<Record<string, z.ZodType>>;
  /** The schema of a name (DNS label), with `what` it names. */
  readonly name: (what: string) => z.ZodType<string>;
}

/** The schema of the override of `fields`, each with its own schema (a merged object field may give only some of its fields). */
function overrideObject(fields: Record<string, OverrideMerge>, shape: Readonly<Record<string, z.ZodType>>, what: string): z.ZodObject {
  const picked: Record<string, z.ZodType> = {};
  for (const [field, merge] of Object.entries(fields)) {
    const schema = shape[field];
    if (!schema) throw new Error(`topograph: the ${what} override field '${field}' is not a ${what} field (src/graph/environments.ts)`);
    picked[field] = merge === 'merge-one-level' ? partialOf(schema) : schema;
  }
  return z.strictObject(picked);
}

/** An object field's schema with every field optional (for a one-level merge), else the schema itself. */
function partialOf(schema: z.ZodType): z.ZodType {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (!(inner instanceof z.ZodObject)) return schema;
  try {
    const partial = inner.partial().optional();
    // The field's own description (on the optional wrapper or the object inside it), for the JSON Schema.
    const description = schema.description ?? inner.description;
    return description ? partial.describe(description) : partial;
  } catch {
    // An object with refinements cannot be made partial: the environment gives it whole.
    return schema;
  }
}

/** The text a field list shows in descriptions: `replicas, resources, env`. */
const names = (fields: Record<string, OverrideMerge>) => Object.keys(fields).join(', ');

/** The zod schema of the graph's `environments`, from the field schemas of the moment. */
export function buildEnvironmentsSchema(sources: OverrideSources) {
  const service = overrideObject(SERVICE_OVERRIDES, sources.service, 'service').describe(
    `What this environment changes of the service: ${names(SERVICE_OVERRIDES)}. "env" merges by variable name (a variable an edge sets, or a secret, cannot be overridden); the others replace the base value.`,
  );
  const dependency = overrideObject(DEPENDENCY_OVERRIDES, sources.dependency, 'dependency').describe(
    `What this environment changes of the dependency: ${names(DEPENDENCY_OVERRIDES)}, each replacing the base value. "external": true runs no container in this environment: services get its connection URL as a secret.`,
  );
  const topology = overrideObject(TOPOLOGY_OVERRIDES, sources.topology, 'topology');
  const environment = topology
    .extend({
      services: z
        .record(sources.name('A service of the topology.'), service)
        .optional()
        .describe('Per-service overrides, by service name.'),
      dependencies: z
        .record(sources.name('A dependency of the topology.'), dependency)
        .optional()
        .describe('Per-dependency overrides, by dependency name.'),
    })
    .describe(`One environment: overrides of the topology (${names(TOPOLOGY_OVERRIDES)}), its services and its dependencies over the base.`);
  return z
    .record(sources.name('Environment name: kubernetes-overlays/<env>, docker/docker-compose.<env>.yml.'), environment)
    .refine((envs) => Object.keys(envs).length <= MAX_ENVIRONMENTS, { error: `at most ${MAX_ENVIRONMENTS} environments` })
    .describe(
      `Named environments (e.g. "staging", "prod"), at most ${MAX_ENVIRONMENTS}: each overrides some fields of the base topology. With environments, synth writes a Kustomize base in kubernetes/ (its files as without environments, plus Kustomization) and kubernetes-overlays/<env> and docker/docker-compose.<env>.yml (a compose override file); "topograph synth --env <env>" writes one environment flattened. Default: none (one layout, as without this field).`,
    );
}

/** Merges `override` into `base` field by field, following `rules`. Null-prototype records stay so. */
export function applyOverrides<T extends object>(base: T, override: object | undefined, rules: Record<string, OverrideMerge>): T {
  if (!override) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [field, merge] of Object.entries(rules)) {
    if (!Object.hasOwn(override, field)) continue;
    const value = (override as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const current = out[field];
    out[field] =
      merge !== 'replace' && isPlainObject(current) && isPlainObject(value)
        ? Object.assign(Object.create(null), current, value)
        : value;
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The environments of a graph, in declared order (what `Topology.environmentNames` lists). */
export function environmentNamesOf(environments: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.keys(environments ?? {});
}

/**
 * The graph as if it had been written for `environment`: every override applied, no
 * `environments` left. Pure; the graph is not changed. Unknown services or dependencies an
 * environment names are ignored here (the environment checks report them).
 */
export function flattenGraph(graph: TopologyGraph, environment: string): TopologyGraph {
  const env = graph.environments?.[environment] as EnvironmentSpec | undefined;
  const { environments: _environments, ...rest } = graph;
  if (!env) return rest as TopologyGraph;
  const top = applyOverrides(rest, env, TOPOLOGY_OVERRIDES);
  return {
    ...top,
    services: graph.services.map((s) => applyOverrides(s, ownEntry(env.services, s.name), SERVICE_OVERRIDES)),
    ...(graph.dependencies ? { dependencies: graph.dependencies.map((d) => applyOverrides(d, ownEntry(env.dependencies, d.name), DEPENDENCY_OVERRIDES)) } : {}),
  } as TopologyGraph;
}

/** `record[key]` when it is the record's own entry. */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
