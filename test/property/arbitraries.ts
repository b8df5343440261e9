/**
 * fast-check arbitraries for topology graphs that are valid by construction: every archetype,
 * runtime and matching framework, every built-in dependency kind, acyclic edges (a service only
 * calls services generated before it), plain env and secrets, resources with reservations never
 * above limits; services with their own Dockerfile or a prebuilt image (runtimes "dockerfile" and
 * "image", with or without `user`), digests on versions and `baseImages`. Build contexts point at the shop example's sources (synth reads no files).
 */
import { probeKindsOf } from '../../src/graph/service-ports';
import * as fc from 'fast-check';
import { DEPENDENCY_TYPES, FRAMEWORKS_BY_RUNTIME, type DependencySpec, type EdgeSpec, type ServiceSpec, type TopologyGraph } from '../../src/graph/schema';

/** Seed for every property: fixed so CI is reproducible; set TOPOGRAPH_PROPERTY_SEED to explore. */
export const SEED = Number(process.env.TOPOGRAPH_PROPERTY_SEED ?? 20261130);

/** Shared run parameters; fast-check prints the seed and counterexample path on failure. */
export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns };
}

const CONTEXT_BY_RUNTIME = { python: 'catalog', node: 'billing', bun: 'auth', go: 'catalog', java: 'catalog', dotnet: 'catalog', rust: 'catalog', ruby: 'catalog', php: 'catalog', static: 'billing' } as const;

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

const runtimeAndFramework = fc.constantFrom(...(Object.keys(CONTEXT_BY_RUNTIME) as Array<keyof typeof CONTEXT_BY_RUNTIME>)).chain((runtime) => {
  const frameworks = FRAMEWORKS_BY_RUNTIME[runtime as keyof typeof FRAMEWORKS_BY_RUNTIME];
  return fc.record({ runtime: fc.constant(runtime as ServiceSpec['runtime']), framework: frameworks.length ? fc.option(fc.constantFrom(...frameworks)) : fc.constant(null) });
});

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** An image topograph does not write (runtime "dockerfile" or "image"), a digest on the runtime version, or base images. */
const imageSource = fc.oneof(
  fc.constant(null),
  fc.constant(null),
  fc.record({ kind: fc.constant('dockerfile' as const), user: fc.option(fc.integer({ min: 1, max: 2 ** 31 - 1 })), dockerfile: fc.option(fc.constantFrom('Dockerfile', 'ops/Dockerfile.prod')) }),
  fc.record({ kind: fc.constant('image' as const), user: fc.option(fc.integer({ min: 1, max: 65535 })), image: fc.constantFrom('nginxinc/nginx-unprivileged:1.27', `ghcr.io/acme/api:1.4@${DIGEST}`, `registry.example.com:5000/team/app@${DIGEST}`) }),
  fc.record({ kind: fc.constant('pinned' as const) }),
);

const serviceBody = fc.record({
  source: imageSource,
  archetype: fc.constantFrom('web-service', 'web-service', 'worker', 'cli-tool', 'data-pipeline', 'library', 'job') as fc.Arbitrary<ServiceSpec['archetype']>,
  profile: fc.option(fc.constantFrom(false as const, 'batch')),
  alias: fc.boolean(),
  secretTemplate: fc.option(fc.constantFrom('Bearer {secret:S} $x', 'k={secret:S};$(y)', '{secret:S}')),
  rf: runtimeAndFramework,
  env: fc.dictionary(envName, envValue, { maxKeys: 3 }),
  secrets: fc.uniqueArray(secretName, { maxLength: 2 }),
  replicas: fc.option(fc.integer({ min: 0, max: 4 })),
  resources: fc.option(resources),
  public: fc.option(fc.boolean()),
  workerPort: fc.boolean(),
  /** How the ports are written: the `port` shorthand, or `ports` with the fields that vary. */
  ports: fc.option(
    fc.record({
      protocol: fc.constantFrom('http', 'http', 'grpc', 'tcp'),
      servicePort: fc.option(fc.constantFrom(80, 8080, 50051)),
      published: fc.boolean(),
      public: fc.option(fc.boolean(), { freq: 3 }),
      extra: fc.option(fc.constantFrom({ name: 'metrics', port: 9100, protocol: 'tcp' as const }, { name: 'dns', port: 5353, protocol: 'udp' as const })),
    }),
  ),
  /** Issue 18: autoscaling, kept only on web-services and workers, with targets the reservations allow. */
  autoscale: fc.option(
    fc.record({ min: fc.integer({ min: 1, max: 3 }), span: fc.integer({ min: 0, max: 5 }), cpu: fc.option(fc.integer({ min: 1, max: 100 })), memory: fc.option(fc.integer({ min: 1, max: 100 })) }),
    { freq: 3 },
  ),
  healthKind: fc.option(fc.constantFrom('tcp', 'none', 'exec'), { freq: 3 }),
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
  digest: fc.boolean(),
  resources: fc.option(resources),
  external: fc.option(fc.boolean(), { freq: 4 }),
  alias: fc.boolean(),
  storage: fc.option(fc.constantFrom('1Gi', '20Gi')),
});

/** B (issue 18): a service routed from outside, on hosts named after it (so no two clash). */
const serviceIngress = fc.option(
  fc.record({ wildcard: fc.boolean(), path: fc.option(fc.constantFrom('/', '/api', '/v1/x%7Ey')), pathType: fc.option(fc.constantFrom('Prefix' as const, 'Exact' as const)) }),
  { freq: 3 },
);
/** B (issue 18): the topology's ingress. */
const topologyIngress = fc.option(
  fc.constantFrom(
    { className: 'nginx', tls: { issuer: 'letsencrypt' } },
    { tls: { secret: 'shop-tls' }, controllerNamespace: 'traefik' },
    { tls: { issuer: 'ca', issuerKind: 'Issuer' as const } },
    { api: 'gateway' as const, gateway: { name: 'public', namespace: 'gateways', listener: 'https' } },
  ),
);
/** One environment's overrides, drawn before the graph: which service and dependency it touches is picked by index. */
const environmentPick = fc.record({
  name: fc.constantFrom('staging', 'prod', 'qa-1', 'eu-west'),
  version: fc.option(fc.constantFrom('1.4.2', '2.0.0-rc.1')),
  registry: fc.option(fc.constantFrom('ghcr.io/acme', 'registry.example.com:5000/prod')),
  service: fc.nat(),
  replicas: fc.option(fc.integer({ min: 0, max: 5 })),
  resources: fc.option(resources),
  envValue: fc.option(fc.constantFrom('warning', 'a value with spaces', '$HOME is literal', 'ünïcode ✓')),
  dependency: fc.nat(),
  external: fc.option(fc.boolean()),
  storage: fc.option(fc.constantFrom('5Gi', '100Mi')),
});

/**
 * The environments of a graph from the picks: overrides of existing services and dependencies only,
 * a variable no edge or secret of the service sets, `external` only for a dependency whose edges
 * ask for no connection shape (an external one hands its users the URL as a secret).
 */
function environmentsOf(
  picks: ReadonlyArray<typeof environmentPick extends fc.Arbitrary<infer T> ? T : never>,
  services: readonly ServiceSpec[],
  dependencies: readonly DependencySpec[],
  edges: readonly EdgeSpec[],
  envs: ReadonlyMap<string, ReadonlySet<string>>,
): NonNullable<TopologyGraph['environments']> {
  const out: Record<string, NonNullable<TopologyGraph['environments']>[string]> = {};
  for (const pick of picks) {
    const service = services[pick.service % services.length];
    const taken = new Set([...(envs.get(service.name) ?? []), ...(service.secrets ?? [])]);
    // An autoscaled service keeps its replicas and reservations (its range and its targets' requests).
    const serviceOverride = {
      ...(pick.replicas != null && !service.autoscale ? { replicas: pick.replicas } : {}),
      ...(pick.resources != null && !service.autoscale ? { resources: pick.resources } : {}),
      ...(pick.envValue != null && !taken.has('TOPOGRAPH_ENV_LEVEL') ? { env: { TOPOGRAPH_ENV_LEVEL: pick.envValue } } : {}),
    };
    const dependency = dependencies.length ? dependencies[pick.dependency % dependencies.length] : undefined;
    const shaped = (name: string) => edges.some((e) => e.to === name && Object.keys(e).some((k) => !['from', 'to', 'env', 'database', 'wait'].includes(k)));
    const dependencyOverride = dependency
      ? {
          ...(pick.external != null && !shaped(dependency.name) ? { external: pick.external } : {}),
          ...(pick.storage != null ? { storage: pick.storage } : {}),
        }
      : {};
    out[pick.name] = {
      ...(pick.version != null ? { version: pick.version } : {}),
      ...(pick.registry != null ? { registry: pick.registry } : {}),
      ...(Object.keys(serviceOverride).length ? { services: { [service.name]: serviceOverride } } : {}),
      ...(dependency && Object.keys(dependencyOverride).length ? { dependencies: { [dependency.name]: dependencyOverride } } : {}),
    };
  }
  return out;
}

const VERSION_BY_TYPE: Record<string, readonly string[]> = { postgres: ['16', '17'], redis: ['7'], nats: ['2.10'], mysql: ['8.4'], mongodb: ['8.0'], rabbitmq: ['4.1'] };

/** A valid topology graph. */
export const validGraph: fc.Arbitrary<TopologyGraph> = fc
  .record({
    names: fc.uniqueArray(label, { minLength: 1, maxLength: 9 }),
    split: fc.integer({ min: 1, max: 6 }),
    services: fc.array(serviceBody, { minLength: 9, maxLength: 9 }),
    dependencies: fc.array(dependencyBody, { minLength: 9, maxLength: 9 }),
    edgePicks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.option(fc.constantFrom('main', 'reports')), fc.nat()), { maxLength: 14 }),
    segmented: fc.boolean(),
    namespace: fc.option(label),
    registry: fc.option(fc.constantFrom('ghcr.io/acme', 'registry.example.com:5000/team')),
    version: fc.option(fc.constantFrom('1.0.0', '2.3.4-rc.1', 'v7')),
    /** Issue 18: a secret store, with an explicit key for some secret of the topology. */
    secretStore: fc.option(
      fc.record({
        name: fc.constantFrom('vault', 'aws-secrets.prod'),
        kind: fc.option(fc.constantFrom('ClusterSecretStore' as const, 'SecretStore' as const)),
        refreshInterval: fc.option(fc.constantFrom('1h', '15m', '30s', '1h30m')),
        prefix: fc.option(fc.constantFrom('', 'prod/', 'team-a/prop-')),
        key: fc.option(fc.constantFrom<string | { key: string; property?: string }>('shared/one', { key: 'shared/db', property: 'password' }, { key: 'x@y/z+1=2' })),
      }),
      { freq: 3 },
    ),
    /** telemetry (issue 18): the collector, or an endpoint outside, with attributes whose values need percent-encoding. */
    telemetry: fc.option(
      fc.record(
        {
          target: fc.constantFrom({ collector: true }, { otlp: { endpoint: 'https://otel.example.com:4318/v1' } }, { otlp: { endpoint: 'http://10.0.0.7:4317', protocol: 'grpc' as const } }),
          protocol: fc.option(fc.constantFrom('grpc' as const, 'http/protobuf' as const)),
          attributes: fc.dictionary(fc.constantFrom('team', 'cloud.region', 'k8s.cluster.name'), envValue.filter((v) => v.length <= 256), { maxKeys: 2 }),
        },
        { requiredKeys: ['target'] },
      ),
      { freq: 3 },
    ),
  })
  // B (issue 18): the ingress picks are drawn after the rest, and environments (A1) after those, so the graphs above stay the ones they were.
  .chain((picked) =>
    fc
      .record({
        ingress: topologyIngress,
        ingressBodies: fc.array(serviceIngress, { minLength: 9, maxLength: 9 }),
        environmentPicks: fc.oneof(fc.constant(null), fc.array(environmentPick, { minLength: 1, maxLength: 3 })),
      })
      .map((more) => ({ ...picked, ...more })),
  )
  .map(({ names, split, services: bodies, dependencies: depBodies, edgePicks, namespace, registry, version, segmented, secretStore, telemetry, ingress, ingressBodies, environmentPicks }) => {
    const serviceCount = Math.min(split, names.length);
    const services: ServiceSpec[] = names.slice(0, serviceCount).map((name, i) => {
      const b = bodies[i];
      const { runtime, framework } = b.rf;
      const isWeb = b.archetype === 'web-service';
      const hasPort = isWeb || (b.archetype === 'worker' && b.workerPort);
      const secrets = b.secrets.filter((s) => !(s in b.env));
      // A secret inside a value (issue 17, item 9): reads the service's first secret.
      const templated = b.secretTemplate != null && secrets.length ? { AUTH_VALUE: { template: b.secretTemplate.replace('{secret:S}', `{secret:${secrets[0]}}`) } } : {};
      const env = { ...b.env, ...templated };
      const source = b.archetype === 'library' ? null : b.source;
      const own = source?.kind === 'dockerfile' || source?.kind === 'image' ? source : undefined;
      // A runtime whose image cannot probe a kind (python and go: grpc; several: tcp) gets an http port instead.
      const probes = own ? ['http', 'tcp', 'grpc'] : (probeKindsOf(runtime) as readonly string[]);
      const written = b.ports?.protocol ?? 'http';
      const protocol = (written === 'grpc' || written === 'tcp') && !probes.includes(written) ? 'http' : written;
      const portFields =
        b.ports == null
          ? { port: 8000 + i }
          : {
              ports: [
                {
                  port: 8000 + i,
                  ...(protocol !== 'http' ? { protocol } : {}),
                  ...(b.ports.servicePort != null ? { servicePort: b.ports.servicePort } : {}),
                  ...(b.ports.published ? { host: 20000 + i } : {}),
                  ...(b.ports.public != null ? { public: b.ports.public } : {}),
                },
                ...(b.ports.extra != null ? [b.ports.extra] : []),
              ],
            };
      const kind = b.healthKind === 'tcp' && !probes.includes('tcp') ? undefined : (b.healthKind ?? undefined);
      const health =
        b.health == null && kind === undefined
          ? undefined
          : {
              ...(b.health ?? {}),
              ...(kind !== undefined ? { kind } : {}),
              ...(kind === 'exec' ? { command: ['/app/healthcheck', '--ready'] } : {}),
            };
      // A path belongs to an http check only.
      if (health && (kind !== undefined || protocol !== 'http')) delete (health as { path?: string }).path;
      // Autoscale: each target needs its reservation; replicas, when written, inside [min, max].
      const reserved = (b.resources as { reservations?: { cpu?: unknown; memory?: unknown } } | null)?.reservations ?? {};
      const targets = {
        ...(b.autoscale?.cpu != null && reserved.cpu !== undefined ? { cpu: b.autoscale.cpu } : {}),
        ...(b.autoscale?.memory != null && reserved.memory !== undefined ? { memory: b.autoscale.memory } : {}),
      };
      const autoscale =
        b.autoscale != null && (b.archetype === 'web-service' || b.archetype === 'worker') && Object.keys(targets).length
          ? { min: b.autoscale.min, max: b.autoscale.min + b.autoscale.span, ...targets }
          : undefined;
      const replicas = b.replicas != null && (!autoscale || (b.replicas >= autoscale.min && b.replicas <= autoscale.max)) ? b.replicas : undefined;
      return {
        name,
        archetype: b.archetype,
        runtime: own ? own.kind : runtime,
        ...(framework != null && isWeb && !own ? { framework } : {}),
        ...(hasPort ? portFields : {}),
        ...(hasPort && health ? { health } : {}),
        ...(own?.kind === 'image' ? { image: own.image } : { build: { context: CONTEXT_BY_RUNTIME[runtime], ...(own?.kind === 'dockerfile' && own.dockerfile != null ? { dockerfile: own.dockerfile } : {}) } }),
        ...(own?.user != null ? { user: own.user } : {}),
        ...(source?.kind === 'pinned'
          ? runtime === 'node' || runtime === 'python'
            ? { runtimeVersion: `${runtime === 'node' ? '24' : '3.12'}@${DIGEST}` }
            : { baseImages: { build: `example.com/${runtime}-build:1@${DIGEST}`, runtime: `example.com/${runtime}-run:1@${DIGEST}` } }
          : {}),
        ...(Object.keys(env).length ? { env } : {}),
        ...(secrets.length ? { secrets } : {}),
        ...(replicas != null && b.archetype !== 'library' ? { replicas } : {}),
        ...(b.resources != null && Object.keys(b.resources).length ? { resources: b.resources } : {}),
        ...(autoscale ? { autoscale } : {}),
        ...(b.public != null && isWeb ? { public: b.public } : {}),
        ...(b.archetype === 'data-pipeline' && b.schedule != null ? { schedule: b.schedule } : {}),
        ...(b.archetype === 'data-pipeline' && b.profile != null ? { profile: b.profile } : {}),
        ...(b.alias && b.archetype !== 'library' ? { aliases: [`${name}-alias`] } : {}),
        ...(segmented ? { segments: ['main'] } : {}),
        ...(ingressBodies[i] != null && hasPort && protocol === 'http'
          ? {
              ingress: {
                hosts: [`${name}.example.com`, ...(ingressBodies[i]!.wildcard ? [`*.${name}.example.com`] : [])],
                ...(ingressBodies[i]!.path != null ? { path: ingressBodies[i]!.path } : {}),
                ...(ingressBodies[i]!.pathType != null ? { pathType: ingressBodies[i]!.pathType } : {}),
              },
            }
          : {}),
      };
    });
    const dependencies: DependencySpec[] = names.slice(serviceCount).map((name, i) => {
      const b = depBodies[i];
      return {
        name,
        type: b.type,
        ...(b.version != null && (VERSION_BY_TYPE[b.type] ?? []).includes(b.version) ? { version: b.digest ? `${b.version}@${DIGEST}` : b.version } : {}),
        ...(b.resources != null && Object.keys(b.resources).length ? { resources: b.resources } : {}),
        ...(b.external ? { external: true } : {}),
        ...(b.storage != null ? { storage: b.storage } : {}),
        ...(b.alias ? { aliases: [`${name}-alias`] } : {}),
        ...(segmented && i % 2 === 0 ? { segments: ['main', 'data'] } : {}),
      };
    });

    // Edges: from a non-library service to a dependency or to an earlier long-running service with a
    // port (so the graph is acyclic); each target once per service and each variable once.
    const edges: EdgeSpec[] = [];
    const seen = new Set<string>();
    const envs = new Map<string, Set<string>>();
    for (const [a, b, database, shape] of edgePicks) {
      const callers = services.filter((s) => s.archetype !== 'library');
      if (!callers.length) break;
      const from = callers[a % callers.length];
      const fromIndex = services.indexOf(from);
      const targets = [
        ...services.slice(0, fromIndex).filter((s) => ((s.port ?? s.ports?.[0]?.port) !== undefined && (s.archetype === 'web-service' || s.archetype === 'worker')) || s.archetype === 'job'),
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
      const job = !('type' in to) && to.archetype === 'job';
      const external = 'type' in to && to.external === true;
      const prefix = to.name.toUpperCase();
      const isPostgres = 'type' in to && to.type === 'postgres';
      // The edge's shape (issue 17, item 4) and wait (item 7): none of them on an edge to a job, no shape on an external dependency.
      const shapes: Array<Partial<EdgeSpec>> = [
        {},
        { format: 'address' },
        { template: '{scheme}://{host}:{port}/x$y' },
        { hostEnv: `${prefix}_HOST`, portEnv: `${prefix}_PORT` },
        { format: 'none', hostEnv: `${prefix}_HOST` },
        ...(isPostgres ? [{ template: 'jdbc:postgresql://{host}:{port}/{database}?user={user}&password={password}', passwordEnv: `${prefix}_PASS_VAR`, userEnv: `${prefix}_USER` }] : []),
      ];
      const waits: Array<EdgeSpec['wait']> = [undefined, 'started', 'none'];
      const extra = job || external ? {} : { ...shapes[shape % shapes.length], ...(waits[shape % 3] ? { wait: waits[shape % 3] } : {}) };
      const names = [env, ...['hostEnv', 'portEnv', 'userEnv', 'passwordEnv'].flatMap((k) => ((extra as Record<string, string>)[k] ? [(extra as Record<string, string>)[k]] : []))];
      if (names.some((n) => used.has(n) && n !== env)) continue;
      names.forEach((n) => used.add(n));
      edges.push({ from: from.name, to: to.name, ...(job ? {} : { env }), ...(hasDatabases && database != null ? { database } : {}), ...extra });
    }
    // The store's explicit key names a secret of a service that runs (a library's secrets are no one's).
    const storeSecret = services.find((s) => s.archetype !== 'library' && s.secrets?.length)?.secrets?.[0];
    const store =
      secretStore == null
        ? undefined
        : {
            name: secretStore.name,
            ...(secretStore.kind != null ? { kind: secretStore.kind } : {}),
            ...(secretStore.refreshInterval != null ? { refreshInterval: secretStore.refreshInterval } : {}),
            ...(secretStore.prefix != null ? { prefix: secretStore.prefix } : {}),
            ...(secretStore.key != null && storeSecret ? { keys: { [storeSecret]: secretStore.key } } : {}),
          };
    const environments = environmentPicks == null ? undefined : environmentsOf(environmentPicks, services, dependencies, edges, envs);
    return {
      name: 'prop',
      ...(environments ? { environments } : {}),
      ...(store ? { secretStore: store } : {}),
      ...(version != null ? { version } : {}),
      ...(namespace != null ? { namespace } : {}),
      ...(registry != null ? { registry } : {}),
      services,
      ...(dependencies.length ? { dependencies } : {}),
      ...(edges.length ? { edges } : {}),
      ...(segmented ? { segments: [{ name: 'main' }, { name: 'data' }] } : {}),
      ...(telemetry != null && !edges.some((e) => (e.env ?? defaultEnvOf(e, dependencies)).startsWith('OTEL_')) ? { telemetry: telemetryOf(telemetry) } : {}),
      ...(ingress != null ? { ingress } : {}),
    } as TopologyGraph;
  });

type TelemetryPick = { target: { collector?: boolean; otlp?: { endpoint: string; protocol?: 'grpc' | 'http/protobuf' } }; protocol?: 'grpc' | 'http/protobuf' | null; attributes?: Record<string, string> };

/** The telemetry section of a pick (a protocol beside the collector, attributes when any). */
function telemetryOf({ target, protocol, attributes }: TelemetryPick): NonNullable<TopologyGraph['telemetry']> {
  const otlp = target.otlp ?? (protocol != null ? { protocol } : undefined);
  return { ...(target.collector ? { collector: true } : {}), ...(otlp ? { otlp } : {}), ...(attributes && Object.keys(attributes).length ? { attributes } : {}) };
}

/** The variable an edge sets by default: a dependency's connection variable (OTEL_EXPORTER_OTLP_ENDPOINT for an otel-collector). */
function defaultEnvOf(edge: EdgeSpec, dependencies: readonly DependencySpec[]): string {
  return dependencies.find((d) => d.name === edge.to)?.type === 'otel-collector' ? 'OTEL_EXPORTER_OTLP_ENDPOINT' : '';
}

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
    ...(graph.secretStore?.keys ? { secretStore: { ...graph.secretStore, keys: Object.fromEntries(shuffle(Object.entries(graph.secretStore.keys), seed + 13)) } } : {}),
    ...(graph.environments ? { environments: Object.fromEntries(shuffle(Object.entries(graph.environments), seed + 17)) } : {}),
  };
}
