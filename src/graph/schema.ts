/**
 * The `topology-graph.json` format, defined once. TypeScript types are inferred from it and the
 * committed JSON Schema (`schemas/topology-graph.schema.json`) is generated from it.
 */
import { z } from 'zod';
import {
  BUILD_CONTEXT,
  CONTAINER_PATH,
  DATA_SUB_PATH,
  CRON,
  DNS_LABEL,
  ENTRY,
  ENV_NAME,
  FREE_TEXT,
  GRPC_SERVICE,
  PORT_NAME,
  PROBE_ARGUMENT,
  freeText,
  HTTP_PATH,
  IMAGE,
  KIND_NAME,
  LABEL_KEY,
  MAX_VALUE,
  REGISTRY,
  RELEASE_VERSION,
  ABSOLUTE_URL,
  URI_REFERENCE,
  URL_PATH,
  URL_SCHEME,
  URL_USER,
  UTC_TIMESTAMP,
  PINNED_VERSION,
  CONTEXT_FILE,
} from './grammar';
import { CPU_PATTERN, DURATION_PATTERN, MEMORY_PATTERN, MAX_BYTES, MAX_DURATION_SECONDS, MIN_CONTAINER_MEMORY, parseCpu, parseDuration, parseMemory } from './quantities';
import { DEFAULT_DOCKERFILE, DEPENDENCY_KIND_TABLE, IMAGE_RUNTIMES, MAX_USER_ID, RUNTIME_TABLE } from './kinds';
import { LINT_RULE_IDS } from './lint-rule-ids';
import { connectionFields } from './connection';
import { edgeWaitSchema } from './edge-wait';
import { aliasesSchema, profileSchema, segmentsSchema, segmentListSchema } from './members';
import { secretTemplateSchema } from './secret-template';
// Issue 18, helper C: autoscaling and the secret store.
import { autoscaleSchema } from './autoscale';
import { secretStoreSchema } from './secret-store';
import { telemetrySchema } from './telemetry';
import { kubernetesSchema } from './extra-manifests';
// B (issue 18): ingress
import { serviceIngressSchema, topologyIngressSchema } from './ingress';
import { buildEnvironmentsSchema } from './environments';

/** Kinds of program a service can be. */
export const ARCHETYPES = ['web-service', 'worker', 'cli-tool', 'data-pipeline', 'library', 'job'] as const;
/**
 * Language runtimes a service can use: the runtime table's names, built-ins first (live: `registerRuntime` adds to it).
 * The graph's `runtime` also takes `dockerfile` and `image` (IMAGE_RUNTIMES), which are not packs.
 */
export const RUNTIMES: readonly Runtime[] = RUNTIME_TABLE.list((pack) => [pack.name]);
/** Web frameworks topograph knows the start command of: every runtime pack's (live). */
export const FRAMEWORKS: readonly Framework[] = RUNTIME_TABLE.list((pack) => pack.frameworks ?? []);
/** Dependency kinds a graph can name: the dependency-kind table's names (live: `registerDependencyKind` adds to it). */
export const DEPENDENCY_TYPES: readonly DependencyType[] = DEPENDENCY_KIND_TABLE.list((pack) => [pack.name]);

/** Which frameworks each runtime supports (live, as RUNTIMES). */
export const FRAMEWORKS_BY_RUNTIME: Readonly<Record<Runtime, readonly Framework[]>> = RUNTIME_TABLE.record((pack) => pack.frameworks ?? []);

export type Archetype = (typeof ARCHETYPES)[number];
/** A runtime name: "python", "node", "bun", "go" or one registered with `registerRuntime`. */
export type Runtime = string;
/** A framework name of some runtime pack, e.g. "fastapi". */
export type Framework = string;
/** A dependency kind name: "postgres", "redis", "nats" or one registered with `registerDependencyKind`. */
export type DependencyType = string;

/** The frameworks of each runtime that has any, for messages: "fastapi or flask (python), express or fastify (node)". */
export function frameworksByRuntimeText(): string {
  return RUNTIME_TABLE.all()
    .filter((r) => (r.frameworks ?? []).length > 0)
    .map((r) => `${r.frameworks!.join(' or ')} (${r.name})`)
    .join(', ');
}

export { DNS_LABEL, ENV_NAME } from './grammar';

/** How a name is written. */
export const DNS_LABEL_RULE = 'A lower-case DNS label: letters, digits and "-", starting with a letter and not ending with "-", at most 63 characters (not "constructor").';
/** How a variable name is written. */
export const ENV_NAME_RULE = 'A variable name: a letter or "_", then letters, digits and "_", at most 255 characters (not "__proto__").';
/** A name (DNS label) field; `what` says what it names, the grammar is appended. */
const name = (what: string) => z.string().regex(DNS_LABEL).describe(`${what} ${DNS_LABEL_RULE}`);
/** An environment variable name field. */
const envName = (what: string) => z.string().regex(ENV_NAME).describe(`${what} ${ENV_NAME_RULE}`);
const cpu = z
  .union([z.number().min(0.001).max(1024), z.string().regex(CPU_PATTERN)])
  .refine((v) => parseCpu(v) !== undefined, { error: 'a CPU amount from 0.001 to 1024 cores' })
  .describe('CPU cores as a number (2, 0.5; at most three decimals) or millicores as a string ("500m"): from 1m to 1024 cores.');
const memory = z
  .union([z.number().int().min(MIN_CONTAINER_MEMORY).max(MAX_BYTES), z.string().regex(MEMORY_PATTERN)])
  .refine((v) => (parseMemory(v) ?? 0) >= MIN_CONTAINER_MEMORY, { error: 'a memory amount from 6Mi to 1Pi' })
  .describe(
    'Memory with a binary unit: "512Mi", "4Gi" (or Docker spelling "512M", "4G"; both mean 2^20/2^30 bytes), or a number of bytes: from 6Mi (the least Docker accepts) to 1Pi.',
  );
const storage = z
  .union([z.number().int().min(1024 ** 2).max(MAX_BYTES), z.string().regex(MEMORY_PATTERN)])
  .refine((v) => (parseMemory(v) ?? 0) >= 1024 ** 2, { error: 'a size from 1Mi to 1Pi' })
  .describe('A size with a binary unit, e.g. "10Gi", or a number of bytes: from 1Mi to 1Pi.');
/** A duration of at most an hour, at least `min` seconds. */
const duration = (min: number) =>
  z
    .string()
    .regex(DURATION_PATTERN)
    .refine((v) => (parseDuration(v) ?? -1) >= min && parseDuration(v)! <= MAX_DURATION_SECONDS, { error: `a duration from ${min}s to 1h` })
    .describe(`Duration such as "10s", "1m30s" (hours, minutes, seconds): from ${min}s to 1h.`);

/** One argument of an exec-form command: any text without a control character. */
const commandArgument = z.string().max(MAX_VALUE).regex(FREE_TEXT);
/** A plain environment value. */
const envValue = z.string().max(MAX_VALUE).regex(FREE_TEXT);

/** How `entry` is written, per runtime (docs/topology-graph.md#grammar): each runtime pack's `entryRule`. */
export function entryRule(): string {
  return `${RUNTIME_TABLE.all().map((r) => `${r.name}: ${r.entryRule}`).join('; ')}. Paths: "/"-separated names of letters, digits, ".", "_", "-", "@", "+" and "~", none "." or "..", not starting with "-".`;
}
/** How `entry` is written, for the runtimes registered when this module loaded (see `entryRule()`). */
export const ENTRY_RULE = entryRule();

/** How a cron schedule is written. */
export const CRON_RULE = 'Five fields separated by spaces, each of digits, letters, "*", "/", ",", "-" and "?".';

/** How a digest suffix of a version line is written. */
export const DIGEST_RULE = 'An optional "@sha256:" and 64 lower-case hex digits after the line pins the image to that exact build, e.g. "17@sha256:0123…".';

/** How a file inside a build context is written. */
export const CONTEXT_FILE_RULE =
  'A file relative to the build context: "/"-separated names of letters, digits, spaces, ".", "_", "-", "@", "+" and "~" (no name "." or "..", none starting with "-"; no leading "/"), at most 1000 characters.';

/** How an image reference is written. */
export const IMAGE_RULE =
  'Docker\'s grammar: an optional registry host (and ":port") and "/", lower-case path components, an optional ":tag" and "@sha256:…" digest; at most 512 characters.';
const imageReference = z.string().regex(IMAGE);

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

/** How an HTTP path is written (docs/topology-graph.md#grammar). */
export const HTTP_PATH_RULE =
  'A "/" then letters, digits, "/", ".", "_", "~", "-" and percent escapes such as "%2F"; an optional "?query" may also hold "=", "&" and "+". At most 1000 characters each.';
const httpPath = z.string().regex(HTTP_PATH);

/** Kinds of liveness check. */
export const LIVENESS_KINDS = ['tcp', 'http', 'grpc', 'exec', 'none'] as const;

/** Protocols a service port speaks. */
export const PORT_PROTOCOLS = ['http', 'grpc', 'tcp', 'udp'] as const;
/** Kinds of readiness check (`health.kind`). */
export const HEALTH_KINDS = ['http', 'grpc', 'tcp', 'exec', 'none'] as const;

/** How a port name is written. */
export const PORT_NAME_RULE = 'A lower-case DNS label of at most 15 characters (Kubernetes port names): letters, digits and "-", starting with a letter and not ending with "-".';
const portNumber = z.number().int().min(1).max(65535);
/** An exec-form command of a health check: 1 to 256 arguments, no shell, no whitespace in an argument. */
const probeCommand = z
  .array(z.string().max(MAX_VALUE).regex(PROBE_ARGUMENT))
  .min(1)
  .max(256)
  .refine((args) => args[0] !== '', { error: 'the program (the first argument) cannot be empty' });
const grpcService = z.string().regex(GRPC_SERVICE);
/** How a gRPC health service name is written. */
export const GRPC_SERVICE_RULE = 'A grpc.health.v1 service name ("" for the whole server, the default): a letter or "_", then letters, digits, ".", "_" and "-", at most 200 characters.';

export const portSchema = z
  .strictObject({
    name: z
      .string()
      .regex(PORT_NAME)
      .optional()
      .describe(`Port name, unique in the service: the Kubernetes Service and container port name. Default: the protocol ("http", "grpc", "tcp", "udp") for the first port of that protocol; other ports need one. ${PORT_NAME_RULE}`),
    port: portNumber.describe('Container port the program listens on: 1 to 65535.'),
    servicePort: portNumber
      .optional()
      .describe('Port of the Kubernetes Service, what callers in the cluster connect to: 1 to 65535. Default: "port". Compose has no Service: callers there use "port".'),
    protocol: z
      .enum(PORT_PROTOCOLS)
      .optional()
      .describe('What the port speaks: "http", "grpc" (HTTP/2 gRPC), "tcp" or "udp". Default "http". Decides the default health check and the Kubernetes protocol (UDP for "udp", else TCP).'),
    host: portNumber
      .optional()
      .describe('Publish the port on this host port (compose): 1 to 65535, on 127.0.0.1 unless the service or the port is public. Default: not published (reachable only inside the stack).'),
    public: z
      .boolean()
      .optional()
      .describe('Publish this port on all host interfaces (compose, with "host") and accept anyone on it in Kubernetes. Default: the service\'s "public".'),
  })
  .describe('One port of the service.');

export const livenessSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('tcp').describe('Connect to the port: alive while the process accepts connections.') }),
    z.strictObject({
      kind: z.literal('http').describe('GET a shallow path on the port.'),
      path: httpPath.describe(`Path that answers 2xx while the process runs, without checking any dependency, e.g. "/livez". ${HTTP_PATH_RULE}`),
    }),
    z.strictObject({
      kind: z.literal('grpc').describe('Call grpc.health.v1.Health/Check on the port (a native Kubernetes gRPC probe).'),
      service: grpcService.optional().describe(`Service name to check. Default "" (the whole server). ${GRPC_SERVICE_RULE}`),
    }),
    z.strictObject({
      kind: z.literal('exec').describe('Run a command in the container: alive while it exits 0.'),
      command: probeCommand.describe('Exec-form command (no shell): 1 to 256 arguments, each without whitespace or a control character.'),
    }),
    z.strictObject({ kind: z.literal('none').describe('No liveness probe: Kubernetes never restarts the container for it.') }),
  ])
  .describe(
    'How Kubernetes decides to restart the container (liveness and startup probes). It must not depend on other services or dependencies, or a blip of one restarts every pod. Default {"kind": "tcp"} on the health port ({"kind": "none"} when the service has no TCP port); compose keeps the readiness check.',
  );

export const healthSchema = z
  .strictObject({
    kind: z
      .enum(HEALTH_KINDS)
      .optional()
      .describe(
        'How readiness is checked: "http" (GET "path"), "grpc" (grpc.health.v1.Health/Check), "tcp" (connect), "exec" (run "command") or "none" (no check: dependants wait until it started). Default: the protocol of the checked port when it is http or grpc, "tcp" for a tcp port, "none" for a udp port or a service without ports.',
      ),
    port: z
      .union([portNumber, z.string().regex(PORT_NAME)])
      .optional()
      .describe('The port to check: a port name or container port number of this service. Default: the primary (first) port.'),
    path: httpPath
      .optional()
      .describe(`kind "http" only: path that answers 2xx when the service is ready to serve (it may check its dependencies): readiness in Kubernetes, the health check in compose and the Dockerfile. Default "/health". ${HTTP_PATH_RULE}`),
    service: grpcService.optional().describe(`kind "grpc" only: the grpc.health.v1 service name to check. Default "" (the whole server). ${GRPC_SERVICE_RULE}`),
    command: probeCommand
      .optional()
      .describe('kind "exec" only (and required there): exec-form command run in the container, ready while it exits 0: 1 to 256 arguments, no shell, each without whitespace (podman splits health-check arguments on it) or a control character.'),
    interval: duration(1).optional().describe('Time between checks: a duration such as "10s" or "1m30s", from 1s to 1h. Default "10s".'),
    timeout: duration(1).optional().describe('Time one check may take: a duration such as "3s", from 1s to 1h. Default "3s".'),
    retries: z.number().int().min(1).max(100).optional().describe('Failures before unhealthy. Default 3.'),
    startPeriod: duration(0)
      .optional()
      .describe('Grace period after start while failures do not count: a duration such as "30s", from 0s to 1h. Default "30s"; Kubernetes startup probe covers it.'),
    liveness: livenessSchema.optional(),
  })
  .describe('How the service reports its health: readiness by "kind" on "port", liveness by "liveness".');

/** The schema of a service entry, with the runtimes and frameworks of the runtime table. */
const buildServiceSchema = () =>
  z
  .strictObject({
    name: name('Service name: compose service, DNS host and Kubernetes name.'),
    archetype: z.enum(ARCHETYPES).describe('What kind of program this is; decides how it is built, run and deployed.'),
    description: freeText('One line; becomes the image description label.').optional(),
    runtime: z
      .enum([...RUNTIMES, ...IMAGE_RUNTIMES] as string[] as [Runtime, ...Runtime[]])
      .describe(
        'Language runtime; decides the base images and build steps. "dockerfile": the service\'s own Dockerfile (build.dockerfile), used as it is; "image": a prebuilt image ("image"), no build at all.',
      ),
    runtimeVersion: z
      .string()
      .regex(PINNED_VERSION)
      .optional()
      .describe(
        `Runtime version line: up to four dot-separated numbers, e.g. "3.12" for python, "24" for node. ${DIGEST_RULE} The digest pins the runtime stage's image (and the build stage's when it is the same image; otherwise use "baseImages"). Defaults: ${RUNTIME_TABLE.all().map((r) => `${r.name} ${r.defaultVersion}`).join(', ')}. Oldest accepted: ${RUNTIME_TABLE.all().map((r) => `${r.name} ${r.minimumVersion.version}`).join(', ')}; lines past their end of support get a warning. Not for the dockerfile and image runtimes.`,
      ),
    baseImages: z
      .strictObject({
        build: imageReference.optional().describe(`Image of the dependencies and build stages. ${IMAGE_RULE}`),
        runtime: imageReference.optional().describe(`Image of the runtime stage (what ships). ${IMAGE_RULE}`),
      })
      .refine((b) => b.build !== undefined || b.runtime !== undefined, { error: 'at least one of "build" and "runtime"' })
      .optional()
      .describe(
        'The base images of the generated Dockerfile, e.g. pinned to digests: {"build": "node:24-slim@sha256:…", "runtime": "node:24-slim@sha256:…"}; images without a registry are qualified with docker.io as the defaults are. Default: the runtime\'s images for runtimeVersion. Generated runtimes only.',
      ),
    image: imageReference
      .optional()
      .describe(`runtime "image" only (and required there): the prebuilt image the service runs, e.g. "ghcr.io/acme/api:1.4@sha256:…". ${IMAGE_RULE}`),
    user: z
      .number()
      .int()
      .min(1)
      .max(MAX_USER_ID)
      .optional()
      .describe(
        `runtimes "dockerfile" and "image" only: the numeric user (1 to ${MAX_USER_ID}) the image runs as: compose "user", Kubernetes runAsUser/runAsGroup/fsGroup. Default: the image's own user; Kubernetes still requires it not to be root (runAsNonRoot). Generated runtimes always run as 10001.`,
      ),
    framework: z
      .enum(FRAMEWORKS as [Framework, ...Framework[]])
      .optional()
      .describe(`Web framework: ${frameworksByRuntimeText()}. Decides the start command.`),
    entry: z
      .string()
      .regex(ENTRY)
      .optional()
      .describe(
        `Program entry, never shell syntax. ${entryRule()}`,
      ),
    port: portNumber
      .optional()
      .describe('Shorthand for "ports": [{ "name": "http", "port": <port> }]: the one HTTP port the service listens on, not published on the host. Exclusive with "ports"; a web-service needs one of them.'),
    ports: z
      .array(portSchema)
      .min(1)
      .max(32)
      .optional()
      .describe('Ports the service listens on, 1 to 32, the first one primary (what edges connect to by default). Exclusive with "port".'),
    health: healthSchema.optional(),
    build: z
      .strictObject({
        context: z
          .string()
          .max(1000)
          .regex(BUILD_CONTEXT)
          .optional()
          .describe(
            'Build context directory, relative to the graph file: "/"-separated names of letters, digits, spaces, ".", "_", "-", "@", "+" and "~" (no name starting with "-"; no backslash, quote, "$" or control character). Default: a directory named like the service beside the graph file.',
          ),
        dockerfile: z
          .string()
          .max(1000)
          .regex(CONTEXT_FILE)
          .optional()
          .describe(`runtime "dockerfile" only: the service's own Dockerfile, inside the context; it must exist. ${CONTEXT_FILE_RULE} Default "${DEFAULT_DOCKERFILE}".`),
      })
      .optional()
      .describe('Where the sources are. Default: a directory named like the service beside the graph file. Not for the image runtime (nothing is built).'),
    command: z
      .array(z.union([commandArgument, secretTemplateSchema]))
      .min(1)
      .max(256)
      .refine((args) => args[0] !== '', { error: 'the program (the first argument) cannot be empty' })
      .optional()
      .describe(
        'Start command override, exec form (["python", "-m", "app"]): 1 to 256 arguments, passed as they are (no shell); each may hold spaces but no control character. An argument holding a secret is {"template": "--token={secret:NAME}"}: compose and Kubernetes then run the whole command (entrypoint) with the secret resolved at run time. Default derived from runtime and framework.',
      ),
    env: z
      .record(envName('Variable name.'), z.union([envValue, secretTemplateSchema]))
      .optional()
      .describe(
        'Plain environment variables: names as for "secrets", values of at most 32768 characters with no control character or line break. "$" is literal. Never put secret values here: list their names in "secrets"; a value that holds a secret inside it is {"template": "… {secret:NAME} …"}.',
      ),
    secrets: z
      .array(envName('Secret variable name, e.g. JWT_SECRET.'))
      .max(1000)
      .optional()
      .describe('Names of secret environment variables. Values are supplied at run time (.env, Kubernetes Secret), never written.'),
    replicas: z.number().int().min(0).max(1000).optional().describe('Instances to run. Default 1 (with "autoscale": its "min").'),
    resources: resourcesSchema.optional(),
    autoscale: autoscaleSchema.optional(),
    public: z
      .boolean()
      .optional()
      .describe('Reachable from outside: published ports ("host") on all host interfaces, and exposed outside the cluster (a LoadBalancer Service). Default false: published ports on 127.0.0.1 only.'),
    labels: z
      .record(z.string().regex(LABEL_KEY), freeText('Label value.'))
      .optional()
      .describe(
        'Extra image labels: reverse-DNS keys of lower-case letters, digits, ".", "_" and "-" (e.g. "com.example.team", at most 128), values one line of free text (at most 1000 characters, no control character). Default none.',
      ),
    schedule: z
      .string()
      .regex(CRON)
      .optional()
      .describe(`data-pipeline only: cron schedule ("0 3 * * *"). ${CRON_RULE} Without it the pipeline runs once.`),
    profile: profileSchema.optional(),
    aliases: aliasesSchema.optional(),
    segments: segmentListSchema.optional(),
    // B (issue 18): ingress
    ingress: serviceIngressSchema.optional(),
  })
  .describe('A program of yours, built from source.');

/** The schema of a dependency entry, with the kinds of the dependency-kind table. */
const buildDependencySchema = () =>
  z
  .strictObject({
    name: name('Dependency name: compose service and DNS host.'),
    type: z.enum(DEPENDENCY_TYPES as [DependencyType, ...DependencyType[]]).describe('Which backing service this is.'),
    version: z
      .string()
      .regex(PINNED_VERSION)
      .optional()
      .describe(`Version line of the official image: up to four dot-separated numbers. ${DIGEST_RULE} Defaults: ${DEPENDENCY_KIND_TABLE.all().map((d) => `${d.name} ${d.defaultVersion}`).join(', ')}.`),
    image: imageReference.optional().describe(`Full image reference, overriding the one derived from type and version. ${IMAGE_RULE}`),
    publish: z
      .boolean()
      .optional()
      .describe('Publish the dependency port on 127.0.0.1 of the host for local tools. Default false.'),
    storage: storage.optional().describe('Persistent volume size for Kubernetes, from 1Mi to 1Pi. Default "1Gi".'),
    external: z
      .boolean()
      .optional()
      .describe('Managed outside this topology (Kubernetes: only a connection Secret is referenced). Default false.'),
    resources: resourcesSchema.optional(),
    aliases: aliasesSchema.optional(),
    segments: segmentListSchema.optional(),
  })
  .describe('A backing service (database, cache, queue) run from its official image.');

/** The schema of an edge, naming the connection variables of the dependency-kind table. */
const buildEdgeSchema = () =>
  z
  .strictObject({
    from: name('The service that calls or uses.'),
    to: name('The service called or dependency used.'),
    env: z
      .string()
      .regex(ENV_NAME)
      .optional()
      .describe(`Environment variable that carries the connection. Defaults: ${[...new Set(DEPENDENCY_KIND_TABLE.all().map((d) => d.connection.env))].map((env) => `${env}, `).join('')}<TARGET>_SERVICE_URL. ${ENV_NAME_RULE}`),
    database: name(
      `Only on an edge to a dependency whose kind has databases (${DEPENDENCY_KIND_TABLE.all().filter((d) => d.databases).map((d) => d.name).join(', ')}): the database this service owns. Default: the service name.`,
    ).optional(),
    ...connectionFields(ENV_NAME_RULE),
    wait: edgeWaitSchema.optional(),
  })
  .describe('"from" needs "to": wires its connection env and orders start-up.');

/** One accepted finding: rule id, optional service, and the reason. */
export const lintAcknowledgementSchema = z
  .strictObject({
    rule: z.enum(LINT_RULE_IDS).describe('Id of the hardening rule whose finding you accept (see docs/lint.md).'),
    service: name('Only its findings about this service or dependency. Default: every finding of the rule.').optional(),
    reason: freeText('Why this is acceptable here; required (not blank), and shown next to the finding on every synth.').regex(/\S/, {
      error: 'a sentence saying why this finding is acceptable here',
    }),
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

/** The schema of a whole graph, from the entry schemas of the moment. */
const buildTopologyGraphSchema = () => {
  const fields = {
    $schema: z
      .string()
      .regex(URI_REFERENCE)
      .optional()
      .describe('Path or URL of the JSON Schema, for editors: the characters a URI may hold (RFC 3986), at most 2048.'),
    name: name('Topology name: compose project, network and Kubernetes part-of label.'),
    description: freeText('One line describing the system.').optional(),
    version: z
      .string()
      .regex(RELEASE_VERSION)
      .optional()
      .describe('Version of the system; image tag and version label (letters, digits, dots, underscores, dashes). Default "0.1.0".'),
    created: z
      .string()
      .regex(UTC_TIMESTAMP)
      .optional()
      .describe('Default for the image "created" label (UTC, e.g. "2026-01-31T12:00:00Z"); builds may pass the real time. Default 1970-01-01T00:00:00Z, so output stays deterministic.'),
    source: z
      .string()
      .regex(ABSOLUTE_URL)
      .optional()
      .describe(
        'Source repository URL for the image source label: a scheme, "://", then the characters a URI may hold (RFC 3986: letters, digits and -._~:/?#[]@!$&\'()*+,;=%), at most 2000; e.g. "https://github.com/acme/shop".',
      ),
    registry: z
      .string()
      .regex(REGISTRY)
      .optional()
      .describe(
        'Image registry/prefix for built images, e.g. "ghcr.io/acme": a registry host (with an optional ":port") then lower-case path components as Docker spells them, at most 255 characters. Default: none (local images).',
      ),
    namespace: name('Kubernetes namespace. Default: the topology name.').optional(),
    services: z.array(serviceSchema).min(1).describe('Your programs.'),
    dependencies: z.array(dependencySchema).optional().describe('Backing services they use.'),
    edges: z.array(edgeSchema).optional().describe('Who needs whom. Start-up order is derived from these.'),
    segments: segmentsSchema.optional(),
    // B (issue 18): ingress
    ingress: topologyIngressSchema.optional(),
    lint: lintSchema.optional(),
    secretStore: secretStoreSchema.optional(),
    // Issue 18 (D): telemetry and the user's own Kubernetes objects.
    telemetry: telemetrySchema.optional(),
    kubernetes: kubernetesSchema.optional(),
  };
  return z
    .strictObject({
      ...fields,
      // Environments (src/graph/environments.ts): overrides of some of the fields above, by name.
      environments: buildEnvironmentsSchema({ service: serviceSchema.shape, dependency: dependencySchema.shape, topology: fields, name }).optional(),
    })
    .describe('A topograph topology graph: services, dependencies and the edges between them.');
};

// The schemas below are rebuilt whenever a runtime or dependency kind is registered, so the enums,
// the descriptions and the JSON Schema follow the tables. ES module bindings are live: every
// importer sees the rebuilt schema.
/** The zod schema of one service entry (`services[]`). */
export let serviceSchema = buildServiceSchema();
/** The zod schema of one dependency entry (`dependencies[]`). */
export let dependencySchema = buildDependencySchema();
/** The zod schema of one edge (`edges[]`). */
export let edgeSchema = buildEdgeSchema();
/** The zod schema of a whole `topology-graph.json` (the JSON Schema in `schemas/` is generated from it). */
export let topologyGraphSchema = buildTopologyGraphSchema();

function rebuildSchemas(): void {
  serviceSchema = buildServiceSchema();
  dependencySchema = buildDependencySchema();
  edgeSchema = buildEdgeSchema();
  topologyGraphSchema = buildTopologyGraphSchema();
}
RUNTIME_TABLE.onRegister(rebuildSchemas);
DEPENDENCY_KIND_TABLE.onRegister(rebuildSchemas);

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
export type PortSpec = z.infer<typeof portSchema>;
export type LintSpec = z.infer<typeof lintSchema>;
export type { AutoscaleSpec } from './autoscale';
export type { SecretStoreSpec } from './secret-store';
// B (issue 18): ingress
export { serviceIngressSchema, topologyIngressSchema, type ServiceIngressSpec, type TopologyIngressSpec } from './ingress';
export type { DependencyOverride, EnvironmentSpec, ServiceOverride } from './environments';

/** The JSON Schema published for editors, generated from the zod schema. */
export function topologyGraphJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(topologyGraphSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'topograph topology graph',
    ...schema,
  };
}

/**
 * The props of a dependency kind defined in code (`new Dependency(scope, id, props)`, see
 * constructs/dependency.ts): the same grammar as the graph, for every field a kind can set.
 * Not part of the graph's JSON Schema.
 */
export const dependencyPropsSchema = z.strictObject({
  type: z.string().regex(KIND_NAME).describe('Kind of dependency, e.g. "rabbitmq": a lower-case name of letters, digits and "-".'),
  version: z.string().regex(PINNED_VERSION).optional(),
  image: imageReference,
  port: z.number().int().min(1).max(65535),
  healthCheck: z.strictObject({
    command: z.array(commandArgument).min(1).max(256),
    interval: duration(1).optional(),
    timeout: duration(1).optional(),
    retries: z.number().int().min(1).max(100).optional(),
    startPeriod: duration(0).optional(),
    http: z.strictObject({ port: portNumber, path: httpPath }).optional(),
  }),
  command: z.array(commandArgument).min(1).max(256).optional(),
  dataPath: z.string().regex(CONTAINER_PATH).optional(),
  dataSubPath: z.string().regex(DATA_SUB_PATH).optional(),
  writableRoot: z.boolean().optional(),
  scratchPaths: z.array(z.string().regex(CONTAINER_PATH)).max(64).optional(),
  env: z.record(envName('Variable name.'), envValue).optional(),
  secretEnv: z.record(envName('Variable name.'), envName('Secret variable name.')).optional(),
  connection: z.strictObject({
    env: envName('Connection variable name.'),
    scheme: z.string().regex(URL_SCHEME),
    username: z.string().regex(URL_USER).optional(),
    passwordSecret: envName('Secret variable name.').optional(),
    path: z.string().regex(URL_PATH).optional(),
  }),
  uid: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  capabilities: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/)).max(41).optional(),
  publish: z.boolean().optional(),
  storage: storage.optional(),
  external: z.boolean().optional(),
  resources: resourcesSchema.optional(),
  aliases: aliasesSchema.optional(),
  segments: segmentListSchema.optional(),
});
