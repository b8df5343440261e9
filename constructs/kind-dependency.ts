import type { Construct } from 'constructs';
import { showValue, TopologyError } from '../src/graph/problems';
import { DEPENDENCY_KIND_TABLE, type DependencyInit, type DependencyKindPack, type UseOptions } from '../src/graph/kinds';
import type { ConnectionUrl } from '../src/model';
import { Dependency, type DependencyCommonProps, type DependencyProps } from './dependency';
import type { Service } from './service';
import { splitPinnedVersion, withDigest } from '../src/graph/digest';

/** Props of a dependency of a kind in the dependency-kind table. */
export interface KindDependencyProps extends DependencyCommonProps {
  /** The kind: "postgres", "redis", "nats" or one registered with `registerDependencyKind`. */
  readonly type: string;
  /** Version line of the kind's image, optionally pinned to a digest ("17@sha256:…"). @default the kind's `defaultVersion` */
  readonly version?: string;
}

/**
 * A dependency of a kind in the dependency-kind table, built from its pack (src/graph/kinds/): what a
 * graph's `"type"` builds, and the TypeScript door to a registered kind
 * (`new KindDependency(topology, 'queue', { type: 'rabbitmq' })`, docs/extending.md).
 */
export class KindDependency extends Dependency {
  /** The pack of its kind. */
  public readonly kind: DependencyKindPack;

  public constructor(scope: Construct, id: string, props: KindDependencyProps) {
    const kind = kindOf(props?.type, id);
    super(scope, id, propsFrom(kind, id, props));
    this.kind = kind;
  }

  /** The kind's connection, shaped per user by its pack (postgres: the user's own role and database). */
  public connectionFor(user: Service, options: UseOptions = {}): ConnectionUrl {
    return { ...super.connectionFor(user, options), ...(this.kind.connectionFor?.(this.name, { service: user.name, options }) ?? {}) };
  }

  /** The kind's init files for these users (postgres: their roles and databases). */
  protected initFiles(users: ReadonlyArray<{ service: Service; options: UseOptions }>): DependencyInit | undefined {
    return this.kind.init?.(this.name, users.map((u) => ({ service: u.service.name, options: u.options })));
  }
}

function kindOf(type: unknown, id: string): DependencyKindPack {
  const kind = typeof type === 'string' ? DEPENDENCY_KIND_TABLE.get(type) : undefined;
  if (kind) return kind;
  throw new TopologyError([
    {
      message: `Unknown dependency type for dependency '${id}'`,
      value: showValue(type),
      expected: `one of: ${DEPENDENCY_KIND_TABLE.names().join(', ')}`,
      action: 'Use one of them, register the kind first with registerDependencyKind (docs/extending.md), or construct a Dependency with every field',
    },
  ]);
}

/** The full props of a dependency of `kind`: the pack's fields, the user's common props and version. */
function propsFrom(kind: DependencyKindPack, id: string, props: KindDependencyProps): DependencyProps {
  const secretEnv = kind.secretEnv?.(id);
  return {
    ...props,
    type: kind.name,
    image: props.image ?? pinnedImage(kind, props.version ?? kind.defaultVersion),
    port: kind.port,
    ...(kind.command ? { command: [...kind.command] } : {}),
    healthCheck: { ...kind.healthCheck, command: [...kind.healthCheck.command], ...(kind.healthCheck.http ? { http: { ...kind.healthCheck.http } } : {}) },
    ...(kind.dataPath ? { dataPath: kind.dataPath } : {}),
    ...(kind.dataPath && kind.dataSubPath ? { dataSubPath: kind.dataSubPath } : {}),
    ...(kind.writableRoot ? { writableRoot: true } : {}),
    ...(kind.scratchPaths ? { scratchPaths: [...kind.scratchPaths] } : {}),
    ...(kind.env || kind.envFor ? { env: { ...kind.env, ...kind.envFor?.(id) } } : {}),
    ...(secretEnv ? { secretEnv } : {}),
    connection: { ...kind.connection },
    ...(kind.uid !== undefined ? { uid: kind.uid } : {}),
    ...(kind.capabilities ? { capabilities: [...kind.capabilities] } : {}),
  };
}

/** The kind's image of a version line, pinned to the version's digest when it has one: `"17@sha256:…"` → `postgres:17@sha256:…`. */
function pinnedImage(kind: DependencyKindPack, version: string): string {
  const { line, digest } = splitPinnedVersion(version);
  return withDigest(kind.image(line), digest);
}
