/**
 * The shapes of values the graph resolves to and every renderer reads (re-exported by src/model.ts):
 * a connection URL and the parts of a templated value. They live here so the graph's own modules
 * (src/graph/connection.ts, secret-template.ts) build them without importing the model.
 */

/** A connection URL whose password, if any, is a secret resolved at run time. */
export interface ConnectionUrl {
  /** URL scheme, e.g. `postgresql`. */
  readonly scheme: string;
  /** User name in the URL, when there is one. */
  readonly username?: string;
  /** Name of the secret variable holding the password. */
  readonly passwordSecret?: string;
  /** Host name: the dependency or service name. */
  readonly host: string;
  /** Port on that host. */
  readonly port: number;
  /** Path after the authority, without the leading slash (a database name, say). */
  readonly path?: string;
}

/**
 * One part of a templated value: literal text, a secret resolved at run time (compose `${NAME:?…}`,
 * Kubernetes `$(NAME)`), or the port of a host (compose: the container port; Kubernetes: its
 * Service's port as synthesized).
 */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'port'; readonly host: string; readonly port: number };
