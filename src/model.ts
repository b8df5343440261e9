/**
 * The resolved topology: what the construct tree means, as plain sorted data.
 *
 * Constructs produce it (`Topology.toModel()`); every renderer reads only this. All defaults are
 * applied, all references are resolved and every list is sorted, so two renderers can never
 * disagree and the output never depends on the order the graph was written in.
 */
import type { Archetype, Framework, Runtime } from './graph/schema';

/** Amounts in canonical units. */
export interface ResourceAmountsModel {
  /** Millicores. */
  readonly cpu?: number;
  /** Bytes. */
  readonly memory?: number;
}

export interface ResourcesModel {
  readonly limits: ResourceAmountsModel;
  readonly reservations: ResourceAmountsModel;
}

export interface HealthModel {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

/** A connection URL whose password, if any, is a secret resolved at run time. */
export interface ConnectionUrl {
  readonly scheme: string;
  readonly username?: string;
  /** Name of the secret variable holding the password. */
  readonly passwordSecret?: string;
  readonly host: string;
  readonly port: number;
  /** Path after the authority, without the leading slash (a database name, say). */
  readonly path?: string;
}

export type EnvValue =
  | { readonly kind: 'plain'; readonly value: string }
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'url'; readonly url: ConnectionUrl };

export interface EnvVarModel {
  readonly name: string;
  readonly value: EnvValue;
  /** Why the variable is there, for .env.example and comments. */
  readonly comment: string;
}

/** A secret variable some container needs, supplied by the user at run time. */
export interface SecretModel {
  readonly name: string;
  readonly comment: string;
}

export interface ServiceModel {
  readonly kind: 'service';
  readonly name: string;
  readonly archetype: Archetype;
  readonly description?: string;
  readonly runtime: Runtime;
  readonly runtimeVersion: string;
  readonly framework?: Framework;
  readonly entry: string;
  readonly port?: number;
  readonly health?: HealthModel;
  /** Build context, POSIX path relative to the topology's base directory. */
  readonly context: string;
  /** Start command override (exec form), when the graph gives one. */
  readonly command?: readonly string[];
  /** Every environment variable the container gets, sorted by name. */
  readonly env: readonly EnvVarModel[];
  /** Secret variables referenced by `env` (own secrets and passwords inside connection URLs), sorted. */
  readonly secrets: readonly string[];
  readonly replicas: number;
  readonly resources: ResourcesModel;
  readonly public: boolean;
  readonly schedule?: string;
  /** Numeric user the container runs as, here and in Kubernetes. */
  readonly uid: number;
  /** Image reference the build is tagged with. */
  readonly image: string;
  /** Names of what this service needs (edge targets), sorted. */
  readonly needs: readonly string[];
  /** Whether it is built into a container image at all (libraries are not). */
  readonly containerized: boolean;
  /** web-service and worker run until stopped; cli-tool and data-pipeline run to completion. */
  readonly longRunning: boolean;
  /** Extra image labels, sorted by key. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface HealthCheckModel {
  /** Exec-form command run inside the container. */
  readonly command: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export interface DependencyModel {
  readonly kind: 'dependency';
  readonly name: string;
  /** postgres, redis, nats, or the type of a user-defined dependency. */
  readonly type: string;
  readonly image: string;
  readonly port: number;
  readonly command?: readonly string[];
  readonly healthCheck: HealthCheckModel;
  /** Directory holding its data, kept in a named volume / persistent volume. */
  readonly dataPath?: string;
  /** Container environment (plain values and secrets), sorted. */
  readonly env: readonly EnvVarModel[];
  readonly secrets: readonly string[];
  readonly publish: boolean;
  /** Kubernetes persistent volume size in bytes. */
  readonly storage: number;
  readonly external: boolean;
  readonly resources: ResourcesModel;
  /** Files run once when the data directory is first initialised (postgres: create databases). */
  readonly init?: { readonly path: string; readonly files: Readonly<Record<string, string>> };
  /** Numeric user the official image runs as, when it is fixed. */
  readonly uid?: number;
  /** Names of services that use it, sorted. */
  readonly usedBy: readonly string[];
}

export interface EdgeModel {
  readonly from: string;
  readonly to: string;
  readonly targetKind: 'service' | 'dependency';
  /** Environment variable carrying the connection in `from`. */
  readonly env: string;
}

export interface TopologyModel {
  readonly name: string;
  readonly description?: string;
  readonly version: string;
  readonly created: string;
  readonly source?: string;
  readonly registry?: string;
  readonly namespace: string;
  readonly services: readonly ServiceModel[];
  readonly dependencies: readonly DependencyModel[];
  readonly edges: readonly EdgeModel[];
  /** Start-up order: dependencies (by name), then services topologically, ties by name. */
  readonly order: readonly string[];
  /** Every secret variable any container needs, sorted. */
  readonly secrets: readonly SecretModel[];
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

/** `billing-api` → `BILLING_API`. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}
