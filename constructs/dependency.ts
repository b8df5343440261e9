import { Construct } from 'constructs';
import { parseDuration, parseMemory } from '../src/graph/quantities';
import { TopologyError } from '../src/graph/problems';
import type { ResourcesSpec } from '../src/graph/schema';
import { dependencyPropProblems } from '../src/graph/validate';
import type { ConnectionUrl, DependencyModel, EnvVarModel } from '../src/model';
import { envPrefix } from '../src/graph/grammar';
import { superuserSecret } from '../src/graph/postgres-roles';
import { resolveResources } from '../src/resources';
import { escapeHatchesOf, overridePath } from './escape-hatches';
import type { Service } from './service';
import type { JsonPatch } from 'cdk8s';
import type { Topology } from './topology';
import { constructId, topologyOf } from './topology-scope';
import type { DependencyConnection, DependencyHealthCheck, DependencyInit, UseOptions } from '../src/graph/kinds';
import { byName } from '../src/sort';
import { applyOverrides, DEPENDENCY_OVERRIDES, type DependencyOverride } from '../src/graph/environments';

export type { DependencyConnection, DependencyHealthCheck, DependencyInit, UseOptions } from '../src/graph/kinds';

/** Props every dependency has, whatever its kind. */
export interface DependencyCommonProps {
  /** Full image reference. @default derived from the kind and version */
  readonly image?: string;
  /** Publish the port on 127.0.0.1 of the host, for local tools. @default false */
  readonly publish?: boolean;
  /** Persistent volume size for Kubernetes, e.g. "10Gi". @default "1Gi" */
  readonly storage?: string | number;
  /** Managed outside the topology: no container, only a connection Secret in Kubernetes. @default false */
  readonly external?: boolean;
  /** CPU and memory. @default no limits */
  readonly resources?: ResourcesSpec;
  /** Extra DNS names (compose network aliases, Kubernetes extra Services). @default none */
  readonly aliases?: string[];
  /** Network segments it joins (the topology's `segments`). @default the first declared segment */
  readonly segments?: string[];
}

/** Everything needed to run a dependency kind topograph does not ship (the extension point). */
export interface DependencyProps extends DependencyCommonProps {
  /** Kind of dependency, e.g. "rabbitmq"; shown in labels and messages. */
  readonly type: string;
  /** Image reference, e.g. "rabbitmq:3.13-management". */
  readonly image: string;
  /** Port services connect to. */
  readonly port: number;
  /** Health check run inside its container. */
  readonly healthCheck: DependencyHealthCheck;
  /** Command override (exec form). @default the image's own */
  readonly command?: string[];
  /** Directory holding its data, kept in a named volume. @default no volume */
  readonly dataPath?: string;
  /**
   * Directory inside the data volume mounted at `dataPath` in Kubernetes (`subPath`), for an image
   * that refuses a volume root holding `lost+found` (mysql, mariadb, kafka). @default the volume's root
   */
  readonly dataSubPath?: string;
  /**
   * The image writes its configuration under its install directory at start, so its root
   * filesystem stays writable (compose without `read_only`, Kubernetes `readOnlyRootFilesystem: false`).
   * @default false: read-only root filesystem
   */
  readonly writableRoot?: boolean;
  /**
   * Directories it must write to besides its data, e.g. a socket directory. The root filesystem is
   * read-only, so each becomes a tmpfs (compose) or an emptyDir (Kubernetes), emptied on restart.
   * @default only /tmp
   */
  readonly scratchPaths?: string[];
  /** Plain container environment. @default none */
  readonly env?: Record<string, string>;
  /** Container variables whose values are secrets, mapped to the secret variable supplying them. @default none */
  readonly secretEnv?: Record<string, string>;
  /** What services that use it receive. */
  readonly connection: DependencyConnection;
  /** Numeric user the image runs as, when fixed. @default unknown */
  readonly uid?: number;
  /**
   * Linux capabilities (without `CAP_`) compose adds back after dropping all of them, for an image
   * whose entrypoint starts as root and switches user (postgres: CHOWN, DAC_OVERRIDE, FOWNER,
   * SETGID, SETUID). Kubernetes runs the container as `uid` from the start and needs none.
   * @default none: every capability dropped
   */
  readonly capabilities?: string[];
}

/**
 * A backing service run from an image: database, cache, queue. For a kind in the dependency-kind
 * table (built-in or registered with `registerDependencyKind`, docs/extending.md) use
 * `KindDependency` or its class (`Postgres`, …); construct this directly with every field, or
 * subclass it, for a one-off kind.
 */
export class Dependency extends Construct {
  /** Returns true when `x` is a dependency construct. */
  public static isDependency(x: unknown): x is Dependency {
    return x instanceof Dependency;
  }

  /** The dependency's name: compose service and DNS host. */
  public readonly name: string;
  /** postgres, redis, nats or a user-defined type. */
  public readonly type: string;
  /** The topology it belongs to. */
  public readonly topology: Topology;
  /** The props it was created with, after defaults. */
  protected readonly props: DependencyProps;

  public constructor(scope: Construct, id: string, props: DependencyProps) {
    super(scope, constructId(id, 'dependency'));
    this.topology = topologyOf(this);
    this.name = id;
    this.type = props.type;
    this.props = props;
    // A dependency of a validated graph is built from its kind's pack (checked when registered).
    if (!this.topology._trustsSpecs()) {
      const problems = dependencyPropProblems(id, props, 'your topology code');
      if (problems.length > 0) throw new TopologyError(problems);
    }
    this.topology._register(this);
  }

  /** The port services connect to. */
  public get port(): number {
    return this.props.port;
  }

  /** The image reference it runs. */
  public get image(): string {
    return this.props.image;
  }

  /** Whether it is managed outside the topology (no container; services get its URL as a secret). */
  public get external(): boolean {
    return this.props.external ?? false;
  }

  /**
   * For an external dependency: the secret variable holding the full connection URL `user` gets,
   * e.g. `POSTGRES_CATALOG_URL`. Override to name it differently.
   */
  public externalConnectionSecret(user: Service, options: UseOptions = {}): string {
    const path = this.connectionFor(user, options).path;
    return `${envPrefix(this.name)}${path ? `_${envPrefix(path)}` : ''}_URL`;
  }

  /**
   * Escape hatch: sets `value` at `path` in this dependency's entry of docker-compose.yml
   * (`undefined` removes the key). `path` is dotted ("ulimits.nofile") or a list of keys.
   * Never put a secret value here: the compose file is committed.
   *
   * @example rabbitmq.addComposeOverride('ulimits.nofile', 65536);
   */
  public addComposeOverride(path: string | readonly string[], value: unknown): this {
    const where = `dependency '${this.name}'`;
    escapeHatchesOf(this.topology).compose.push({ path: ['services', this.name, ...overridePath(path, where)], value, where });
    return this;
  }

  /**
   * Escape hatch: JSON patches (cdk8s `JsonPatch`) on this dependency's Kubernetes object of the
   * given kind, named like the dependency (e.g. its `StatefulSet`). Synthesis fails when no such
   * object exists.
   */
  public addKubernetesPatch(kind: string, ...patches: JsonPatch[]): this {
    this.topology._addKubernetesPatch({ selector: { kind, name: this.name }, patches, where: `dependency '${this.name}'` });
    return this;
  }

  /** Variable name a using service gets unless the edge names one. */
  public get connectionEnv(): string {
    return this.props.connection.env;
  }

  /**
   * The connection handed to `user`. Override to shape it per user (postgres gives each service
   * its own database).
   */
  public connectionFor(user: Service, options: UseOptions = {}): ConnectionUrl {
    void user;
    void options;
    const c = this.props.connection;
    return {
      scheme: c.scheme,
      username: c.username,
      passwordSecret: c.passwordSecret,
      host: this.name,
      port: this.props.port,
      path: c.path,
    };
  }

  /**
   * Files run once when the data directory is first initialised, given the services that use it
   * and their options. Override to provide them (postgres creates a role and a database per
   * service).
   */
  protected initFiles(users: ReadonlyArray<{ service: Service; options: UseOptions }>): DependencyInit | undefined {
    void users;
    return undefined;
  }

  /** @internal Its aliases and segments, as the topology checks read them. */
  public _memberShape(): { aliases?: readonly string[]; segments?: readonly string[] } {
    const p = this.props;
    return { ...(p.aliases ? { aliases: p.aliases } : {}), ...(p.segments ? { segments: p.segments } : {}) };
  }

  /** @internal The resolved model of this dependency. */
  public _toModel(users: ReadonlyArray<{ service: Service; options: UseOptions }>, override?: DependencyOverride): DependencyModel {
    // The environment's override applied: read every field in DEPENDENCY_OVERRIDES from `p`, never from `this.props`.
    const p = applyOverrides(this.props, override, DEPENDENCY_OVERRIDES);
    const init = this.initFiles(users);
    const secretEnv = { ...(init?.secretEnv ?? {}), ...(p.secretEnv ?? {}) };
    const env: EnvVarModel[] = [
      ...Object.entries(p.env ?? {}).map(([name, value]) => ({
        name,
        value: { kind: 'plain' as const, value },
        comment: `${this.type} setting`,
      })),
      ...Object.entries(secretEnv).map(([name, secret]) => ({
        name,
        value: { kind: 'secret' as const, secret },
        comment: `${this.type} secret`,
      })),
    ].sort(byName);
    const health = p.healthCheck;
    return {
      kind: 'dependency',
      name: this.name,
      type: this.type,
      image: p.image,
      port: p.port,
      command: p.command,
      healthCheck: {
        command: health.command,
        intervalSeconds: parseDuration(health.interval ?? '10s')!,
        timeoutSeconds: parseDuration(health.timeout ?? '5s')!,
        retries: health.retries ?? 5,
        startPeriodSeconds: parseDuration(health.startPeriod ?? '10s')!,
        ...(health.http ? { http: { ...health.http } } : {}),
      },
      dataPath: p.dataPath,
      ...(p.dataPath && p.dataSubPath ? { dataSubPath: p.dataSubPath } : {}),
      ...(p.writableRoot ? { writableRoot: true as const } : {}),
      scratchPaths: [...new Set(p.scratchPaths ?? [])].sort(),
      env,
      secrets: [...new Set([...Object.values(secretEnv), ...(p.connection.passwordSecret ? [p.connection.passwordSecret] : [])])].sort(),
      publish: p.publish ?? false,
      storage: parseMemory(p.storage ?? '1Gi')!,
      external: p.external ?? false,
      resources: resolveResources(p.resources),
      init: init && Object.keys(init.files).length > 0 ? { path: init.path, files: init.files, ...(init.rerun ? { rerun: [...init.rerun] } : {}) } : undefined,
      uid: p.uid,
      capabilities: [...new Set(p.capabilities ?? [])].sort(),
      usedBy: [...new Set(users.map((u) => u.service.name))].sort(),
      aliases: [...new Set(p.aliases ?? [])].sort(),
      segments: this.topology._segmentsOf(p.segments),
    };
  }
}

/** The secret variable that holds a dependency's password: `postgres` → `POSTGRES_PASSWORD`. */
export function passwordSecretOf(name: string): string {
  return superuserSecret(name);
}
