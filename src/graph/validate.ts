/**
 * From text to a valid graph, collecting every problem on the way: JSON syntax (with line and
 * column), the schema (each field, with what was expected), and the topology-wide checks.
 */
import { type ParseError, type ParseErrorCode, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { z } from 'zod';
import { checkTopology, editDistance, type TopologyShape } from './check';
import { type Problem, showValue, sortProblems } from './problems';
import {
  ARCHETYPES,
  DEPENDENCY_TYPES,
  FRAMEWORKS,
  LIVENESS_KINDS,
  FRAMEWORKS_BY_RUNTIME,
  RUNTIMES,
  type Runtime,
  type TopologyGraph,
  topologyGraphSchema,
} from './schema';
import { defaultEdgeEnv } from './edge-env';
import { sizeProblems } from './limits';
import { parseCpu, parseMemory } from './quantities';
import { isOlderThan, RUNTIME_NAMES, RUNTIME_PROFILES } from '../runtimes';

/** The outcome of validating a parsed graph. */
export interface ValidationResult {
  /** The graph, when there are no problems. */
  readonly graph?: TopologyGraph;
  /** Every problem found, each with the value, what was expected and the fix (empty when valid). */
  readonly problems: Problem[];
}

/** Parses JSON text (comments allowed, as in tsconfig.json); each syntax error comes back with line and column. */
export function parseJson(text: string, file: string): { value?: unknown; problems: Problem[] } {
  // Plain JSON (almost every graph) takes the native parser: several times faster on a large graph
  // and the same value. Comments, and errors to locate, take jsonc-parser.
  try {
    return { value: JSON.parse(text), problems: [] };
  } catch {
    // fall through
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false });
  if (errors.length === 0) return { value, problems: [] };
  const problems = errors.slice(0, 5).map((error) => {
    const before = text.slice(0, error.offset).split('\n');
    const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
    const found = text.slice(error.offset, error.offset + Math.max(error.length, 1));
    return {
      message: `${file} is not valid JSON at ${where}`,
      value: found.trim() ? `${JSON.stringify(found)} (${describeParseError(error.error)})` : describeParseError(error.error),
      expected: 'a JSON object (// and /* */ comments are fine; trailing commas are not)',
      action: `Fix the syntax at ${where} in ${file}`,
    };
  });
  return { problems };
}

function describeParseError(code: ParseErrorCode): string {
  const words = printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Validates an already-parsed value as a topology graph. */
export function validateGraph(value: unknown, file = 'topology-graph.json'): ValidationResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      problems: [
        {
          message: `${file} does not hold a topology graph`,
          value: showValue(Array.isArray(value) ? '[…]' : value),
          expected: 'a JSON object with "name" and "services" (see docs/topology-graph.md)',
          action: `Run 'topograph init' for a starter file, or fix ${file}`,
        },
      ],
    };
  }
  const tooLarge = sizeProblems(value as Record<string, unknown>, file);
  if (tooLarge.length > 0) return { problems: tooLarge };
  const parsed = topologyGraphSchema.safeParse(value);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueProblems(issue, value, file));
  problems.push(...crossFieldProblems(value as Record<string, unknown>, file));
  problems.push(...checkTopology(shapeOf(value as Record<string, unknown>, file)));
  const sorted = sortProblems(problems);
  return sorted.length === 0 && parsed.success ? { graph: parsed.data, problems: [] } : { problems: sorted };
}

/** Field rules that depend on another field of the same service (kept out of zod so they run alongside it). */
function crossFieldProblems(graph: Record<string, unknown>, file: string): Problem[] {
  const problems: Problem[] = [];
  list(graph.services).forEach((service, i) => {
    const where = elementWhere('services', service, i);
    const label = typeof service.name === 'string' ? service.name : where;
    const runtime = service.runtime as Runtime;
    const knownFramework = (FRAMEWORKS as readonly unknown[]).includes(service.framework); // else the schema reports it
    if (knownFramework && (RUNTIMES as readonly string[]).includes(runtime)) {
      const allowed = FRAMEWORKS_BY_RUNTIME[runtime];
      if (!(allowed as readonly unknown[]).includes(service.framework)) {
        problems.push({
          message: `Framework ${showValue(service.framework)} does not run on ${runtime} for ${label}`,
          value: showValue(service.framework),
          expected: allowed.length ? `one of: ${allowed.join(', ')} (or no framework)` : `no framework for ${runtime}`,
          action: `Fix ${where}.framework in ${file}`,
        });
      }
    }
    if (
      typeof service.runtimeVersion === 'string' &&
      /^\d+(\.\d+)*$/.test(service.runtimeVersion) &&
      (RUNTIMES as readonly string[]).includes(runtime) &&
      service.archetype !== 'library'
    ) {
      const floor = RUNTIME_PROFILES[runtime].minimumVersion;
      if (isOlderThan(service.runtimeVersion, floor.version)) {
        problems.push({
          message: `${RUNTIME_NAMES[runtime]} ${service.runtimeVersion} is too old for the Dockerfile topograph generates for ${label}`,
          value: showValue(service.runtimeVersion),
          expected: `${runtime} ${floor.version} or later: ${floor.reason}`,
          action: `Set ${where}.runtimeVersion to a supported line (default "${RUNTIME_PROFILES[runtime].defaultVersion}") in ${file}`,
        });
      }
    }
    if (service.archetype === 'web-service' && service.port === undefined) {
      problems.push({
        message: `Web service ${label} has no port`,
        expected: 'an integer port 1-65535 the service listens on',
        action: `Add "port" to ${where} in ${file}`,
      });
    }
    if (service.schedule !== undefined && service.archetype !== 'data-pipeline') {
      problems.push({
        message: `Only data pipelines have a schedule, but ${label} is a ${String(service.archetype)}`,
        value: showValue(service.schedule),
        expected: 'archetype "data-pipeline" for scheduled runs',
        action: `Remove ${where}.schedule or change the archetype in ${file}`,
      });
    }
    if (service.health !== undefined && service.port === undefined) {
      problems.push({
        message: `Service ${label} has a health check but no port to serve it on`,
        expected: 'a "port" alongside "health"',
        action: `Add "port" or remove "health" from ${where} in ${file}`,
      });
    }
    const resources = service.resources as Record<string, Record<string, unknown>> | undefined;
    problems.push(...reservationProblems(resources, label, `${where}.resources`, file));
    const envNames = Object.keys((service.env as object) ?? {});
    for (const secret of list<string>(service.secrets as never)) {
      if (envNames.includes(secret as unknown as string)) {
        problems.push({
          message: `${String(secret)} is both a plain and a secret variable of ${label}`,
          expected: 'a variable in "env" or in "secrets", not both',
          action: `Remove it from ${where}.env in ${file} (secret values never go in the graph)`,
        });
      }
    }
  });
  return problems;
}

function reservationProblems(
  resources: Record<string, Record<string, unknown>> | undefined,
  label: string,
  where: string,
  file: string,
): Problem[] {
  if (!resources?.limits || !resources.reservations) return [];
  const problems: Problem[] = [];
  const pairs: Array<['cpu' | 'memory', (v: never) => number | undefined]> = [
    ['cpu', parseCpu as never],
    ['memory', parseMemory as never],
  ];
  for (const [key, parse] of pairs) {
    const limit = resources.limits[key];
    const reservation = resources.reservations[key];
    if (limit === undefined || reservation === undefined) continue;
    const l = parse(limit as never);
    const r = parse(reservation as never);
    if (l !== undefined && r !== undefined && r > l) {
      problems.push({
        message: `Reservation above limit for ${label} (${key})`,
        value: `reservation ${showValue(reservation)} > limit ${showValue(limit)}`,
        expected: 'reservations.* at most limits.*',
        action: `Fix ${where} in ${file}`,
      });
    }
  }
  return problems;
}

function list<T = Record<string, unknown>>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((v) => v !== null && v !== undefined) as T[]) : [];
}

function elementWhere(collection: string, element: unknown, index: number): string {
  const name = (element as { name?: unknown })?.name;
  return typeof name === 'string' && name.length > 0 ? `${collection}[${name}]` : `${collection}[${index}]`;
}

/** The readable parts of a possibly-invalid graph, for the topology-wide checks. */
function shapeOf(graph: Record<string, unknown>, file: string): TopologyShape {
  const services = list(graph.services)
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => typeof s.name === 'string')
    .map(({ s, i }) => ({
      name: s.name as string,
      archetype: typeof s.archetype === 'string' ? s.archetype : undefined,
      port: typeof s.port === 'number' ? s.port : undefined,
      public: s.public === true,
      env: [
        ...(typeof s.env === 'object' && s.env !== null ? Object.keys(s.env) : []),
        ...list<string>(s.secrets).filter((x) => typeof x === 'string'),
      ],
      where: elementWhere('services', s, i),
    }));
  const dependencies = list(graph.dependencies)
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => typeof d.name === 'string')
    .map(({ d, i }) => ({
      name: d.name as string,
      type: typeof d.type === 'string' ? d.type : undefined,
      port: DEFAULT_DEPENDENCY_PORTS[d.type as string],
      publish: d.publish === true,
      external: d.external === true,
      where: elementWhere('dependencies', d, i),
    }));
  const byName = new Map<string, { kind: 'service' | 'dependency'; type?: string }>();
  services.forEach((s) => byName.set(s.name, { kind: 'service' }));
  dependencies.forEach((d) => byName.set(d.name, { kind: 'dependency', type: d.type }));
  const edges = list(graph.edges)
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => typeof e.from === 'string' && typeof e.to === 'string')
    .map(({ e, i }) => {
      const target = byName.get(e.to as string);
      return {
        from: e.from as string,
        to: e.to as string,
        env: typeof e.env === 'string' ? e.env : target ? defaultEdgeEnv(target.kind, target.type, e.to as string) : undefined,
        database: typeof e.database === 'string' ? e.database : undefined,
        where: `edges[${i}] (${String(e.from)} → ${String(e.to)})`,
      };
    });
  return { services, dependencies, edges, source: file };
}

const DEFAULT_DEPENDENCY_PORTS: Record<string, number> = { postgres: 5432, redis: 6379, nats: 4222 };

const FIELD_EXPECTATIONS: Record<string, { noun: string; expected: string }> = {
  cpu: { noun: 'CPU value', expected: 'numeric (e.g., 2, 0.5) or millicores (e.g., "500m")' },
  memory: { noun: 'memory value', expected: 'an amount with a binary unit (e.g., "512Mi", "4Gi", "512M")' },
  storage: { noun: 'storage size', expected: 'an amount with a binary unit (e.g., "10Gi")' },
  port: { noun: 'port', expected: 'an integer from 1 to 65535' },
  name: { noun: 'name', expected: 'a lower-case DNS label: a-z, 0-9 and "-", starting with a letter, at most 63 characters' },
  from: { noun: 'edge source', expected: 'the name of a service' },
  to: { noun: 'edge target', expected: 'the name of a service or dependency' },
  database: { noun: 'database name', expected: 'a lower-case DNS label' },
  archetype: { noun: 'archetype', expected: `one of: ${ARCHETYPES.join(', ')}` },
  runtime: { noun: 'runtime', expected: `one of: ${RUNTIMES.join(', ')}` },
  type: { noun: 'dependency type', expected: `one of: ${DEPENDENCY_TYPES.join(', ')}` },
  framework: { noun: 'framework', expected: 'fastapi or flask (python), express or fastify (node)' },
  replicas: { noun: 'replica count', expected: 'an integer from 0 to 1000' },
  interval: { noun: 'health interval', expected: 'a duration such as "10s" or "1m30s"' },
  timeout: { noun: 'health timeout', expected: 'a duration such as "3s"' },
  startPeriod: { noun: 'health start period', expected: 'a duration such as "30s"' },
  retries: { noun: 'health retries', expected: 'an integer from 1 to 100' },
  path: { noun: 'health path', expected: 'an HTTP path starting with "/", e.g. "/health"' },
  kind: { noun: 'liveness kind', expected: `one of: ${LIVENESS_KINDS.join(', ')} ("http" with a shallow "path")` },
  schedule: { noun: 'schedule', expected: 'a five-field cron expression, e.g. "0 3 * * *"' },
  runtimeVersion: { noun: 'runtime version', expected: 'a version line such as "3.12" or "24"' },
  version: { noun: 'version', expected: 'a version such as "1.2.0"' },
  env: { noun: 'environment', expected: 'an object of NAME: "string value" pairs' },
  secrets: { noun: 'secret names', expected: 'an array of variable names, e.g. ["JWT_SECRET"]' },
  command: { noun: 'command', expected: 'a non-empty array of strings (exec form)' },
  created: { noun: 'created timestamp', expected: 'UTC time such as "2026-01-31T12:00:00Z"' },
  registry: { noun: 'registry', expected: 'a registry prefix such as "ghcr.io/acme"' },
  image: { noun: 'image', expected: 'an image reference such as "postgres:17"' },
};

const KNOWN_FIELDS: Record<string, string[]> = {
  '': Object.keys(topologyGraphSchema.shape),
};

function issueProblems(issue: z.core.$ZodIssue, root: unknown, file: string): Problem[] {
  const path = issue.path as Array<string | number>;
  const where = describePath(path, root);
  const owner = ownerLabel(path, root);
  const value = valueAt(root, path);
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((unknownKey) => {
      const known = knownKeys(path, root);
      const close = known.find((k) => editDistance(k.toLowerCase(), unknownKey.toLowerCase()) <= 2);
      return {
        message: `Unknown field '${unknownKey}' in ${where || 'the graph'}`,
        value: showValue((value as Record<string, unknown>)?.[unknownKey]),
        expected: known.length ? `one of: ${known.join(', ')}` : 'no other fields',
        action: close ? `Did you mean '${close}'? Fix it in ${file}` : `Remove '${unknownKey}' from ${where || 'the graph'} in ${file}`,
      };
    });
  }
  // A badly spelled edge end is reported once, by the reference check, with a "did you mean".
  if (path[0] === 'edges' && (key === 'from' || key === 'to') && typeof value === 'string') return [];
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    const field = String(path[path.length - 1]);
    return [
      {
        message: `Missing ${field} for ${owner}`,
        expected: FIELD_EXPECTATIONS[field]?.expected ?? (issue.code === 'invalid_type' ? `a ${issue.expected}` : zodExpected(issue)),
        action: `Add "${field}" to ${describePath(path.slice(0, -1), root) || 'the graph'} in ${file}`,
      },
    ];
  }
  const known = key ? FIELD_EXPECTATIONS[key] : undefined;
  const listKey = path.length >= 2 && typeof path[path.length - 1] === 'number' ? String(path[path.length - 2]) : undefined;
  const expectation = known ?? (listKey ? FIELD_EXPECTATIONS[listKey] : undefined);
  if (key === 'services' && issue.code === 'too_small') {
    return [
      {
        message: 'The topology has no services',
        expected: 'at least one service',
        action: `Add a service to "services" in ${file}`,
      },
    ];
  }
  const noun = expectation?.noun ?? 'value';
  const allowed = issue.code === 'invalid_value' ? issue.values.map(String) : issue.code === 'invalid_union' && key === 'kind' ? [...LIVENESS_KINDS] : undefined;
  const close = allowed && typeof value === 'string' ? closest(value, allowed) : undefined;
  return [
    {
      message: `Invalid ${noun} for ${owner}`,
      value: showValue(value),
      expected: expectation?.expected ?? zodExpected(issue),
      action: close ? `Did you mean '${close}'? Fix ${where} in ${file}` : `Fix ${where} in ${file}`,
    },
  ];
}

/** The allowed value a misspelling most likely meant (case-insensitive, at most two edits away). */
function closest(value: string, allowed: readonly string[]): string | undefined {
  const wanted = value.toLowerCase();
  const scored = allowed.map((a) => ({ a, d: editDistance(a.toLowerCase(), wanted) })).filter((x) => x.d <= 2);
  return scored.sort((x, y) => x.d - y.d || x.a.localeCompare(y.a))[0]?.a;
}

function knownKeys(path: Array<string | number>, root: unknown): string[] {
  // The schema of the object at `path`: walk the zod shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let schema: any = topologyGraphSchema;
  for (const step of path) {
    schema = unwrap(schema);
    if (typeof step === 'number') schema = schema?.element ?? schema?.def?.element;
    else schema = schema?.shape?.[step];
  }
  schema = unwrap(schema);
  // A discriminated union (health.liveness): the option the value's discriminator names.
  const discriminator = schema?.def?.discriminator;
  if (discriminator && Array.isArray(schema.def.options)) {
    const tag = (valueAt(root, path) as Record<string, unknown> | undefined)?.[discriminator];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const option = schema.def.options.find((o: any) => o.shape?.[discriminator]?.def?.values?.includes(tag));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return option ? Object.keys(option.shape) : [...new Set<string>(schema.def.options.flatMap((o: any) => Object.keys(o.shape ?? {})))];
  }
  return schema?.shape ? Object.keys(schema.shape) : KNOWN_FIELDS[''];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function unwrap(schema: any): any {
  let current = schema;
  while (current?.def && (current.def.type === 'optional' || current.def.type === 'default' || current.def.type === 'nullable')) {
    current = current.def.innerType;
  }
  return current;
}

function zodExpected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `a ${issue.expected}`;
    case 'too_small':
      return `at least ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: ReadonlyArray<string | number | symbol>): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step as string];
  }
  return current;
}

/** `services[catalog].resources.limits.cpu` rather than `services.0.resources…`. */
function describePath(path: ReadonlyArray<string | number>, root: unknown): string {
  let text = '';
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === 'number') {
      const element = Array.isArray(current) ? current[step] : undefined;
      const name = (element as { name?: unknown })?.name;
      text += typeof name === 'string' && name ? `[${name}]` : `[${step}]`;
      current = element;
    } else {
      text += text ? `.${step}` : step;
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[step] : undefined;
    }
  }
  return text;
}

/** "catalog", "dependency postgres", "edges[2]", or "the topology". */
function ownerLabel(path: ReadonlyArray<string | number>, root: unknown): string {
  const [collection, index] = path;
  if (typeof index === 'number' && (collection === 'services' || collection === 'dependencies' || collection === 'edges')) {
    const element = valueAt(root, [collection, index]) as { name?: unknown; from?: unknown; to?: unknown } | undefined;
    if (collection === 'edges') return `edges[${index}] (${String(element?.from)} → ${String(element?.to)})`;
    const name = typeof element?.name === 'string' && element.name ? element.name : `${collection}[${index}]`;
    return collection === 'dependencies' ? `dependency ${name}` : name;
  }
  return 'the topology';
}

/**
 * Validates one service or dependency given in code, with the same rules and messages as the
 * JSON door. Used by the construct constructors so a bad value fails at the line that wrote it.
 */
export function specProblems(collection: 'services' | 'dependencies', spec: Record<string, unknown>, source: string): Problem[] {
  const schema = collection === 'services' ? topologyGraphSchema.shape.services.element : dependencySchemaOf();
  const root = { [collection]: [spec] };
  const parsed = schema.safeParse(spec);
  const problems = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => issueProblems({ ...issue, path: [collection, 0, ...issue.path] } as z.core.$ZodIssue, root, source));
  if (collection === 'services') problems.push(...crossFieldProblems(root, source));
  return sortProblems(problems);
}

function dependencySchemaOf() {
  return topologyGraphSchema.shape.dependencies.unwrap().element;
}
