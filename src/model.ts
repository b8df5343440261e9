/**
 * The resolved topology: what the construct tree means, as plain sorted data.
 *
 * Constructs produce it (`Topology.toModel()`); every renderer reads only this. All defaults are
 * applied, all references are resolved and every list is sorted, so two renderers can never
 * disagree and the output never depends on the order the graph was written in.
 */
import type { Archetype, Framework, Runtime } from './graph/schema';
import type { ConnectionUrl, TemplatePart } from './graph/values';
import type { SecretStoreModel } from './graph/secret-store';
import type { TelemetryModel } from './graph/telemetry';
import type { ExtraObject } from './graph/extra-manifests';

export type { ConnectionUrl, TemplatePart } from './graph/values';
export type { RemoteRef, SecretStoreModel } from './graph/secret-store';

// Issue 18, helper C: autoscaling.
/** A service's horizontal autoscaling (Kubernetes HorizontalPodAutoscaler); compose runs one container. */
export interface AutoscaleModel {
  /** Fewest pods. */
  readonly min: number;
  /** Most pods. */
  readonly max: number;
  /** Target average CPU utilization, percent of the CPU request, when given. */
  readonly cpu?: number;
  /** Target average memory utilization, percent of the memory request, when given. */
  readonly memory?: number;
}
// B (issue 18): ingress
import type { IngressModel, RouteModel } from './graph/ingress';
export type { IngressModel, RouteModel } from './graph/ingress';

/** Amounts in canonical units. */
export interface ResourceAmountsModel {
  /** Millicores. */
  readonly cpu?: number;
  /** Bytes. */
  readonly memory?: number;
}

/** Limits and reservations in canonical units. */
export interface ResourcesModel {
  /** Hard ceiling (compose limits, Kubernetes limits). */
  readonly limits: ResourceAmountsModel;
  /** Guaranteed share (compose reservations, Kubernetes requests). */
  readonly reservations: ResourceAmountsModel;
}

/** How Kubernetes decides a service's container must be restarted: never by a dependency's state. */
export type LivenessModel =
  | { readonly kind: 'tcp' }
  | { readonly kind: 'http'; readonly path: string }
  | { readonly kind: 'grpc'; readonly service: string }
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'none' };

/** What a port speaks. */
export type PortProtocol = 'http' | 'grpc' | 'tcp' | 'udp';

/** One port of a service, defaults applied. */
export interface PortModel {
  /** Port name, unique in the service (Kubernetes Service and container port name). */
  readonly name: string;
  /** Container port the program listens on. */
  readonly port: number;
  /** Port of the Kubernetes Service: what callers in the cluster connect to. Compose callers use `port`. */
  readonly servicePort: number;
  /** What it speaks. */
  readonly protocol: PortProtocol;
  /** Host port it is published on (compose), when it is. */
  readonly host?: number;
  /** Published on every host interface / open to anyone in Kubernetes; absent: the service's `public`. */
  readonly public?: boolean;
}

/** How readiness is checked. */
export type HealthKind = 'http' | 'grpc' | 'tcp' | 'exec' | 'none';

/** A resolved health check of a service: readiness by kind, and a separate liveness check. */
export interface ServiceHealthModel {
  /** How readiness is checked (compose's healthcheck, the Dockerfile's HEALTHCHECK, Kubernetes readiness); `none`: not at all. */
  readonly kind: HealthKind;
  /** Container port checked (http, grpc, tcp readiness; and the TCP/HTTP/gRPC liveness), when there is one. */
  readonly port?: number;
  /** Path answering 2xx when ready (kind http only). */
  readonly path?: string;
  /** grpc.health.v1 service name (kind grpc only; "" is the whole server). */
  readonly service?: string;
  /** Exec-form command that exits 0 when ready (kind exec only). */
  readonly command?: readonly string[];
  /** The liveness (and startup) check, default applied: TCP on the port. */
  readonly liveness: LivenessModel;
  /** Seconds between checks. */
  readonly intervalSeconds: number;
  /** Seconds one check may take. */
  readonly timeoutSeconds: number;
  /** Consecutive failures before unhealthy. */
  readonly retries: number;
  /** Seconds after start while failures do not count. */
  readonly startPeriodSeconds: number;
}



/** What an environment variable holds: a plain value, a secret supplied at run time, a connection URL, or a template of those. */
export type EnvValue =
  | { readonly kind: 'plain'; readonly value: string }
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'url'; readonly url: ConnectionUrl }
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[] };

/** One environment variable of a container. */
export interface EnvVarModel {
  /** Variable name. */
  readonly name: string;
  /** Its value, or where the value comes from. */
  readonly value: EnvValue;
  /** Why the variable is there, for .env.example and comments. */
  readonly comment: string;
}

/** A secret variable some container needs, supplied by the user at run time. */
export interface SecretModel {
  /** Variable name. */
  readonly name: string;
  /** Who uses it, for `.env.example`. */
  readonly comment: string;
}

/**
 * How a service's image comes to be: a Dockerfile topograph generates from its runtime pack (on
 * these base images, defaults and digests applied), the service's own Dockerfile (runtime
 * `dockerfile`, the path relative to the context), or none at all (runtime `image`: a prebuilt image).
 */
export type ServiceBuildModel =
  | { readonly kind: 'generated'; readonly baseImages: { readonly build: string; readonly runtime: string } }
  | { readonly kind: 'dockerfile'; readonly dockerfile: string }
  | { readonly kind: 'image' };

/** A resolved service: every default applied, every reference resolved. */
export interface ServiceModel {
  /** Discriminant: a service (built from source). */
  readonly kind: 'service';
  /** Service name: compose service, DNS host, Kubernetes name. */
  readonly name: string;
  /** What kind of program it is. */
  readonly archetype: Archetype;
  /** One-line description, when given. */
  readonly description?: string;
  /** Language runtime. */
  readonly runtime: Runtime;
  /** Runtime version line, default applied, without any digest (`baseImages` holds the images); "" for the dockerfile and image runtimes. */
  readonly runtimeVersion: string;
  /** Web framework, when given. */
  readonly framework?: Framework;
  /** Program entry, default applied; "" for the dockerfile and image runtimes (the image's own command). */
  readonly entry: string;
  /** Top-level files of the build context its runtime reads (`RuntimePack.detectFiles`), sorted, when it reads any. */
  readonly detectedFiles?: readonly string[];
  /** Primary container port (`ports[0].port`), when it has one. */
  readonly port?: number;
  /** Every port it listens on, as written (the first is primary). */
  readonly ports: readonly PortModel[];
  /** Health check, when it has a port or an exec check (libraries have none); kind `none` keeps only liveness. */
  readonly health?: ServiceHealthModel;
  /** Build context, POSIX path relative to the topology's base directory. */
  readonly context: string;
  /** Start command override (exec form), when the graph gives one. */
  readonly command?: readonly string[];
  /** Every environment variable the container gets, sorted by name. */
  readonly env: readonly EnvVarModel[];
  /** Secret variables referenced by `env` (own secrets and passwords inside connection URLs), sorted. */
  readonly secrets: readonly string[];
  /** Instances to run in Kubernetes (compose runs one); with `autoscale`, where a new Deployment starts (default its `min`), not written. */
  readonly replicas: number;
  /** Horizontal autoscaling between min and max pods: the HorizontalPodAutoscaler owns the replica count. @default none */
  readonly autoscale?: AutoscaleModel;
  /** CPU and memory. */
  readonly resources: ResourcesModel;
  /** Reachable from outside the host or cluster. */
  readonly public: boolean;
  /** Cron schedule of a data pipeline, when given. */
  readonly schedule?: string;
  /**
   * Numeric user the container runs as, here and in Kubernetes: topograph's app user for generated
   * Dockerfiles, the service's `user` for the dockerfile and image runtimes. Undefined when the
   * image's own user is kept (those runtimes without `user`): no compose `user:`, Kubernetes only
   * requires a non-root user.
   */
  readonly uid?: number;
  /** Image reference the build is tagged with (runtime `image`: the prebuilt image it runs). */
  readonly image: string;
  /** How the image comes to be: generated, the service's own Dockerfile, or prebuilt. */
  readonly build: ServiceBuildModel;
  /** Names of what this service needs (edge targets), sorted. */
  readonly needs: readonly string[];
  /** Whether it is built into a container image at all (libraries are not). */
  readonly containerized: boolean;
  /** web-service and worker run until stopped; cli-tool and data-pipeline run to completion. */
  readonly longRunning: boolean;
  /**
   * Compose profile the service is in, when `docker compose up` should not start it: the graph's
   * `profile`, else cli-tool `tools`, data-pipeline `jobs`. @default none: started with the stack
   */
  readonly profile?: string;
  /** Extra image labels, sorted by key. */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra DNS names it answers to, sorted. */
  readonly aliases: readonly string[];
  /** Network segments it joins, sorted (empty when the topology declares none). */
  readonly segments: readonly string[];
  /**
   * The start command when an argument holds a secret (`{secret:NAME}` templates): compose and
   * Kubernetes run it whole, as the entrypoint, with the secrets resolved at run time; the
   * Dockerfile keeps the default command. @default none
   */
  readonly commandTemplate?: ReadonlyArray<readonly TemplatePart[]>;
  /**
   * B (issue 18): how it is reached from outside the cluster (its `ingress`): one route per host,
   * sorted by host, path, pathType, port name and servicePort. Empty without `ingress`.
   */
  readonly routes: readonly RouteModel[];
}

/** A resolved health check of a dependency, run inside its container. */
export interface DependencyHealthCheckModel {
  /** Exec-form command run inside the container. */
  readonly command: readonly string[];
  /** Seconds between checks. */
  readonly intervalSeconds: number;
  /** Seconds one check may take. */
  readonly timeoutSeconds: number;
  /** Consecutive failures before unhealthy. */
  readonly retries: number;
  /** Seconds after start while failures do not count. */
  readonly startPeriodSeconds: number;
  /** An HTTP endpoint Kubernetes probes instead of running `command` (compose runs the command). @default none */
  readonly http?: { readonly port: number; readonly path: string };
}

/** A resolved dependency: a backing service run from an image. */
export interface DependencyModel {
  /** Discriminant: a dependency (run from an image). */
  readonly kind: 'dependency';
  /** Dependency name: compose service and DNS host. */
  readonly name: string;
  /** postgres, redis, nats, or the type of a user-defined dependency. */
  readonly type: string;
  /** Image reference it runs. */
  readonly image: string;
  /** Port services connect to. */
  readonly port: number;
  /** Command override (exec form), when given. */
  readonly command?: readonly string[];
  /** How it checks its own health. */
  readonly healthCheck: DependencyHealthCheckModel;
  /** Directory holding its data, kept in a named volume / persistent volume. */
  readonly dataPath?: string;
  /** Directory inside the data volume mounted at `dataPath` in Kubernetes (`subPath`), when the image needs an empty directory. */
  readonly dataSubPath?: string;
  /** Present when the image writes its configuration at start: no read-only root filesystem. */
  readonly writableRoot?: true;
  /** Writable directories besides /tmp and its data (tmpfs / emptyDir), sorted. */
  readonly scratchPaths: readonly string[];
  /** Container environment (plain values and secrets), sorted. */
  readonly env: readonly EnvVarModel[];
  /** Secret variables it needs, sorted. */
  readonly secrets: readonly string[];
  /** Whether its port is published on 127.0.0.1 of the host. */
  readonly publish: boolean;
  /** Kubernetes persistent volume size in bytes. */
  readonly storage: number;
  /** Managed outside the topology: no container, only a connection secret. */
  readonly external: boolean;
  /** CPU and memory. */
  readonly resources: ResourcesModel;
  /** Files run once when the data directory is first initialised (postgres: roles and databases). */
  readonly init?: {
    /** Directory the image runs them from. */
    readonly path: string;
    /** File name → content (no secret values: those come from `env`). */
    readonly files: Readonly<Record<string, string>>;
    /** Exec-form command re-applying them on the running container (`./start.sh` runs it), when they may run again. */
    readonly rerun?: readonly string[];
  };
  /** Numeric user the official image runs as, when it is fixed. */
  readonly uid?: number;
  /** Capabilities compose adds back after dropping all (its entrypoint starts as root), sorted; usually none. */
  readonly capabilities: readonly string[];
  /** Names of services that use it, sorted. */
  readonly usedBy: readonly string[];
  /** Extra DNS names it answers to, sorted. */
  readonly aliases: readonly string[];
  /** Network segments it joins, sorted (empty when the topology declares none). */
  readonly segments: readonly string[];
}

/** A resolved edge: `from` needs `to`. */
export interface EdgeModel {
  /** The service that needs the other. */
  readonly from: string;
  /** The service or dependency it needs. */
  readonly to: string;
  /** Whether the target is a service or a dependency. */
  readonly targetKind: 'service' | 'dependency';
  /** Environment variable carrying the connection in `from` (its default name, even when `format` is "none"). */
  readonly env: string;
  /**
   * What `from` waits for before it starts: `healthy`, `started`, `completed` (a one-shot target
   * exited 0) or `none` (a lazy client). Default applied (src/graph/edge-wait.ts).
   */
  readonly wait: EdgeWait;
}

/** What an edge's source waits for at start-up (docs/topology-graph.md#wait). */
export type EdgeWait = 'healthy' | 'started' | 'completed' | 'none';

/** A whole resolved topology: what every renderer reads. */
export interface TopologyModel {
  /** Topology name. */
  readonly name: string;
  /** One-line description, when given. */
  readonly description?: string;
  /** Version: image tag and version label. */
  readonly version: string;
  /** Image "created" label value (fixed, so output is deterministic). */
  readonly created: string;
  /** Source repository URL, when given. */
  readonly source?: string;
  /** Registry prefix of built images, when given. */
  readonly registry?: string;
  /** Kubernetes namespace. */
  readonly namespace: string;
  /** Services, sorted by name. */
  readonly services: readonly ServiceModel[];
  /** Dependencies, sorted by name. */
  readonly dependencies: readonly DependencyModel[];
  /** Edges, sorted by `from` then `to`. */
  readonly edges: readonly EdgeModel[];
  /** Start-up order: dependencies (by name), then services topologically, ties by name. */
  readonly order: readonly string[];
  /** Every secret variable any container needs, sorted. */
  readonly secrets: readonly SecretModel[];
  /** Declared network segments, in the order declared (empty: one network for everyone). */
  readonly segments: readonly string[];
  /** The secret store Kubernetes reads the topology Secret from (an ExternalSecret), defaults applied. @default none: the user creates the Secret */
  readonly secretStore?: SecretStoreModel;
  /** OpenTelemetry settings (every containerized service's OTEL_* variables are in its `env`). @default none */
  readonly telemetry?: TelemetryModel;
  /** The user's own Kubernetes objects (`kubernetes.extraManifests`), namespace defaulted, as given. @default none */
  readonly extraManifests?: readonly ExtraObject[];
  /**
   * B (issue 18): how routed services are reached from outside, defaults applied; present when the
   * topology declares `ingress` or a service has one.
   */
  readonly ingress?: IngressModel;
  /** The environment this model is resolved for (its overrides applied). @default absent: the base topology */
  readonly environment?: string;
}

/** Renders a connection URL with the password written by `password(secretName)`. */
export function formatUrl(url: ConnectionUrl, password: (secret: string) => string): string {
  const auth = url.username
    ? `${url.username}${url.passwordSecret ? `:${password(url.passwordSecret)}` : ''}@`
    : url.passwordSecret
      ? `:${password(url.passwordSecret)}@`
      : '';
  return `${url.scheme}://${auth}${url.host}:${url.port}${url.path ? `/${url.path}` : ''}`;
}

/** Renders template parts: `text` for literal text, `secret(name)` for a secret, `port(part)` for a port. */
export function formatTemplate(
  parts: readonly TemplatePart[],
  write: { text: (text: string) => string; secret: (name: string) => string; port: (host: string, port: number) => string },
): string {
  return parts.map((p) => (p.kind === 'text' ? write.text(p.text) : p.kind === 'secret' ? write.secret(p.secret) : write.port(p.host, p.port))).join('');
}

/** The secrets a value reads, in order of first use. */
export function secretsOfValue(value: EnvValue): string[] {
  if (value.kind === 'secret') return [value.secret];
  if (value.kind === 'url') return value.url.passwordSecret ? [value.url.passwordSecret] : [];
  if (value.kind === 'template') return [...new Set(value.parts.flatMap((p) => (p.kind === 'secret' ? [p.secret] : [])))];
  return [];
}
