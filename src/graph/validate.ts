/**
 * From text to a valid graph, collecting every problem on the way: JSON syntax (with line and
 * column), the schema (each field, with what was expected), and the topology-wide checks.
 */
import { type ParseError, type ParseErrorCode, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { z } from 'zod';
import { checkTopology, editDistance, type ShapeEnvironment, type TopologyShape } from './check';
import { environmentNamesOf, flattenGraph, MAX_ENVIRONMENTS } from './environments';
import { hiddenValue, type Problem, showValue, sortProblems } from './problems';
import {
  ARCHETYPES,
  DEPENDENCY_TYPES,
  DNS_LABEL,
  FRAMEWORKS,
  LIVENESS_KINDS,
  HEALTH_KINDS,
  PORT_PROTOCOLS,
  PORT_NAME_RULE,
  GRPC_SERVICE_RULE,
  FRAMEWORKS_BY_RUNTIME,
  RUNTIMES,
  type Runtime,
  dependencyPropsSchema,
  frameworksByRuntimeText,
  type TopologyGraph,
  topologyGraphSchema,
} from './schema';
import { defaultEdgeEnv } from './edge-env';
import type { ConnectionOptions } from './connection';
import { isSecretTemplate, secretsOfTemplate } from './secret-template';
import { defaultProfile } from './members';
import { ENTRY_RULE, HTTP_PATH_RULE, IMAGE_RULE, CRON_RULE, DNS_LABEL_RULE, ENV_NAME_RULE } from './schema';
import { FREE_TEXT_EXPECTED, unsafeCharacter } from './grammar';
import { sizeProblems } from './limits';
import { parseCpu, parseMemory } from './quantities';
import { hasHealthCheck, servicePortProblems } from './service-ports';
import { deepNestingOffset, MAX_NESTING, structureProblems } from './structure';
import { secretLiteral } from '../secret-literals';
import { deepFreeze } from '../freeze';
import { dependencyKind, IMAGE_RUNTIMES, isOlderThan, runtimePack } from './kinds';
import { versionLineOf } from './digest';
import { COLLECTOR_NAME } from './telemetry';
import { imageFieldProblems } from './image-fields';
import { AUTOSCALE_EXPECTATIONS, autoscaleProblems } from './autoscale';
import { SECRET_STORE_EXPECTATIONS } from './secret-store';
// B (issue 18): ingress
import {
  INGRESS_APIS,
  INGRESS_HOST_RULE,
  INGRESS_PATH_RULE,
  ISSUER_KINDS,
  MAX_INGRESS_HOSTS,
  OBJECT_NAME_RULE,
  PATH_TYPES,
  serviceIngressProblems,
  shapeRoutesOf,
  topologyIngressProblems,
} from './ingress';

declare const validGraphBrand: unique symbol;

/**
 * A graph that passed `validateGraph`: deeply frozen, so it stays what was checked.
 * `Topology.fromGraph` builds it without validating it again; only `validateGraph` makes one.
 */
export type ValidGraph = TopologyGraph & { readonly [validGraphBrand]: true };

/** The graphs `validateGraph` returned (frozen): the brand, checked at run time. */
const validGraphs = new WeakSet<object>();

/** Whether `value` is a graph `validateGraph` (or `loadGraphFile`) returned. */
export function isValidGraph(value: unknown): value is ValidGraph {
  return typeof value === 'object' && value !== null && validGraphs.has(value);
}

function brand(graph: TopologyGraph): ValidGraph {
  validGraphs.add(deepFreeze(graph));
  return graph as ValidGraph;
}

/** The outcome of validating a parsed graph. */
export interface ValidationResult {
  /** The graph, when there are no problems. */
  readonly graph?: ValidGraph;
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
  // jsonc-parser recurses: text nested too deeply would exhaust the stack, so it is refused first.
  const deep = deepNestingOffset(text);
  if (deep !== undefined) {
    const before = text.slice(0, deep).split('\n');
    const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
    return {
      problems: [
        {
          message: `${file} nests deeper than ${MAX_NESTING} levels at ${where}`,
          expected: `JSON nested at most ${MAX_NESTING} levels deep`,
          action: `Remove the deeply nested value at ${where} in ${file}`,
        },
      ],
    };
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
  const malformed = structureProblems(value, file);
  if (malformed.length > 0) return { problems: malformed };
  const parsed = topologyGraphSchema.safeParse(value);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueProblems(issue, value, file));
  problems.push(...crossFieldProblems(value as Record<string, unknown>, file));
  problems.push(...checkTopology(shapeOf(value as Record<string, unknown>, file)));
  if (parsed.success) problems.push(...environmentGraphProblems(parsed.data, problems, file));
  const sorted = sortProblems(problems);
  return sorted.length === 0 && parsed.success ? { graph: brand(parsed.data), problems: [] } : { problems: sorted };
}

/**
 * What is wrong only in an environment: each environment's graph, flattened (every override
 * applied), checked like a graph of its own (fields that depend on each other, the topology
 * checks), less what the base graph has already. An environment whose overrides are already
 * reported (an unknown service, an edge's variable) is not flattened.
 */
function environmentGraphProblems(graph: TopologyGraph, found: readonly Problem[], file: string): Problem[] {
  const seen = new Set(found.map(problemKey));
  const problems: Problem[] = [];
  for (const env of environmentNamesOf(graph.environments)) {
    if (found.some((p) => p.path === `environments.${env}`)) continue;
    const flat = flattenGraph(graph, env) as unknown as Record<string, unknown>;
    const parsed = topologyGraphSchema.safeParse(flat);
    const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueProblems(issue, flat, file));
    const own = [...schemaProblems, ...crossFieldProblems(flat, file), ...checkTopology(shapeOf(flat, file))];
    for (const p of own) {
      if (seen.has(problemKey(p))) continue;
      problems.push({
        ...p,
        message: `In environment '${env}': ${p.message}`,
        action: `${p.action} (the value of environment '${env}' comes from environments.${env} in ${file})`,
        path: `environments.${env}`,
      });
    }
  }
  return problems;
}

function problemKey(p: Problem): string {
  return `${p.message}\u0000${p.value ?? ''}`;
}

/** The fields of a topology itself (no services, dependencies or edges): `new Topology(scope, id, props)`. */
const topologyPropsSchema = topologyGraphSchema.omit({ $schema: true, services: true, dependencies: true, edges: true });

/**
 * Validates the props of a topology given in code (name, version, registry, lint
 * acknowledgements, …) with the graph's grammar and messages; its services, dependencies and
 * edges are checked where they are added.
 */
export function topologyPropProblems(props: Record<string, unknown>, source: string): Problem[] {
  const malformed = structureProblems(props, source);
  if (malformed.length > 0) return malformed;
  const parsed = topologyPropsSchema.safeParse(props);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueProblems(issue, props, source));
  return sortProblems([...problems, ...topologyIngressProblems(props.ingress, source)]);
}

/** Field rules that depend on another field of the same service (kept out of zod so they run alongside it). */
function crossFieldProblems(graph: Record<string, unknown>, file: string): Problem[] {
  // B (issue 18): the topology's ingress against itself (here, so an environment's flattened graph gets it too).
  const problems: Problem[] = topologyIngressProblems(graph.ingress, file);
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
    problems.push(...imageFieldProblems(service, label, where, file));
    if (
      typeof service.runtimeVersion === 'string' &&
      /^\d+(\.\d+)*$/.test(versionLineOf(service.runtimeVersion)) &&
      (RUNTIMES as readonly string[]).includes(runtime) &&
      service.archetype !== 'library'
    ) {
      const { minimumVersion: floor, title, defaultVersion } = runtimePack(runtime);
      if (isOlderThan(service.runtimeVersion, floor.version)) {
        problems.push({
          message: `${title} ${versionLineOf(service.runtimeVersion)} is too old for the Dockerfile topograph generates for ${label}`,
          value: showValue(service.runtimeVersion),
          expected: `${runtime} ${floor.version} or later: ${floor.reason}`,
          action: `Set ${where}.runtimeVersion to a supported line (default "${defaultVersion}") in ${file}`,
        });
      }
    }
    if (service.archetype === 'web-service' && service.port === undefined && service.ports === undefined) {
      problems.push({
        message: `Web service ${label} has no port`,
        expected: 'an integer port 1-65535 the service listens on ("port"), or a list of "ports"',
        action: `Add "port" (or "ports") to ${where} in ${file}`,
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
    problems.push(...servicePortProblems(service, label, where, file));
    problems.push(...serviceIngressProblems(service, label, where, file));
    if (service.archetype === 'job' && service.health !== undefined) {
      problems.push({
        message: `Job ${label} has a health check`,
        expected: 'no "health" on a job: it runs to completion, and dependants wait for it to complete',
        action: `Remove "health" from ${where} in ${file}`,
      });
    }
    problems.push(...secretTemplateProblems(service, label, where, file));
    if (typeof service.entry === 'string' && (RUNTIMES as readonly unknown[]).includes(runtime)) {
      problems.push(...entryProblems(service.entry, runtime, service.framework !== undefined, label, where, file));
    }
    const resources = isRecord(service.resources) ? (service.resources as Record<string, unknown>) : undefined;
    problems.push(...reservationProblems(resources, label, `${where}.resources`, file));
    problems.push(...autoscaleProblems(service, label, where, file));
    const env = isRecord(service.env) ? (service.env as Record<string, unknown>) : {};
    const envNames = Object.keys(env);
    for (const secret of list<string>(service.secrets as never)) {
      if (envNames.includes(secret as unknown as string)) {
        problems.push({
          message: `${String(secret)} is both a plain and a secret variable of ${label}`,
          expected: 'a variable in "env" or in "secrets", not both',
          action: `Remove it from ${where}.env in ${file} (secret values never go in the graph)`,
        });
      }
    }
    if (service.archetype !== 'library' && !acknowledged(graph, 'compose-secret-in-env', service.name)) {
      for (const [name, value] of Object.entries(env)) {
        if (typeof value === 'string') problems.push(...secretEnvProblems(name, value, label, where, file));
      }
    }
  });
  return problems;
}

/** Each `{secret:NAME}` of an env value or command argument names one of the service's `secrets`. */
function secretTemplateProblems(service: Record<string, unknown>, label: string, where: string, file: string): Problem[] {
  const secrets = list<string>(service.secrets as never).filter((s) => typeof s === 'string');
  const templates: Array<[string, unknown]> = [
    ...Object.entries(isRecord(service.env) ? (service.env as Record<string, unknown>) : {}).map(([k, v]): [string, unknown] => [`${where}.env.${k}`, v]),
    ...list(service.command as never).map((v, i): [string, unknown] => [`${where}.command[${i}]`, v]),
  ];
  const problems: Problem[] = [];
  for (const [at, value] of templates) {
    if (!isSecretTemplate(value)) continue;
    for (const name of secretsOfTemplate(value.template)) {
      if (secrets.includes(name)) continue;
      problems.push({
        message: `${at} of ${label} reads secret ${name}, which is not in its "secrets"`,
        value: `{secret:${name}}`,
        expected: secrets.length ? `one of its secrets: ${secrets.join(', ')}` : 'a secret the service lists in "secrets"',
        action: `Add "${name}" to ${where}.secrets in ${file}, or fix the placeholder`,
      });
    }
  }
  return problems;
}

/**
 * A plain variable that holds a secret: what synth's lint refuses in the compose file
 * (compose-secret-in-env), found here with an action on the graph. The value is checked as the
 * compose file would spell it (a "$" in the graph is literal, so "${X}" is no reference).
 */
function secretEnvProblems(name: string, value: string, label: string, where: string, file: string): Problem[] {
  const why = secretLiteral(name, value.replace(/\$/g, '$$$$'));
  if (!why) return [];
  return [
    {
      message: `Plain variable ${name} of ${label} looks like a secret (${why.replace(/^\S+ /, '')})`,
      value: hiddenValue(value),
      expected: 'secret values never in the graph: a secret is named in "secrets" and its value is supplied at run time (.env for compose, the Kubernetes Secret)',
      action: `Move ${name} from ${where}.env to ${where}.secrets in ${file}, and put its value in .env (start.sh creates it with a random value) or the Secret; if it is not a secret, acknowledge it: "lint": {"acknowledge": [{"rule": "compose-secret-in-env", "service": "${label}", "reason": "…"}]}`,
    },
  ];
}

/** Whether the graph's lint section accepts `rule` for `service` (all of the rule, or that service). */
function acknowledged(graph: Record<string, unknown>, rule: string, service: unknown): boolean {
  const lint = isRecord(graph.lint) ? (graph.lint as Record<string, unknown>) : undefined;
  return list(lint?.acknowledge).some(
    (a) => isRecord(a) && a.rule === rule && typeof a.reason === 'string' && /\S/.test(a.reason) && (a.service === undefined || a.service === service),
  );
}

/** `entry` in the grammar of its runtime (docs/topology-graph.md#grammar). */
function entryProblems(entry: string, runtime: Runtime, framework: boolean, label: string, where: string, file: string): Problem[] {
  const { pattern: grammar, expected } = runtimePack(runtime).entry(framework);
  if (grammar.test(entry)) return [];
  return [
    {
      message: `Invalid entry for ${label} (${runtime})`,
      value: showValue(entry),
      expected,
      action: `Fix ${where}.entry in ${file}`,
    },
  ];
}

function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reservationProblems(resources: Record<string, unknown> | undefined, label: string, where: string, file: string): Problem[] {
  const limits = resources?.limits;
  const reservations = resources?.reservations;
  if (!isRecord(limits) || !isRecord(reservations)) return [];
  const problems: Problem[] = [];
  const pairs: Array<['cpu' | 'memory', (v: never) => number | undefined]> = [
    ['cpu', parseCpu as never],
    ['memory', parseMemory as never],
  ];
  for (const [key, parse] of pairs) {
    const limit = (limits as Record<string, unknown>)[key];
    const reservation = (reservations as Record<string, unknown>)[key];
    // A value of the wrong type is reported by the schema; only amounts are compared.
    const amount = (v: unknown) => typeof v === 'number' || typeof v === 'string';
    if (!amount(limit) || !amount(reservation)) continue;
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

/** The container port of a written service's first `ports` entry. */
function primaryPortOf(service: Record<string, unknown>): number | undefined {
  const first = list<{ port?: unknown }>(service.ports)[0]?.port;
  return typeof first === 'number' ? first : undefined;
}

/** The host ports a written service publishes (`ports[].host`), for the clash check. */
function hostPortsOf(service: Record<string, unknown>): number[] {
  return list<{ host?: unknown }>(service.ports)
    .map((p) => p.host)
    .filter((h): h is number => typeof h === 'number');
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
      port: typeof s.port === 'number' ? s.port : primaryPortOf(s),
      hostPorts: hostPortsOf(s),
      public: s.public === true,
      env: [
        ...(typeof s.env === 'object' && s.env !== null ? Object.keys(s.env) : []),
        ...list<string>(s.secrets).filter((x) => typeof x === 'string'),
      ],
      secrets: list<string>(s.secrets).filter((x) => typeof x === 'string'),
      ...memberShape(s),
      profile: s.profile === false ? undefined : typeof s.profile === 'string' ? s.profile : typeof s.archetype === 'string' ? defaultProfile(s.archetype) : undefined,
      hasHealthCheck: hasHealthCheck(s),
      ...(shapeRoutesOf(s) ? { routes: shapeRoutesOf(s) } : {}),
      where: elementWhere('services', s, i),
    }));
  const dependencies = list(graph.dependencies)
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => typeof d.name === 'string')
    .map(({ d, i }) => ({
      name: d.name as string,
      type: typeof d.type === 'string' ? d.type : undefined,
      port: typeof d.type === 'string' ? DEFAULT_DEPENDENCY_PORTS.get(d.type) : undefined,
      publish: d.publish === true,
      external: d.external === true,
      ...memberShape(d),
      where: elementWhere('dependencies', d, i),
    }));
  const byName = new Map<string, { kind: 'service' | 'dependency'; type?: string; archetype?: string }>();
  services.forEach((s) => byName.set(s.name, { kind: 'service', archetype: s.archetype }));
  dependencies.forEach((d) => byName.set(d.name, { kind: 'dependency', type: d.type }));
  const edges = list(graph.edges)
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => typeof e.from === 'string' && typeof e.to === 'string')
    .map(({ e, i }) => {
      const target = byName.get(e.to as string);
      const options = edgeOptionsOf(e);
      const setsMain = options.format !== 'none' && target?.archetype !== 'job';
      return {
        from: e.from as string,
        to: e.to as string,
        env: !setsMain ? undefined : typeof e.env === 'string' ? e.env : target ? defaultEdgeEnv(target.kind, target.type, e.to as string) : undefined,
        explicitEnv: typeof e.env === 'string',
        database: typeof e.database === 'string' ? e.database : undefined,
        options,
        ...(target?.kind === 'dependency' && target.type !== undefined ? { connection: kindConnectionFacts(target.type, e.to as string, e.from as string, options) } : {}),
        where: `edges[${i}] (${String(e.from)} → ${String(e.to)})`,
      };
    });
  const segments = list(graph.segments).flatMap((s) => (typeof s.name === 'string' ? [s.name] : []));
  // telemetry.collector adds the dependency otel-collector: its name is taken like any member's.
  const telemetry = typeof graph.telemetry === 'object' && graph.telemetry !== null ? (graph.telemetry as Record<string, unknown>) : undefined;
  if (telemetry?.collector === true) dependencies.push({ name: COLLECTOR_NAME, type: COLLECTOR_NAME, port: DEFAULT_DEPENDENCY_PORTS.get(COLLECTOR_NAME), publish: false, external: false, where: 'telemetry.collector' });
  const environments = environmentsShapeOf(graph.environments);
  return {
    services,
    dependencies,
    edges,
    source: file,
    ...(segments.length ? { segments } : {}),
    ...(telemetry ? { telemetry: true } : {}),
    ...(environments.length ? { environments } : {}),
  };
}

/** The readable parts of a possibly-invalid `environments`, for the environment checks. */
function environmentsShapeOf(value: unknown): ShapeEnvironment[] {
  if (!isRecord(value)) return [];
  const records = (v: unknown) => (isRecord(v) ? Object.entries(v as Record<string, unknown>) : []);
  return Object.entries(value as Record<string, unknown>).map(([name, env]) => {
    const e = isRecord(env) ? (env as Record<string, unknown>) : {};
    return {
      name,
      services: records(e.services).map(([service, o]) => ({ name: service, env: isRecord(o) ? records((o as Record<string, unknown>).env).map(([k]) => k) : [] })),
      dependencies: records(e.dependencies).map(([d]) => d),
      where: `environments.${name}`,
    };
  });
}

/** A member's aliases and segments, where they are lists of strings. */
function memberShape(member: Record<string, unknown>): { aliases?: string[]; segments?: string[] } {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  const aliases = strings(member.aliases);
  const segments = strings(member.segments);
  return { ...(aliases ? { aliases } : {}), ...(segments ? { segments } : {}) };
}

/** The connection fields and wait of a (possibly invalid) edge, where they have the right type. */
function edgeOptionsOf(e: Record<string, unknown>): ConnectionOptions & { wait?: string; database?: string } {
  const out: Record<string, unknown> = {};
  for (const key of ['format', 'template', 'hostEnv', 'portEnv', 'userEnv', 'passwordEnv', 'databaseEnv', 'wait', 'database']) if (typeof e[key] === 'string') out[key] = e[key];
  if (typeof e.port === 'string' || typeof e.port === 'number') out.port = e.port;
  return out as ConnectionOptions & { wait?: string };
}

/** What the connection a dependency kind hands `service` has (user, password, database), from its pack. */
function kindConnectionFacts(type: string, dependency: string, service: string, options: ConnectionOptions & { database?: string }): { hasUser: boolean; hasPassword: boolean; hasDatabase: boolean } {
  const kind = dependencyKind(type);
  if (!kind) return { hasUser: true, hasPassword: true, hasDatabase: true }; // the schema reports the type
  const c = { ...kind.connection, ...(kind.connectionFor?.(dependency, { service, options }) ?? {}) };
  return { hasUser: c.username !== undefined, hasPassword: c.passwordSecret !== undefined, hasDatabase: c.path !== undefined };
}

/** The port of each dependency kind: its pack's (src/graph/kinds/dependencies/). */
const DEFAULT_DEPENDENCY_PORTS = { get: (type: string) => dependencyKind(type)?.port };

/** What each field must hold, by field name (a Map: field names come from the user's file). */
const FIELD_EXPECTATIONS = new Map<string, { noun: string; expected: string }>(
  Object.entries({
    cpu: { noun: 'CPU value', expected: 'numeric (e.g., 2, 0.5) or millicores (e.g., "500m"), from 1m to 1024 cores' },
    memory: { noun: 'memory value', expected: 'an amount with a binary unit (e.g., "512Mi", "4Gi", "512M"), from 6Mi to 1Pi' },
    storage: { noun: 'storage size', expected: 'an amount with a binary unit (e.g., "10Gi"), from 1Mi to 1Pi' },
    port: { noun: 'port', expected: 'an integer from 1 to 65535' },
    name: { noun: 'name', expected: DNS_LABEL_RULE.replace(/^A /, 'a ') },
    namespace: { noun: 'namespace', expected: DNS_LABEL_RULE.replace(/^A /, 'a ') },
    service: { noun: 'service name', expected: DNS_LABEL_RULE.replace(/^A /, 'a ') },
    from: { noun: 'edge source', expected: 'the name of a service' },
    to: { noun: 'edge target', expected: 'the name of a service or dependency' },
    database: { noun: 'database name', expected: DNS_LABEL_RULE.replace(/^A /, 'a ') },
    archetype: { noun: 'archetype', expected: `one of: ${ARCHETYPES.join(', ')}` },
    runtime: { noun: 'runtime', get expected() { return `one of: ${[...RUNTIMES, ...IMAGE_RUNTIMES].join(', ')}`; } },
    type: { noun: 'dependency type', get expected() { return `one of: ${DEPENDENCY_TYPES.join(', ')}`; } },
    framework: { noun: 'framework', get expected() { return frameworksByRuntimeText(); } },
    replicas: { noun: 'replica count', expected: 'an integer from 0 to 1000' },
    interval: { noun: 'health interval', expected: 'a duration such as "10s" or "1m30s", from 1s to 1h' },
    timeout: { noun: 'health timeout', expected: 'a duration such as "3s", from 1s to 1h' },
    startPeriod: { noun: 'health start period', expected: 'a duration such as "30s", from 0s to 1h' },
    retries: { noun: 'health retries', expected: 'an integer from 1 to 100' },
    kind: { noun: 'liveness kind', expected: `one of: ${LIVENESS_KINDS.join(', ')} ("http" with a shallow "path", "exec" with a "command")` },
    'health.kind': { noun: 'health kind', expected: `one of: ${HEALTH_KINDS.join(', ')}` },
    'health.port': { noun: 'health port', expected: 'a port name of the service or a container port number' },
    'health.service': { noun: 'gRPC health service', expected: GRPC_SERVICE_RULE.replace(/^A /, 'a ') },
    'liveness.service': { noun: 'gRPC health service', expected: GRPC_SERVICE_RULE.replace(/^A /, 'a ') },
    'health.command': { noun: 'health command', expected: 'a non-empty array of strings (exec form), each without whitespace or a control character (podman splits health-check arguments on whitespace)' },
    'liveness.command': { noun: 'liveness command', expected: 'a non-empty array of strings (exec form), each without whitespace or a control character' },
    ports: { noun: 'ports', expected: 'a list of 1 to 32 ports such as { "name": "http", "port": 8080 }' },
    'ports.name': { noun: 'port name', expected: PORT_NAME_RULE.replace(/^A /, 'a ') },
    'ports.port': { noun: 'port', expected: 'an integer from 1 to 65535 (the container port)' },
    servicePort: { noun: 'service port', expected: 'an integer from 1 to 65535 (the Kubernetes Service port)' },
    host: { noun: 'host port', expected: 'an integer from 1 to 65535 (the port published on the host)' },
    protocol: { noun: 'port protocol', expected: `one of: ${PORT_PROTOCOLS.join(', ')}` },
    path: { noun: 'health path', expected: `an HTTP path such as "/health". ${HTTP_PATH_RULE}` },
    schedule: { noun: 'schedule', expected: `a five-field cron expression, e.g. "0 3 * * *". ${CRON_RULE}` },
    runtimeVersion: { noun: 'runtime version', expected: 'a version line such as "3.12" or "24" (up to four dot-separated numbers), optionally pinned: "24@sha256:" and 64 lower-case hex digits' },
    'dependencies.version': { noun: 'version', expected: 'a version line such as "17" (up to four dot-separated numbers), optionally pinned: "17@sha256:" and 64 lower-case hex digits' },
    user: { noun: 'user id', expected: 'an integer from 1 to 2147483647 (the numeric user the image runs as; 0, root, is refused)' },
    dockerfile: { noun: 'Dockerfile path', expected: 'a file relative to the build context, e.g. "Dockerfile" or "docker/Dockerfile.prod" (no "..", no leading "/")' },
    baseImages: { noun: 'base images', expected: '{"build": IMAGE, "runtime": IMAGE}, at least one of them' },
    version: { noun: 'version', expected: 'a version such as "1.2.0"' },
    env: { noun: 'environment', expected: `an object of NAME: "string value" pairs; names: ${ENV_NAME_RULE.replace(/^A /, 'a ').replace(/\.$/, '')}; values: ${FREE_TEXT_EXPECTED}` },
    secrets: { noun: 'secret names', expected: `an array of variable names, e.g. ["JWT_SECRET"]; ${ENV_NAME_RULE.replace(/^A variable name/, 'each').replace(/\.$/, '')}` },
    command: { noun: 'command', expected: `a non-empty array of strings (exec form), each ${FREE_TEXT_EXPECTED.replace(/^one line of text/, 'one line')}` },
    created: { noun: 'created timestamp', expected: 'UTC time such as "2026-01-31T12:00:00Z"' },
    registry: { noun: 'registry', expected: 'a registry prefix such as "ghcr.io/acme" (a host, an optional ":port", lower-case path components)' },
    image: { noun: 'image', expected: `an image reference such as "postgres:17". ${IMAGE_RULE}` },
    entry: { noun: 'entry', expected: ENTRY_RULE },
    context: { noun: 'build context', expected: 'a directory relative to the graph file: "/"-separated names of letters, digits, spaces, ".", "_", "-", "@", "+" and "~"' },
    description: { noun: 'description', expected: `${FREE_TEXT_EXPECTED}, at most 1000 characters` },
    reason: { noun: 'acknowledgement reason', expected: `a sentence saying why the finding is acceptable: ${FREE_TEXT_EXPECTED}` },
    labels: { noun: 'label', expected: `keys such as "com.example.team" (lower-case letters, digits, ".", "_", "-"); values: ${FREE_TEXT_EXPECTED}` },
    source: { noun: 'source URL', expected: 'a URL such as "https://github.com/acme/shop" (RFC 3986 characters only)' },
    $schema: { noun: '$schema', expected: 'a path or URL (RFC 3986 characters only)' },
    ...AUTOSCALE_EXPECTATIONS,
    ...SECRET_STORE_EXPECTATIONS,
    // B (issue 18): ingress
    hosts: { noun: 'ingress host', expected: `a list of 1 to ${MAX_INGRESS_HOSTS} host names. ${INGRESS_HOST_RULE}` },
    'ingress.path': { noun: 'ingress path', expected: `an HTTP path such as "/" or "/api". ${INGRESS_PATH_RULE}` },
    'ingress.port': { noun: 'ingress port', expected: `the name of an http port of the service, e.g. "http". ${PORT_NAME_RULE}` },
    pathType: { noun: 'ingress path type', expected: `one of: ${PATH_TYPES.join(', ')}` },
    api: { noun: 'ingress API', expected: `one of: ${INGRESS_APIS.join(', ')}` },
    className: { noun: 'IngressClass name', expected: OBJECT_NAME_RULE.replace(/^A /, 'a ') },
    controllerNamespace: { noun: 'controller namespace', expected: DNS_LABEL_RULE.replace(/^A /, 'a ') },
    gateway: { noun: 'Gateway', expected: '{"name": NAME, "namespace": NAMESPACE, "listener"?: LISTENER}' },
    'gateway.name': { noun: 'Gateway name', expected: OBJECT_NAME_RULE.replace(/^A /, 'a ') },
    'gateway.namespace': { noun: 'Gateway namespace', expected: DNS_LABEL_RULE.replace(/^A /, 'a ') },
    listener: { noun: 'Gateway listener', expected: DNS_LABEL_RULE.replace(/^A /, 'a ') },
    'tls.secret': { noun: 'TLS Secret name', expected: OBJECT_NAME_RULE.replace(/^A /, 'a ') },
    issuer: { noun: 'cert-manager issuer', expected: OBJECT_NAME_RULE.replace(/^A /, 'a ') },
    issuerKind: { noun: 'issuer kind', expected: `one of: ${ISSUER_KINDS.join(', ')}` },
  }),
);

/**
 * Fields of a service or dependency whose values may hold a secret (plain values, or a secret's
 * value given where its name belongs): never shown in a message or --json (docs/security.md#secrets).
 */
const SECRET_FIELDS = new Set(['env', 'secrets', 'secretEnv']);

/** Records whose keys are the user's (variable names, label keys): a path ends its field there. */
const RECORDS = new Set(['env', 'labels', 'secretEnv', 'keys']);

/**
 * The schema field a path points into, as `parent.field` and `field` (expectations are looked up
 * in that order): the first record (env, labels) on the way, else the last field.
 */
function fieldOf(path: ReadonlyArray<PropertyKey>): { qualified?: string; field?: string } {
  let field: string | undefined;
  let parent: string | undefined;
  for (const step of path) {
    if (typeof step !== 'string') continue;
    parent = field;
    field = step;
    if (RECORDS.has(step) && parent !== 'connection') break;
  }
  return { qualified: parent && field ? `${parent}.${field}` : undefined, field };
}

/**
 * A path into `environments` as the path of the field it overrides (`environments.prod.services.api.replicas`
 * → `services.0.replicas`, `environments.prod.version` → `version`), so an override is judged like the field.
 */
function basePathOf(path: ReadonlyArray<PropertyKey>): ReadonlyArray<PropertyKey> {
  if (path[0] !== 'environments' || path.length < 3) return path;
  const level = path[2];
  if ((level === 'services' || level === 'dependencies') && path.length >= 4) return [level, 0, ...path.slice(4)];
  return path.slice(2);
}

/** What an environment's names must be: the environment itself, and the services and dependencies it names. */
const ENVIRONMENT_EXPECTATIONS = {
  environments: { noun: 'environments', expected: `at most ${MAX_ENVIRONMENTS} named environments, e.g. {"staging": {…}, "prod": {…}}` },
  environment: { noun: 'environment', expected: `${DNS_LABEL_RULE.replace(/^A /, 'a ')} Environments are named like "staging" or "prod"` },
  services: { noun: 'service', expected: `the name of a service of the topology: ${DNS_LABEL_RULE.replace(/^A /, 'a ')}` },
  dependencies: { noun: 'dependency', expected: `the name of a dependency of the topology: ${DNS_LABEL_RULE.replace(/^A /, 'a ')}` },
} as const;

function expectationOf(path: ReadonlyArray<PropertyKey>, overrides?: ReadonlyMap<string, { noun: string; expected: string }>): { field?: string; expectation?: { noun: string; expected: string } } {
  if (path[0] === 'environments') {
    if (path.length === 1) return { field: 'environments', expectation: ENVIRONMENT_EXPECTATIONS.environments };
    if (path.length === 2) return { field: 'environments', expectation: ENVIRONMENT_EXPECTATIONS.environment };
    if (path.length === 4 && (path[2] === 'services' || path[2] === 'dependencies')) return { field: String(path[2]), expectation: ENVIRONMENT_EXPECTATIONS[path[2]] };
    return expectationOf(basePathOf(path), overrides);
  }
  const { qualified, field } = fieldOf(path);
  const lookup = (k: string | undefined) => (k === undefined ? undefined : (overrides?.get(k) ?? FIELD_EXPECTATIONS.get(k)));
  const listKey = path.length >= 2 && typeof path[path.length - 1] === 'number' ? String(path[path.length - 2]) : undefined;
  return { field, expectation: lookup(qualified) ?? lookup(field) ?? lookup(listKey) };
}

/** The value at `path` as a message may show it: hidden when it may be a secret. */
function shownAt(fullPath: ReadonlyArray<PropertyKey>, value: unknown): string {
  const path = basePathOf(fullPath);
  const inSecretField = (path[0] === 'services' || path[0] === 'dependencies') && typeof path[2] === 'string' && SECRET_FIELDS.has(path[2]);
  const secret = inSecretField || mayBeSecret(path, value);
  return secret ? hiddenValue(value) : showValue(value);
}

/** A value under a key named like a credential, or a string that looks like one (`Bearer …`, a URL with a password). */
function mayBeSecret(path: ReadonlyArray<PropertyKey>, value: unknown): boolean {
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (key !== undefined && secretLiteral(key, 'x') !== undefined) return true;
  return typeof value === 'string' && secretLiteral('VALUE', value) !== undefined;
}

function issueProblems(
  issue: z.core.$ZodIssue,
  root: unknown,
  file: string,
  overrides?: ReadonlyMap<string, { noun: string; expected: string }>,
): Problem[] {
  const path = issue.path as Array<string | number>;
  const where = describePath(path, root);
  const owner = ownerLabel(path, root);
  const value = valueAt(root, path);

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((unknownKey) => {
      const known = knownKeys(path, root);
      const close = known.find((k) => editDistance(k.toLowerCase(), unknownKey.toLowerCase()) <= 2);
      return {
        message: `Unknown field '${unknownKey}' in ${where || 'the graph'}`,
        value: shownAt([...path, unknownKey], (value as Record<string, unknown>)?.[unknownKey]),
        expected: known.length ? `${path[0] === 'environments' ? 'one of the fields an environment overrides here: ' : 'one of: '}${known.join(', ')}` : 'no other fields',
        action: close ? `Did you mean '${close}'? Fix it in ${file}` : `Remove '${unknownKey}' from ${where || 'the graph'} in ${file}`,
      };
    });
  }
  const { field: key, expectation } = expectationOf(path, overrides);
  // An entry of a known runtime is checked against that runtime's grammar (crossFieldProblems), more precisely.
  if (key === 'entry' && path[0] === 'services' && (RUNTIMES as readonly unknown[]).includes(valueAt(root, [...path.slice(0, 2), 'runtime']))) return [];
  // A badly spelled edge end is reported once, by the reference check, with a "did you mean".
  if (path[0] === 'edges' && (key === 'from' || key === 'to') && typeof value === 'string' && unsafeCharacter(value) === undefined) return [];
  // A missing field is "missing", whatever zod calls it (a missing enum value is an invalid_value).
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
    const field = String(path[path.length - 1]);
    return [
      {
        message: `Missing ${field} for ${owner}`,
        expected: expectation?.expected ?? (issue.code === 'invalid_type' ? `a ${issue.expected}` : zodExpected(issue)),
        action: `Add "${field}" to ${describePath(path.slice(0, -1), root) || 'the graph'} in ${file}`,
      },
    ];
  }
  if (key === 'services' && issue.code === 'too_small') {
    return [
      {
        message: 'The topology has no services',
        expected: 'at least one service',
        action: `Add a service to "services" in ${file}`,
      },
    ];
  }
  const noun = issue.code === 'invalid_key' ? `${expectation?.noun ?? 'key'} name` : (expectation?.noun ?? 'value');
  const shown = issue.code === 'invalid_key' ? showValue(path[path.length - 1]) : value !== undefined ? shownAt(path, value) : undefined;
  // A character no generated file may hold: say which and where, whatever the field.
  const bad = typeof value === 'string' ? unsafeCharacter(value) : issue.code === 'invalid_key' ? unsafeCharacter(String(path[path.length - 1])) : undefined;
  const allowed = issue.code === 'invalid_value' ? issue.values.map(String) : issue.code === 'invalid_union' && key === 'kind' ? [...LIVENESS_KINDS] : undefined;
  const close =
    allowed && typeof value === 'string'
      ? closest(value, allowed)
      : key === 'name' || key === 'database'
        ? lowerCaseName(value)
        : issue.code === 'invalid_key' && path[0] === 'environments'
          ? lowerCaseName(path[path.length - 1])
          : undefined;
  return [
    {
      message: `Invalid ${noun} for ${owner}${bad ? `: it holds ${bad}` : ''}`,
      ...(shown !== undefined ? { value: shown } : {}),
      expected: expectation?.expected ?? zodExpected(issue),
      action: close ? `Did you mean '${close}'? Fix ${where} in ${file}` : `Fix ${where} in ${file}`,
    },
  ];
}

/** An invalid name's lower-case form, when that is a valid DNS label ("Web" → "web"); else nothing to suggest. */
export function lowerCaseName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower !== value && DNS_LABEL.test(lower) ? lower : undefined;
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
    else if (schema?.def?.type === 'record') schema = schema.def.valueType;
    else schema = schema?.shape && Object.hasOwn(schema.shape, step) ? schema.shape[step] : undefined;
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
  return schema?.shape ? Object.keys(schema.shape) : Object.keys(topologyGraphSchema.shape);
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
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string | number, unknown>)[step as string];
  }
  return current;
}

/** `services[catalog].resources.limits.cpu` rather than `services.0.resources…`. */
function describePath(path: ReadonlyArray<string | number>, root: unknown): string {
  let text = '';
  let current: unknown = root;
  let previous: string | number | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      const element = Array.isArray(current) ? current[step] : undefined;
      const name = (element as { name?: unknown })?.name;
      // Ports by position, as the port problems name them: a port's name is optional.
      text += typeof name === 'string' && name && previous !== 'ports' ? `[${name}]` : `[${step}]`;
      previous = step;
      current = element;
    } else {
      const plain = /^[A-Za-z_$][\w$]*$/.test(step);
      text += plain ? (text ? `.${step}` : step) : `[${JSON.stringify(step)}]`;
      current = current !== null && typeof current === 'object' && Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
      previous = step;
    }
  }
  return text;
}

/** "catalog", "dependency postgres", "edges[2]", or "the topology". */
function ownerLabel(path: ReadonlyArray<string | number>, root: unknown): string {
  const [collection, index] = path;
  if (collection === 'environments' && typeof index === 'string') {
    const [, , level, member] = path;
    if (path.length > 4 && level === 'services' && typeof member === 'string') return `${member} in environment ${index}`;
    if (path.length > 4 && level === 'dependencies' && typeof member === 'string') return `dependency ${member} in environment ${index}`;
    return path.length > 2 ? `environment ${index}` : 'the topology';
  }
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
export function specProblems(
  collection: 'services' | 'dependencies',
  spec: Record<string, unknown>,
  source: string,
  acknowledge: readonly unknown[] = [],
): Problem[] {
  const schema = collection === 'services' ? topologyGraphSchema.shape.services.element : dependencySchemaOf();
  const root = { [collection]: [spec], lint: { acknowledge } };
  const malformed = structureProblems(spec, source, `${collection}[${typeof spec.name === 'string' ? spec.name : 0}]`);
  if (malformed.length > 0) return malformed;
  const parsed = schema.safeParse(spec);
  const problems = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => issueProblems({ ...issue, path: [collection, 0, ...issue.path] } as z.core.$ZodIssue, root, source));
  if (collection === 'services') problems.push(...crossFieldProblems(root, source));
  return sortProblems(problems);
}

/** Expectations of the fields only a dependency kind defined in code has. */
const DEPENDENCY_PROP_EXPECTATIONS = new Map<string, { noun: string; expected: string }>(
  Object.entries({
    type: { noun: 'dependency type', expected: 'a lower-case name of letters, digits and "-", e.g. "rabbitmq"' },
    'healthCheck.command': { noun: 'health check command', expected: 'a non-empty exec-form command, e.g. ["rabbitmq-diagnostics", "-q", "ping"], each argument without control characters' },
    command: { noun: 'command', expected: 'a non-empty exec-form command, each argument without control characters' },
    dataPath: { noun: 'data path', expected: 'an absolute directory inside the container without spaces, colons or "..", e.g. "/var/lib/rabbitmq"' },
    dataSubPath: { noun: 'data sub-path', expected: 'a directory name inside the data volume: letters, digits, ".", "_", "-", not "." or "..", e.g. "mysql"' },
    scratchPaths: { noun: 'scratch path', expected: 'absolute directories inside the container without spaces, colons or "..", e.g. "/var/run/rabbitmq"' },
    secretEnv: { noun: 'secret variable', expected: `an object of container variable → secret variable names. ${ENV_NAME_RULE}` },
    'connection.env': { noun: 'connection variable', expected: `a variable name such as AMQP_URL. ${ENV_NAME_RULE}` },
    scheme: { noun: 'URL scheme', expected: 'a lower-case URL scheme such as "amqp"' },
    username: { noun: 'URL user', expected: 'a user name of letters, digits, ".", "_", "~", "-"' },
    passwordSecret: { noun: 'password secret', expected: `a variable name such as RABBITMQ_PASSWORD. ${ENV_NAME_RULE}` },
    'connection.path': { noun: 'URL path', expected: 'the path after the host, without the leading "/": letters, digits, "/", ".", "_", "~", "-" and percent escapes' },
    uid: { noun: 'user id', expected: 'an integer from 0 to 2147483647' },
    capabilities: { noun: 'capability', expected: 'Linux capability names without "CAP_", e.g. ["CHOWN", "SETUID"]' },
    port: { noun: 'port', expected: 'an integer from 1 to 65535' },
  }),
);

/**
 * Validates the props of a dependency kind defined in code (`new Dependency(scope, id, props)`),
 * with the graph's grammar and messages, so a bad value fails at the line that wrote it.
 */
export function dependencyPropProblems(id: string, props: unknown, source: string): Problem[] {
  const spec = { name: id, ...(isRecord(props) ? (props as Record<string, unknown>) : {}) };
  const root = { dependencies: [spec] };
  const malformed = structureProblems(props, source, `dependency '${id}'`);
  if (malformed.length > 0) return malformed;
  const problems: Problem[] = [];
  const named = topologyGraphSchema.shape.name.safeParse(id);
  if (!named.success) problems.push(...issueProblems({ ...named.error.issues[0], path: ['dependencies', 0, 'name'] } as z.core.$ZodIssue, root, source));
  const parsed = dependencyPropsSchema.safeParse(props);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(...issueProblems({ ...issue, path: ['dependencies', 0, ...issue.path] } as z.core.$ZodIssue, root, source, DEPENDENCY_PROP_EXPECTATIONS));
    }
  }
  if (isRecord(props)) problems.push(...reservationProblems((props as Record<string, unknown>).resources as never, `dependency ${id}`, `dependency '${id}' resources`, source));
  return sortProblems(problems);
}

/** Validates the options of an edge given in code (`service.calls(target, options)`, `uses`). */
export function edgeOptionProblems(from: string, to: string, options: unknown, source: string): Problem[] {
  const edge = { from, to, ...(isRecord(options) ? (options as Record<string, unknown>) : {}) };
  const root = { edges: [edge] };
  const malformed = structureProblems(options, source, `edge ${from} → ${to}`);
  if (malformed.length > 0) return malformed;
  const parsed = topologyGraphSchema.shape.edges.unwrap().element.safeParse(edge);
  return parsed.success
    ? []
    : sortProblems(parsed.error.issues.flatMap((issue) => issueProblems({ ...issue, path: ['edges', 0, ...issue.path] } as z.core.$ZodIssue, root, source)));
}

function dependencySchemaOf() {
  return topologyGraphSchema.shape.dependencies.unwrap().element;
}
