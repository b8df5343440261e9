/**
 * The `topology-graph.json` format, defined once. TypeScript types are inferred from it and the
 * committed JSON Schema (`schemas/topology-graph.schema.json`) is generated from it.
 */
import { z } from 'zod';
import { CPU_PATTERN, DURATION_PATTERN, MEMORY_PATTERN } from './quantities';
import { RULES } from '../lint/rules';

/** Kinds of program a service can be. */
export const ARCHETYPES = ['web-service', 'worker', 'cli-tool', 'data-pipeline', 'library'] as const;
/** Language runtimes a service can use. */
export const RUNTIMES = ['python', 'node', 'bun', 'go'] as const;
/** Web frameworks topograph knows the start command of. */
export const FRAMEWORKS = ['fastapi', 'flask', 'express', 'fastify'] as const;
/** Dependency kinds a graph can name (in code, any `Dependency` subclass works). */
export const DEPENDENCY_TYPES = ['postgres', 'redis', 'nats'] as const;

/** Which frameworks each runtime supports. */
export const FRAMEWORKS_BY_RUNTIME: Record<Runtime, readonly Framework[]> = {
  python: ['fastapi', 'flask'],
  node: ['express', 'fastify'],
  bun: [],
  go: [],
};

export type Archetype = (typeof ARCHETYPES)[number];
export type Runtime = (typeof RUNTIMES)[number];
export type Framework = (typeof FRAMEWORKS)[number];
export type DependencyType = (typeof DEPENDENCY_TYPES)[number];

/** RFC 1123 label: usable as a compose service, DNS host and Kubernetes object name. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const name = z
  .string()
  .regex(DNS_LABEL)
  .describe('Lower-case DNS label: letters, digits and "-", starting with a letter, at most 63 characters.');
const envName = z.string().regex(ENV_NAME).describe('Environment variable name, e.g. JWT_SECRET.');
const cpu = z
  .union([z.number().positive(), z.string().regex(CPU_PATTERN)])
  .describe('CPU cores as a number (2, 0.5) or millicores as a string ("500m").');
const memory = z
  .union([z.number().int().positive(), z.string().regex(MEMORY_PATTERN)])
  .describe('Memory with a binary unit: "512Mi", "4Gi" (or Docker spelling "512M", "4G"; both mean 2^20/2^30 bytes).');
const duration = z.string().regex(DURATION_PATTERN).describe('Duration such as "10s", "1m30s".');

const resourceAmounts = z
  .strictObject({ cpu: cpu.optional(), memory: memory.optional() })
  .describe('A CPU and/or memory amount.');

export const resourcesSchema = z
  .strictObject({
    limits: resourceAmounts.optional().describe('Hard ceiling: compose deploy.resources.limits, Kubernetes limits.'),
    reservations: resourceAmounts
      .optional()
      .describe('Guaranteed share: compose deploy.resources.reservations, Kubernetes requests.'),
  })
  .describe('CPU and memory for the container.');

const httpPath = z.string().regex(/^\/\S*$/);

/** Kinds of liveness check (issue 17 adds grpc and exec). */
export const LIVENESS_KINDS = ['tcp', 'http', 'none'] as const;

export const livenessSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('tcp').describe('Connect to the port: alive while the process accepts connections.') }),
    z.strictObject({
      kind: z.literal('http').describe('GET a shallow path on the port.'),
      path: httpPath.describe('Path that answers 2xx while the process runs, without checking any dependency, e.g. "/livez".'),
    }),
    z.strictObject({ kind: z.literal('none').describe('No liveness probe: Kubernetes never restarts the container for it.') }),
  ])
  .describe(
    'How Kubernetes decides to restart the container (liveness and startup probes). It must not depend on other services or dependencies, or a blip of one restarts every pod. Default {"kind": "tcp"} on the port; compose keeps the readiness check.',
  );

export const healthSchema = z
  .strictObject({
    path: httpPath
      .optional()
      .describe('HTTP path that answers 2xx when the service is ready to serve (it may check its dependencies): readiness in Kubernetes, the health check in compose and the Dockerfile. Default "/health".'),
    interval: duration.optional().describe('Time between checks. Default "10s".'),
    timeout: duration.optional().describe('Time one check may take. Default "3s".'),
    retries: z.number().int().min(1).max(100).optional().describe('Failures before unhealthy. Default 3.'),
    startPeriod: duration
      .optional()
      .describe('Grace period after start while failures do not count. Default "30s"; Kubernetes startup probe covers it.'),
    liveness: livenessSchema.optional(),
  })
  .describe('How the service reports its health on its port: readiness over HTTP at "path", liveness by "liveness".');

export const serviceSchema = z
  .strictObject({
    name: name.describe('Service name: compose service, DNS host and Kubernetes name.'),
    archetype: z.enum(ARCHETYPES).describe('What kind of program this is; decides how it is built, run and deployed.'),
    description: z.string().optional().describe('One line; becomes the image description label.'),
    runtime: z.enum(RUNTIMES).describe('Language runtime; decides the base images and build steps.'),
    runtimeVersion: z
      .string()
      .regex(/^\d+(\.\d+)*$/)
      .optional()
      .describe('Runtime version line, e.g. "3.12" for python, "24" for node. Defaults: python 3.11, node 24, bun 1, go 1.26. Oldest accepted: python 3, node 18, bun 1.2, go 1.20; lines past their end of support get a warning.'),
    framework: z
      .enum(FRAMEWORKS)
      .optional()
      .describe('Web framework: fastapi or flask (python), express or fastify (node). Decides the start command.'),
    entry: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Program entry: python "module:app" for web frameworks or a module for others (default "main:app" / "main"); node built file (default "dist/index.js"); bun source file (default "src/index.ts"); go package (default ".").',
      ),
    port: z.number().int().min(1).max(65535).optional().describe('Port the service listens on. Required for web-service.'),
    health: healthSchema.optional(),
    build: z
      .strictObject({
        context: z.string().min(1).describe('Build context directory, relative to the graph file.'),
      })
      .optional()
      .describe('Where the sources are. Default: a directory named like the service beside the graph file.'),
    command: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('Start command override, exec form (["python", "-m", "app"]). Default derived from runtime and framework.'),
    env: z
      .record(envName, z.string())
      .optional()
      .describe('Plain environment variables. Never put secret values here: list their names in "secrets".'),
    secrets: z
      .array(envName)
      .optional()
      .describe('Names of secret environment variables. Values are supplied at run time (.env, Kubernetes Secret), never written.'),
    replicas: z.number().int().min(0).max(1000).optional().describe('Instances to run. Default 1.'),
    resources: resourcesSchema.optional(),
    public: z
      .boolean()
      .optional()
      .describe('Publish the port on all host interfaces / expose outside the cluster. Default false: 127.0.0.1 only.'),
    labels: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/), z.string())
      .optional()
      .describe('Extra image labels (reverse-DNS keys, e.g. "com.example.team"). Default none.'),
    schedule: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/)
      .optional()
      .describe('data-pipeline only: cron schedule ("0 3 * * *"). Without it the pipeline runs once.'),
  })
  .describe('A program of yours, built from source.');

export const dependencySchema = z
  .strictObject({
    name: name.describe('Dependency name: compose service and DNS host.'),
    type: z.enum(DEPENDENCY_TYPES).describe('Which backing service this is.'),
    version: z
      .string()
      .regex(/^\d+(\.\d+)*$/)
      .optional()
      .describe('Version line of the official image. Defaults: postgres 17, redis 7, nats 2.10.'),
    image: z
      .string()
      .regex(/^[a-zA-Z0-9][\w./:@-]*$/)
      .optional()
      .describe('Full image reference, overriding the one derived from type and version.'),
    publish: z
      .boolean()
      .optional()
      .describe('Publish the dependency port on 127.0.0.1 of the host for local tools. Default false.'),
    storage: memory.optional().describe('Persistent volume size for Kubernetes. Default "1Gi".'),
    external: z
      .boolean()
      .optional()
      .describe('Managed outside this topology (Kubernetes: only a connection Secret is referenced). Default false.'),
    resources: resourcesSchema.optional(),
  })
  .describe('A backing service (database, cache, queue) run from its official image.');

export const edgeSchema = z
  .strictObject({
    from: name.describe('The service that calls or uses.'),
    to: name.describe('The service called or dependency used.'),
    env: envName
      .optional()
      .describe('Environment variable that carries the connection. Defaults: DATABASE_URL, REDIS_URL, NATS_URL, <TARGET>_SERVICE_URL.'),
    database: name.optional().describe('postgres only: the database this service owns. Default: the service name.'),
  })
  .describe('"from" needs "to": wires its connection env and orders start-up.');

/** Ids of the hardening rules (docs/lint.md), for acknowledgements. */
export const LINT_RULE_IDS = RULES.map((r) => r.id) as [string, ...string[]];

/** One accepted finding: rule id, optional service, and the reason. */
export const lintAcknowledgementSchema = z
  .strictObject({
    rule: z.enum(LINT_RULE_IDS).describe('Id of the hardening rule whose finding you accept (see docs/lint.md).'),
    service: name
      .optional()
      .describe('Only its findings about this service or dependency. Default: every finding of the rule.'),
    reason: z
      .string()
      .regex(/\S/, { error: 'a sentence saying why this finding is acceptable here' })
      .describe('Why this is acceptable here; required, and shown next to the finding on every synth.'),
  })
  .describe('A hardening-rule finding accepted on purpose.');

/** The graph's `lint` section: findings accepted on purpose. */
export const lintSchema = z
  .strictObject({
    acknowledge: z
      .array(lintAcknowledgementSchema)
      .optional()
      .describe('Findings accepted on purpose; synth reports them as acknowledged instead of failing or warning.'),
  })
  .describe('Hardening checks run on every synth (topograph lint). Default: every rule, nothing acknowledged.');

/** The zod schema of a whole `topology-graph.json` (the JSON Schema in `schemas/` is generated from it). */
export const topologyGraphSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    name: name.describe('Topology name: compose project, network and Kubernetes part-of label.'),
    description: z.string().optional().describe('One line describing the system.'),
    version: z
      .string()
      .regex(/^[0-9A-Za-z][\w.-]{0,127}$/)
      .optional()
      .describe('Version of the system; image tag and version label (letters, digits, dots, underscores, dashes). Default "0.1.0".'),
    created: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      .optional()
      .describe('Default for the image "created" label (UTC, e.g. "2026-01-31T12:00:00Z"); builds may pass the real time. Default 1970-01-01T00:00:00Z, so output stays deterministic.'),
    source: z.string().optional().describe('Source repository URL for the image source label.'),
    registry: z
      .string()
      .regex(/^[a-zA-Z0-9][\w.:/-]*[a-zA-Z0-9]$/)
      .optional()
      .describe('Image registry/prefix for built images, e.g. "ghcr.io/acme". Default: none (local images).'),
    namespace: name.optional().describe('Kubernetes namespace. Default: the topology name.'),
    services: z.array(serviceSchema).min(1).describe('Your programs.'),
    dependencies: z.array(dependencySchema).optional().describe('Backing services they use.'),
    edges: z.array(edgeSchema).optional().describe('Who needs whom. Start-up order is derived from these.'),
    lint: lintSchema.optional(),
  })
  .describe('A topograph topology graph: services, dependencies and the edges between them.');

/** A whole topology graph, as `topology-graph.json` holds it (see docs/topology-graph.md for every field). */
export type TopologyGraph = z.infer<typeof topologyGraphSchema>;
/** One entry of `services` in the graph. */
export type ServiceSpec = z.infer<typeof serviceSchema>;
/** One entry of `dependencies` in the graph. */
export type DependencySpec = z.infer<typeof dependencySchema>;
/** One entry of `edges` in the graph: `from` needs `to`. */
export type EdgeSpec = z.infer<typeof edgeSchema>;
export type ResourcesSpec = z.infer<typeof resourcesSchema>;
export type HealthSpec = z.infer<typeof healthSchema>;
export type LivenessSpec = z.infer<typeof livenessSchema>;
export type LintSpec = z.infer<typeof lintSchema>;

/** The JSON Schema published for editors, generated from the zod schema. */
export function topologyGraphJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(topologyGraphSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'topograph topology graph',
    ...schema,
  };
}
