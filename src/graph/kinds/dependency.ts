/**
 * What a dependency kind is to topograph, as one value (a dependency-kind pack): its image, port,
 * health check, connection variable and URL, data volume, scratch paths, init files, user and the
 * capabilities compose adds back. Each built-in kind is one file in `src/graph/kinds/dependencies/`;
 * `registerDependencyKind` adds one more, which a graph's `"type"` may then name and
 * `new KindDependency(topology, id, { type })` builds in code (docs/extending.md).
 */
import { ENV_NAME, URL_SCHEME, VERSION_LINE } from '../grammar';
import type { ConnectionOptions } from '../connection';
import type { EdgeWaitName } from '../edge-wait';
import type { Problem } from '../problems';
import type { EdgeRule, TopologyRule } from '../rules/types';
import { KindTable } from './table';

/** How a dependency checks its own health, inside its container. */
export interface DependencyHealthCheck {
  /** Exec-form command; exit 0 means healthy. */
  readonly command: string[];
  /** Time between checks. @default "10s" */
  readonly interval?: string;
  /** Time one check may take. @default "5s" */
  readonly timeout?: string;
  /** Consecutive failures before unhealthy. @default 5 */
  readonly retries?: number;
  /** Grace period after start. @default "10s" */
  readonly startPeriod?: string;
  /**
   * An HTTP endpoint Kubernetes probes instead of running `command`, for an image whose only
   * program is the server itself (otel-collector: its health_check extension); compose, which has
   * no HTTP check, still runs `command`. @default Kubernetes runs `command` too
   */
  readonly http?: { readonly port: number; readonly path: string };
}

/** The connection a dependency hands to each service that uses it. */
export interface DependencyConnection {
  /** Variable the using service receives, e.g. `AMQP_URL`: the default variable of an edge to it. */
  readonly env: string;
  /** URL scheme, e.g. `amqp`. */
  readonly scheme: string;
  /** User name in the URL. @default no user */
  readonly username?: string;
  /** Secret variable holding the password, e.g. `RABBITMQ_PASSWORD`. @default no password */
  readonly passwordSecret?: string;
  /** Path after the host, e.g. a virtual host. @default none */
  readonly path?: string;
}

/** What a dependency runs when its data directory is first initialised (see `Dependency.initFiles`). */
export interface DependencyInit {
  /** Directory the image runs init files from, e.g. "/docker-entrypoint-initdb.d". */
  readonly path: string;
  /** File name → content. Never a secret value: read secrets from `secretEnv` at run time. */
  readonly files: Record<string, string>;
  /**
   * Container variables the init files read, mapped to the secret variable supplying each
   * (compose `${…:?}`, Kubernetes `secretKeyRef`). @default none
   */
  readonly secretEnv?: Record<string, string>;
  /**
   * Exec-form command that applies the init again on the running container; `./start.sh` runs it
   * on every start, so the files must be safe to run twice. @default none: they run once
   */
  readonly rerun?: string[];
}

/** Options for `service.uses(dependency, options)`: an edge's fields. */
export interface UseOptions extends ConnectionOptions {
  /** What the service waits for before it starts. @default "healthy" */
  readonly wait?: EdgeWaitName;
  /** Variable that carries the connection. @default the dependency's connection variable (DATABASE_URL, REDIS_URL, …) */
  readonly env?: string;
  /** Kinds with databases (postgres, mysql, mariadb, mongodb): the database the service owns. @default the service name */
  readonly database?: string;
}

/** One service using a dependency, as the pack's hooks see it. */
export interface DependencyUser {
  /** The service's name. */
  readonly service: string;
  /** The edge's options. */
  readonly options: UseOptions;
}

/** What `connectionFor` may set for one user: the parts of its connection URL that differ from `connection`. */
export interface UserConnection {
  /** User name in the URL. @default `connection.username` */
  readonly username?: string;
  /** Secret variable holding the password. @default `connection.passwordSecret` */
  readonly passwordSecret?: string;
  /** Path after the host, e.g. the user's database. @default `connection.path` */
  readonly path?: string;
}

/** One dependency kind: everything topograph needs to run it and connect services to it. */
export interface DependencyKindPack {
  /** The graph's `type` value, e.g. "postgres". */
  readonly name: string;
  /** Version line of the image used when the graph gives none, e.g. "17". */
  readonly defaultVersion: string;
  /** The image reference of a version line, e.g. `(v) => \`postgres:${v}\``. */
  readonly image: (version: string) => string;
  /** Port services connect to (and the default for the topology-wide checks). */
  readonly port: number;
  /** Health check run inside its container (compose healthcheck, Kubernetes exec probes). */
  readonly healthCheck: DependencyHealthCheck;
  /** Command (exec form): compose `command`, Kubernetes `args`. @default the image's own */
  readonly command?: readonly string[];
  /** Directory holding its data: a named volume in compose, a PersistentVolumeClaim in Kubernetes. @default no volume */
  readonly dataPath?: string;
  /**
   * Directory inside the data volume that is mounted at `dataPath` in Kubernetes (`subPath`), for an
   * image that needs an empty data directory: a fresh volume's root may hold `lost+found`, which
   * mysql, mariadb and kafka refuse. Compose's named volume starts empty and is mounted whole.
   * @default the volume's root
   */
  readonly dataSubPath?: string;
  /**
   * The image writes its own configuration under its install directory at start (kafka,
   * elasticsearch, opensearch), so its root filesystem stays writable (compose without `read_only`,
   * Kubernetes `readOnlyRootFilesystem: false`). @default false: a read-only root filesystem
   */
  readonly writableRoot?: boolean;
  /** Directories it writes besides its data and /tmp (the root filesystem is read-only): tmpfs / emptyDir. @default none */
  readonly scratchPaths?: readonly string[];
  /** Plain container environment. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Plain container environment that depends on the dependency's name (kafka: its advertised listener), added to `env`. @default none */
  readonly envFor?: (name: string) => Record<string, string>;
  /** Container variables whose values are secrets, by the dependency's name (e.g. `POSTGRES_PASSWORD` → `<NAME>_PASSWORD`). @default none */
  readonly secretEnv?: (name: string) => Record<string, string>;
  /** What services that use it receive; `env` is the default variable of an edge to it. */
  readonly connection: DependencyConnection;
  /** Numeric user the image runs as: Kubernetes `runAsUser`/`fsGroup` of its StatefulSet. @default topograph's app user */
  readonly uid?: number;
  /** Capabilities compose adds back after dropping all, for an entrypoint that starts as root and switches user. @default none */
  readonly capabilities?: readonly string[];
  /** The connection of one user, where it differs from `connection` (postgres: a role and a database per service). @default `connection` for every user */
  readonly connectionFor?: (dependency: string, user: DependencyUser) => UserConnection;
  /** Files run when its data directory is first initialised, given its users (postgres: their roles and databases). @default none */
  readonly init?: (dependency: string, users: readonly DependencyUser[]) => DependencyInit | undefined;
  /** Whether an edge to it may name a `database` (the database that user owns). @default false: an edge naming one is refused */
  readonly databases?: boolean;
  /**
   * Topology checks of each edge that ends at a dependency of this kind, reported with that edge's
   * other problems (one small pure function each, like src/graph/rules/). @default none
   */
  readonly edgeRules?: readonly EdgeRule[];
  /** Topology-wide checks the kind needs (each sees every dependency, and looks at `type`). @default none */
  readonly topologyRules?: readonly TopologyRule[];
}

/** The dependency-kind table: every `type` a graph can name, built-ins first. */
export const DEPENDENCY_KIND_TABLE = new KindTable<DependencyKindPack>('dependency kind');

/**
 * Adds a dependency kind: afterwards a graph's `"type"` may name it and `new KindDependency(…,
 * { type })` builds it (docs/extending.md). Throws a `TopologyError` when the name is taken or
 * invalid, or the pack's port, default version or connection is malformed; the rest of the pack
 * is checked, with the graph's grammar, when a dependency of the kind is built.
 */
export function registerDependencyKind(pack: DependencyKindPack): void {
  DEPENDENCY_KIND_TABLE.register(pack, dependencyPackProblems);
}

/** The dependency-kind pack named `name`, when one is registered. */
export function dependencyKind(name: string): DependencyKindPack | undefined {
  return DEPENDENCY_KIND_TABLE.get(name);
}

function dependencyPackProblems(pack: DependencyKindPack): Problem[] {
  const problems: Problem[] = [];
  const fix = (field: string, expected: string, value: unknown) =>
    problems.push({
      message: `Invalid ${field} in the '${pack.name}' dependency-kind pack`,
      value: JSON.stringify(value),
      expected,
      action: `Fix ${field} of the '${pack.name}' pack`,
    });
  if (!Number.isInteger(pack.port) || pack.port < 1 || pack.port > 65535) fix('port', 'an integer from 1 to 65535', pack.port);
  if (typeof pack.defaultVersion !== 'string' || !VERSION_LINE.test(pack.defaultVersion)) fix('defaultVersion', 'a version line such as "17" or "2.10"', pack.defaultVersion);
  if (typeof pack.connection?.env !== 'string' || !ENV_NAME.test(pack.connection.env)) fix('connection.env', 'a variable name such as AMQP_URL', pack.connection?.env);
  if (typeof pack.connection?.scheme !== 'string' || !URL_SCHEME.test(pack.connection.scheme)) fix('connection.scheme', 'a lower-case URL scheme such as "amqp"', pack.connection?.scheme);
  if (typeof pack.image !== 'function') fix('image', 'a function from a version line to an image reference', typeof pack.image);
  return problems;
}
