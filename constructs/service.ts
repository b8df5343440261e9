import { Construct } from 'constructs';
import { parseDuration } from '../src/graph/quantities';
import { TopologyError } from '../src/graph/problems';
import type { Archetype, Framework, Runtime, ServiceSpec } from '../src/graph/schema';
import { edgeOptionProblems, specProblems } from '../src/graph/validate';
import type { AutoscaleModel, EnvValue, EnvVarModel, LivenessModel, PortModel, ServiceHealthModel, ServiceModel } from '../src/model';
import { secretsOfValue } from '../src/model';
import { healthKindOf, healthPort, resolvePorts } from '../src/graph/service-ports';
import type { ConnectionOptions } from '../src/graph/connection';
import type { EdgeWaitName } from '../src/graph/edge-wait';
import { isSecretTemplate, type SecretTemplate, secretTemplateParts } from '../src/graph/secret-template';
import { envPrefix } from '../src/graph/grammar';
import { resolveResources } from '../src/resources';
import { HEALTH_DEFAULTS } from '../src/defaults';
import { isImageRuntime, runtimePack } from '../src/graph/kinds';
import { runtimeVersionLineOf, serviceBuildOf, serviceUidOf } from '../src/service-build';
import { composeProfileOf, isLongRunning } from '../src/runtimes';
import type { Dependency, UseOptions } from './dependency';
import { checkInstruction, type DockerfileInstructionOptions, escapeHatchesOf, overridePath } from './escape-hatches';
import type { JsonPatch } from 'cdk8s';
import type { Topology } from './topology';
import { constructId, topologyOf } from './topology-scope';
import { byName, sortedRecord } from '../src/sort';
import { detectedContextFiles } from '../src/output/contexts';
import { resolveRoutes } from '../src/graph/ingress';
import { applyOverrides, SERVICE_OVERRIDES, type ServiceOverride } from '../src/graph/environments';

/** How Kubernetes decides to restart a container: it must not depend on other services or dependencies. */
export type LivenessOptions =
  /** Connect to the port. */
  | { readonly kind: 'tcp' }
  /** GET a shallow path that answers while the process runs, e.g. "/livez". */
  | { readonly kind: 'http'; readonly path: string }
  /** Call grpc.health.v1.Health/Check on the port. */
  | { readonly kind: 'grpc'; readonly service?: string }
  /** Run a command in the container. */
  | { readonly kind: 'exec'; readonly command: string[] }
  /** No liveness probe. */
  | { readonly kind: 'none' };

/** One port of a service. */
export interface PortOptions {
  /** Port name, unique in the service (at most 15 characters). @default the protocol, for the first port of that protocol */
  readonly name?: string;
  /** Container port the program listens on. */
  readonly port: number;
  /** Kubernetes Service port, what callers in the cluster connect to. @default `port` */
  readonly servicePort?: number;
  /** What the port speaks. @default "http" */
  readonly protocol?: 'http' | 'grpc' | 'tcp' | 'udp';
  /** Publish on this host port (compose). @default not published */
  readonly host?: number;
  /** Published on every host interface, open to anyone in Kubernetes. @default the service's `public` */
  readonly public?: boolean;
}

/** How a service is reached from outside the cluster (Kubernetes Ingress or HTTPRoute); the graph's service `ingress`. */
export interface IngressOptions {
  /** Host names it answers to (lower-case DNS names, optionally "*." wildcards), 1 to 16. */
  readonly hosts: string[];
  /** Path routed to it. @default "/" */
  readonly path?: string;
  /** How the path matches. @default "Prefix" */
  readonly pathType?: 'Prefix' | 'Exact';
  /** Name of the http port that receives the traffic. @default the first http port */
  readonly port?: string;
}

/** Health of the service: readiness by kind, liveness separately. */
export interface HealthOptions {
  /** How readiness is checked. @default the checked port's protocol (http, grpc; tcp for tcp), "none" for udp or no port */
  readonly kind?: 'http' | 'grpc' | 'tcp' | 'exec' | 'none';
  /** The port to check: a port name or container port. @default the primary (first) port */
  readonly port?: string | number;
  /** kind http: path answering 2xx when ready to serve (it may check dependencies): readiness, compose's health check. @default "/health" */
  readonly path?: string;
  /** kind grpc: the grpc.health.v1 service name. @default "" (the whole server) */
  readonly service?: string;
  /** kind exec: exec-form command that exits 0 when ready. @default none (required for kind exec) */
  readonly command?: string[];
  /** The liveness and startup check (Kubernetes), never depending on dependencies. @default { kind: 'tcp' } on the port */
  readonly liveness?: LivenessOptions;
  /** Time between checks. @default "10s" */
  readonly interval?: string;
  /** Time one check may take. @default "3s" */
  readonly timeout?: string;
  /** Consecutive failures before unhealthy. @default 3 */
  readonly retries?: number;
  /** Grace period after start while failures do not count. @default "30s" */
  readonly startPeriod?: string;
}

/** CPU and memory amounts: cpu in cores (2, 0.5) or "500m"; memory like "512Mi". */
export interface ResourceAmounts {
  /** CPU cores or millicores. @default no constraint */
  readonly cpu?: number | string;
  /** Memory with a binary unit. @default no constraint */
  readonly memory?: number | string;
}

/** Container resources. */
export interface ResourceOptions {
  /** Hard ceiling (compose limits, Kubernetes limits). @default none */
  readonly limits?: ResourceAmounts;
  /** Guaranteed share (compose reservations, Kubernetes requests). @default none */
  readonly reservations?: ResourceAmounts;
}

/**
 * Horizontal autoscaling (Kubernetes HorizontalPodAutoscaler, autoscaling/v2): between `min` and
 * `max` pods, aiming at an average CPU and/or memory utilization of the reservations. web-service
 * and worker only; compose runs one container.
 */
export interface AutoscaleOptions {
  /** Fewest pods, 1 to 1000, at most `max`. */
  readonly min: number;
  /** Most pods, 1 to 1000. */
  readonly max: number;
  /** Target average CPU utilization in percent (1–100) of `resources.reservations.cpu`, which it needs. @default none (give cpu or memory) */
  readonly cpu?: number;
  /** Target average memory utilization in percent (1–100) of `resources.reservations.memory`, which it needs. @default none (give cpu or memory) */
  readonly memory?: number;
}

/** Props every service archetype accepts; they mirror a service entry of `topology-graph.json`. */
export interface ServiceProps {
  /**
   * Language runtime; decides base images and build steps. "dockerfile": the service's own
   * Dockerfile (`build.dockerfile`); "image": a prebuilt image (`image`), nothing built.
   */
  readonly runtime: Runtime;
  /**
   * Runtime version line, optionally pinned to a digest ("24@sha256:…"). Not for the dockerfile and image runtimes.
   * @default python "3.11", node "24", bun "1", go "1.26"
   */
  readonly runtimeVersion?: string;
  /** The generated Dockerfile's base images, e.g. pinned to digests. Generated runtimes only. @default the runtime's images for runtimeVersion */
  readonly baseImages?: { readonly build?: string; readonly runtime?: string };
  /** runtime "image" only (required there): the prebuilt image to run, e.g. "ghcr.io/acme/api:1.4@sha256:…". @default none */
  readonly image?: string;
  /**
   * runtimes "dockerfile" and "image" only: the numeric user the image runs as (compose `user`,
   * Kubernetes runAsUser/runAsGroup/fsGroup). @default the image's own user; Kubernetes still requires non-root
   */
  readonly user?: number;
  /** Web framework; decides the start command. @default none (plain program) */
  readonly framework?: Framework;
  /** Program entry. @default python "main:app" (framework) or "main"; node "dist/index.js"; bun "src/index.ts"; go "." */
  readonly entry?: string;
  /** Shorthand for `ports: [{ name: 'http', port }]`, exclusive with `ports`. @default none (a web service needs a port) */
  readonly port?: number;
  /** Ports it listens on, the first primary; published on the host only with `host`. @default none */
  readonly ports?: PortOptions[];
  /** Health check. @default an HTTP check of "/health" on an http primary port (grpc on grpc, tcp on tcp) */
  readonly health?: HealthOptions;
  /**
   * Sources, relative to the topology's base directory, and (runtime "dockerfile") the service's own
   * Dockerfile inside them. Not for the image runtime.
   * @default a directory named like the service; dockerfile "Dockerfile"
   */
  readonly build?: { readonly context?: string; readonly dockerfile?: string };
  /** Start command override, exec form; an argument may hold secrets as `{ template: '--token={secret:NAME}' }`. @default derived from runtime and framework */
  readonly command?: Array<string | SecretTemplate>;
  /** Plain environment variables (never secret values); a value may hold secrets as `{ template: 'Bearer {secret:NAME}' }`. @default none */
  readonly env?: Record<string, string | SecretTemplate>;
  /** Names of secret variables, supplied at run time. @default none */
  readonly secrets?: string[];
  /** Instances to run; with `autoscale`, within its range (the autoscaler owns the count). @default 1, with `autoscale` its `min` */
  readonly replicas?: number;
  /**
   * web-service and worker only: a HorizontalPodAutoscaler keeps between `min` and `max` pods; the
   * Deployment then has no replica count. Each target needs the matching `resources.reservations`.
   * @default none: `replicas` pods
   */
  readonly autoscale?: AutoscaleOptions;
  /** CPU and memory. @default no limits or reservations */
  readonly resources?: ResourceOptions;
  /** Reachable from outside the host/cluster. @default false (bound to 127.0.0.1) */
  readonly public?: boolean;
  /** One-line description for the image label. @default none */
  readonly description?: string;
  /** data-pipeline only: cron schedule. @default none (runs once) */
  readonly schedule?: string;
  /** Extra image labels, reverse-DNS keys. @default none */
  readonly labels?: Record<string, string>;
  /** Compose profile (a DNS label), or false for none. @default "tools" for a cli-tool, "jobs" for a data-pipeline, else none */
  readonly profile?: string | false;
  /** Extra DNS names (compose network aliases, Kubernetes extra Services). @default none */
  readonly aliases?: string[];
  /** Network segments it joins (the topology's `segments`). @default the first declared segment */
  readonly segments?: string[];
  /** web-service and worker with an http port: reachable from outside the cluster on these hosts (the topology's `ingress` says how). @default not routed */
  readonly ingress?: IngressOptions;
}

/** @internal What a service's model is resolved with: the topology's registry and version, and an environment's override. */
export interface ServiceEnvironment {
  readonly registry?: string;
  readonly version: string;
  readonly override?: ServiceOverride;
}

/** Options for `service.calls(target, options)`. */
export interface CallOptions extends ConnectionOptions {
  /** Variable carrying the target's URL. @default `<TARGET>_SERVICE_URL` */
  readonly env?: string;
  /** What the service waits for before it starts. @default "completed" for a job, "started" without a health check, else "healthy" */
  readonly wait?: EdgeWaitName;
}

/**
 * A program of yours, built from source. Use one of the archetype classes: `WebService`,
 * `Worker`, `CliTool`, `DataPipeline`, `Library`.
 */
export abstract class Service extends Construct {
  /** Returns true when `x` is a service construct. */
  public static isService(x: unknown): x is Service {
    return x instanceof Service;
  }

  /** The service name: compose service, DNS host and Kubernetes name. */
  public readonly name: string;
  /** What kind of program it is. */
  public readonly archetype: Archetype;
  /** The topology it belongs to. */
  public readonly topology: Topology;
  private readonly props: ServiceProps;
  /** Null-prototype: any variable name is an ordinary key (see docs/security.md). */
  private readonly extraEnv: Record<string, string | SecretTemplate> = Object.create(null);
  private readonly extraSecrets: string[] = [];

  protected constructor(scope: Construct, id: string, archetype: Archetype, props: ServiceProps) {
    super(scope, constructId(id, 'service'));
    this.topology = topologyOf(this);
    this.name = id;
    this.archetype = archetype;
    this.props = props;
    if (!this.topology._trustsSpecs()) {
      const problems = specProblems('services', { name: id, archetype, ...props }, 'your topology code', this.topology.lintAcknowledgements);
      if (problems.length > 0) throw new TopologyError(problems);
    }
    this.topology._register(this);
  }

  /** The primary container port it listens on, if any. */
  public get port(): number | undefined {
    return this.ports[0]?.port;
  }

  /** Every port it listens on, defaults applied (the first is primary). */
  public get ports(): readonly PortModel[] {
    return resolvePorts(this.props);
  }

  /** Declares that this service calls `target` over HTTP: wires `<TARGET>_SERVICE_URL` and start order. */
  public calls(target: Service, options: CallOptions = {}): this {
    this.checkEdge(target, options);
    this.topology._addEdge(this, target, options);
    return this;
  }

  /** Declares that this service uses `dependency`: wires its connection variable and start order. */
  public uses(dependency: Dependency, options: UseOptions = {}): this {
    this.checkEdge(dependency, options);
    this.topology._addEdge(this, dependency, options);
    return this;
  }

  /** Adds a plain environment variable (never a secret value: use `addSecret`). */
  public addEnv(name: string, value: string | SecretTemplate): this {
    this.topology._checkMutable(`env ${name} on service '${this.name}'`);
    this.check({ env: { ...(this.props.env ?? {}), ...this.extraEnv, [name]: value } });
    this.extraEnv[name] = value;
    this.topology._changed();
    return this;
  }

  /** Adds a secret variable by name; its value is supplied at run time. */
  public addSecret(name: string): this {
    this.topology._checkMutable(`secret ${name} on service '${this.name}'`);
    if (this.extraSecrets.includes(name)) return this;
    this.check({ secrets: [...(this.props.secrets ?? []), ...this.extraSecrets, name] });
    this.extraSecrets.push(name);
    this.topology._changed();
    return this;
  }

  /** Throws when the service with `change` applied breaks the grammar (the same checks as the constructor). */
  private check(change: Partial<ServiceSpec>): void {
    const problems = specProblems('services', { ...this.toSpec(), ...change }, 'your topology code', this.topology.lintAcknowledgements);
    if (problems.length > 0) throw new TopologyError(problems);
  }

  private checkEdge(target: { readonly name: string }, options: CallOptions | UseOptions): void {
    if (this.topology._trustsSpecs()) return;
    const problems = edgeOptionProblems(this.name, target.name, options, 'your topology code');
    if (problems.length > 0) throw new TopologyError(problems);
  }

  /**
   * Escape hatch: sets `value` at `path` in this service's entry of docker-compose.yml, after
   * everything topograph generated (`undefined` removes the key). `path` is dotted
   * ("logging.driver") or a list of keys (`["labels", "com.example.team"]`) for keys with dots.
   * Never put a secret value here: the compose file is committed.
   *
   * @example catalog.addComposeOverride('logging', { driver: 'json-file', options: { 'max-size': '10m' } });
   */
  public addComposeOverride(path: string | readonly string[], value: unknown): this {
    const where = `service '${this.name}'`;
    escapeHatchesOf(this.topology).compose.push({ path: ['services', this.name, ...overridePath(path, where)], value, where });
    return this;
  }

  /**
   * Escape hatch: inserts one instruction into this service's Dockerfile. In the runtime stage
   * (the default) it goes before the `USER` line, so `RUN` runs as root.
   *
   * @example catalog.addDockerfileInstruction('RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*');
   */
  public addDockerfileInstruction(instruction: string, options: DockerfileInstructionOptions = {}): this {
    const stage = options.stage ?? 'runtime';
    checkInstruction(instruction, stage, `service '${this.name}'`);
    this.dockerfileEdits().push({ instruction: { text: instruction.trim(), stage } });
    return this;
  }

  /**
   * Escape hatch of last resort: a function from the generated Dockerfile text to the text to
   * write, applied after `addDockerfileInstruction`. Keep the first line (the generated marker),
   * or synthesis fails: without it topograph would take the file for yours.
   */
  public addDockerfilePatch(patch: (dockerfile: string) => string): this {
    this.dockerfileEdits().push({ patch });
    return this;
  }

  /**
   * Escape hatch: JSON patches (cdk8s `JsonPatch`) on this service's Kubernetes object of the
   * given kind, named like the service, e.g. `addKubernetesPatch('Deployment',
   * JsonPatch.add('/spec/template/spec/priorityClassName', 'high'))`. Synthesis fails when no
   * such object exists.
   */
  public addKubernetesPatch(kind: string, ...patches: JsonPatch[]): this {
    this.topology._addKubernetesPatch({ selector: { kind, name: this.name }, patches, where: `service '${this.name}'` });
    return this;
  }

  private dockerfileEdits() {
    const edits = escapeHatchesOf(this.topology).dockerfiles;
    if (!edits.has(this.name)) edits.set(this.name, []);
    return edits.get(this.name)!;
  }

  /** The service as a graph entry (what `topology-graph.json` would say). */
  public toSpec(): ServiceSpec {
    const env = { ...(this.props.env ?? {}), ...this.extraEnv };
    const secrets = [...(this.props.secrets ?? []), ...this.extraSecrets];
    return {
      name: this.name,
      archetype: this.archetype,
      ...this.props,
      ...(Object.keys(env).length ? { env } : {}),
      ...(secrets.length ? { secrets } : {}),
    } as ServiceSpec;
  }

  /** @internal Build context as a POSIX path relative to the topology's base directory. */
  public _buildContext(): string {
    return this.topology._contextPath(this.props.build?.context ?? this.name);
  }

  /** @internal Its profile, aliases and segments, as the topology checks read them. */
  public _memberShape(): { profile?: string; aliases?: readonly string[]; segments?: readonly string[] } {
    const p = this.props;
    const profile = p.profile === false ? undefined : (p.profile ?? composeProfileOf(this.archetype));
    return {
      ...(profile !== undefined ? { profile } : {}),
      ...(p.aliases ? { aliases: p.aliases } : {}),
      ...(p.segments ? { segments: p.segments } : {}),
      ...(p.ingress ? { routes: { hosts: p.ingress.hosts, path: p.ingress.path ?? '/' } } : {}),
    };
  }

  /** @internal Names of its own variables (plain and secret), for clash checks. */
  public _ownEnvNames(): string[] {
    return [...Object.keys(this.props.env ?? {}), ...Object.keys(this.extraEnv), ...(this.props.secrets ?? []), ...this.extraSecrets];
  }

  /** @internal The resolved model of this service. */
  public _toModel(
    connections: ReadonlyArray<{ env: string; value: EnvValue; target: string }>,
    needs: readonly string[] = connections.map((c) => c.target),
    environment: ServiceEnvironment = { registry: this.topology.registry, version: this.topology.version },
    telemetry: readonly EnvVarModel[] = [],
  ): ServiceModel {
    // The environment's override applied: read every field in SERVICE_OVERRIDES from `spec`, never from `this.props`.
    const spec = applyOverrides(this.toSpec(), environment.override, SERVICE_OVERRIDES);
    const profile = isImageRuntime(spec.runtime) ? undefined : runtimePack(spec.runtime);
    const env: EnvVarModel[] = [
      ...Object.entries(spec.env ?? {}).map(([name, value]): EnvVarModel => ({
        name,
        value: isSecretTemplate(value) ? { kind: 'template', parts: secretTemplateParts(value.template) } : { kind: 'plain', value },
        comment: `set for ${this.name} in the topology`,
      })),
      ...(spec.secrets ?? []).map((name) => ({
        name,
        value: { kind: 'secret' as const, secret: name },
        comment: `secret of ${this.name}`,
      })),
      ...connections.map((c) => ({
        name: c.env,
        value: c.value,
        comment: `connection to ${c.target}`,
      })),
      ...telemetry,
    ].sort(byName);
    const secrets = new Set<string>(spec.secrets ?? []);
    for (const v of env) secretsOfValue(v.value).forEach((s) => secrets.add(s));
    const templated = spec.command?.some(isSecretTemplate) ?? false;
    const ports = resolvePorts(spec);
    const health = this.archetype === 'library' || this.archetype === 'job' ? undefined : healthOf(spec, ports);
    const registry = environment.registry ? `${environment.registry}/` : '';
    const context = this.topology._contextPath(spec.build?.context ?? this.name);
    const detectedFiles = profile?.detectFiles && this.archetype !== 'library' ? detectedContextFiles(this.topology.baseDir, context, profile.detectFiles) : undefined;
    return {
      kind: 'service',
      name: this.name,
      archetype: this.archetype,
      description: spec.description,
      runtime: spec.runtime,
      runtimeVersion: runtimeVersionLineOf(spec),
      framework: spec.framework,
      entry: profile ? (spec.entry ?? profile.defaultEntry(spec.framework, detectedFiles)) : '',
      ...(detectedFiles ? { detectedFiles } : {}),
      port: ports[0]?.port,
      ports,
      health,
      context,
      command: templated ? undefined : (spec.command as string[] | undefined),
      ...(templated ? { commandTemplate: spec.command!.map((a) => (isSecretTemplate(a) ? secretTemplateParts(a.template) : [{ kind: 'text' as const, text: a }])) } : {}),
      env,
      secrets: [...secrets].sort(),
      replicas: spec.replicas ?? spec.autoscale?.min ?? 1,
      ...(spec.autoscale ? { autoscale: autoscaleOf(spec.autoscale) } : {}),
      resources: resolveResources(spec.resources),
      public: spec.public ?? false,
      schedule: spec.schedule,
      uid: serviceUidOf(spec),
      image: spec.runtime === 'image' && spec.image ? spec.image : `${registry}${this.topology.topologyName}/${this.name}:${environment.version}`,
      build: serviceBuildOf(spec, detectedFiles),
      needs: [...new Set(needs)].sort(),
      containerized: this.archetype !== 'library',
      longRunning: isLongRunning(this.archetype),
      profile: spec.profile === false ? undefined : (spec.profile ?? composeProfileOf(this.archetype)),
      labels: sortedRecord(spec.labels ?? {}),
      aliases: [...new Set(spec.aliases ?? [])].sort(),
      segments: this.topology._segmentsOf(spec.segments),
      routes: this.archetype === 'web-service' || this.archetype === 'worker' ? resolveRoutes(spec) : [],
    };
  }
}

/**
 * The resolved health check: a port-less service has none unless it names an exec check;
 * otherwise readiness by kind (default from the checked port's protocol) and liveness (default TCP
 * on the checked port, none without a TCP port).
 */
function healthOf(spec: ServiceSpec, ports: readonly PortModel[]): ServiceHealthModel | undefined {
  const h = spec.health;
  if (ports.length === 0 && h?.kind !== 'exec') return undefined;
  const checked = healthPort(ports, ports.map((p) => p.name), h?.port) ?? ports[0];
  const kind = healthKindOf(h?.kind, checked);
  const tcpPort = checked && checked.protocol !== 'udp' ? checked : ports.find((p) => p.protocol !== 'udp');
  return {
    kind,
    ...(tcpPort ? { port: tcpPort.port } : {}),
    ...(kind === 'http' ? { path: h?.path ?? HEALTH_DEFAULTS.path } : {}),
    ...(kind === 'grpc' ? { service: h?.service ?? '' } : {}),
    ...(kind === 'exec' && h?.command ? { command: [...h.command] } : {}),
    liveness: livenessOf(h?.liveness, tcpPort !== undefined),
    intervalSeconds: parseDuration(h?.interval ?? HEALTH_DEFAULTS.interval)!,
    timeoutSeconds: parseDuration(h?.timeout ?? HEALTH_DEFAULTS.timeout)!,
    retries: h?.retries ?? HEALTH_DEFAULTS.retries,
    startPeriodSeconds: parseDuration(h?.startPeriod ?? HEALTH_DEFAULTS.startPeriod)!,
  };
}

/** The resolved liveness check: TCP on the port unless the service names another (none without a TCP port). */
function livenessOf(liveness: LivenessOptions | undefined, hasTcpPort: boolean): LivenessModel {
  switch (liveness?.kind) {
    case 'http':
      return { kind: 'http', path: liveness.path };
    case 'grpc':
      return { kind: 'grpc', service: liveness.service ?? '' };
    case 'exec':
      return { kind: 'exec', command: [...liveness.command] };
    case 'none':
      return { kind: 'none' };
    default:
      return hasTcpPort ? { kind: 'tcp' } : { kind: 'none' };
  }
}

/** The resolved autoscaling: the targets given, nothing else. */
function autoscaleOf(a: AutoscaleOptions): AutoscaleModel {
  return { min: a.min, max: a.max, ...(a.cpu !== undefined ? { cpu: a.cpu } : {}), ...(a.memory !== undefined ? { memory: a.memory } : {}) };
}

/** `<TARGET>_SERVICE_URL` for a service edge. */
export function serviceUrlEnv(target: string): string {
  return `${envPrefix(target)}_SERVICE_URL`;
}
