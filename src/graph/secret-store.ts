/**
 * The topology's `secretStore` (issue 18): Kubernetes reads the topology Secret from a secret
 * store through the External Secrets Operator instead of a Secret the user creates by hand. The
 * graph names the store (a ClusterSecretStore or SecretStore the cluster already has) and, per
 * secret variable, the remote key holding its value; topograph writes one ExternalSecret. No
 * value is ever in the graph or the output: only key names. Compose keeps its `.env`.
 */
import { z } from 'zod';
import { ENV_NAME } from './grammar';
import { type Problem, showValue } from './problems';
import { DURATION_PATTERN, parseDuration } from './quantities';

/** Kinds of store an ExternalSecret can reference. */
export const SECRET_STORE_KINDS = ['ClusterSecretStore', 'SecretStore'] as const;
export type SecretStoreKind = (typeof SECRET_STORE_KINDS)[number];

/** Defaults of a secret store. */
export const SECRET_STORE_DEFAULTS = { kind: 'ClusterSecretStore', refreshInterval: '1h' } as const satisfies { kind: SecretStoreKind; refreshInterval: string };

/** Bounds of `refreshInterval`, in seconds: 10s to 24h. */
export const MIN_REFRESH_SECONDS = 10;
export const MAX_REFRESH_SECONDS = 24 * 3600;

/** A Kubernetes object name (DNS-1123 subdomain): lower-case labels joined by ".", at most 253 characters. */
export const STORE_NAME = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** One segment of a remote key: what the common stores (Vault, AWS, GCP, Azure) accept in names, never "." or "..". */
const KEY_SEGMENT = '(?!\\.\\.?(?:/|$))[A-Za-z0-9._+=@-]{1,255}';
/** A remote key: "/"-separated segments, no leading, trailing or doubled "/", at most 512 characters. */
export const REMOTE_KEY = new RegExp(`^(?=.{1,512}$)${KEY_SEGMENT}(?:/${KEY_SEGMENT})*$`);
/** A key prefix: "" or segments each followed by "/", then optionally the start of a last segment; at most 256 characters. */
export const KEY_PREFIX = new RegExp(`^(?=.{0,256}$)(?:${KEY_SEGMENT}/)*[A-Za-z0-9._+=@-]{0,255}$`);
/** A property inside a remote secret (a JSON field, or a gjson path such as "db.password"). */
export const REMOTE_PROPERTY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,252}$/;

/** How a remote key is written. */
export const REMOTE_KEY_RULE =
  'A key in the store: "/"-separated segments of letters, digits, ".", "_", "+", "=", "@" and "-" (no segment "." or "..", no leading, trailing or doubled "/"), at most 512 characters, e.g. "shop/JWT_SECRET".';
/** How a key prefix is written. */
export const KEY_PREFIX_RULE =
  'Text put before each secret variable name to make its default remote key: "" or the characters of a remote key, "/"-separated (no segment "." or "..", no leading or doubled "/"), at most 256 characters, e.g. "shop/" or "prod/shop-".';
/** How a property is written. */
export const REMOTE_PROPERTY_RULE = 'A field of the remote secret: letters, digits, ".", "_" and "-" (not starting with "."), at most 253 characters, e.g. "password" or "db.password".';

const remoteKey = z.string().regex(REMOTE_KEY);

export const secretStoreSchema = z
  .strictObject({
    name: z
      .string()
      .regex(STORE_NAME)
      .describe('Name of the store the cluster already has (External Secrets Operator): a Kubernetes object name, lower-case letters, digits, "-" and ".", at most 253 characters.'),
    kind: z
      .enum(SECRET_STORE_KINDS)
      .optional()
      .describe(`Kind of that store: "ClusterSecretStore" (cluster-wide) or "SecretStore" (in the topology's namespace). Default "${SECRET_STORE_DEFAULTS.kind}".`),
    refreshInterval: z
      .string()
      .regex(DURATION_PATTERN)
      .refine((v) => (parseDuration(v) ?? -1) >= MIN_REFRESH_SECONDS && parseDuration(v)! <= MAX_REFRESH_SECONDS, { error: 'a duration from 10s to 24h' })
      .optional()
      .describe(`How often the operator reads the store again: a duration such as "1h" or "15m" (hours, minutes, seconds), from 10s to 24h. Default "${SECRET_STORE_DEFAULTS.refreshInterval}".`),
    prefix: z
      .string()
      .regex(KEY_PREFIX)
      .optional()
      .describe(`The default remote key of a secret variable is this prefix and its name. ${KEY_PREFIX_RULE} Default "<topology name>/".`),
    keys: z
      .record(
        z.string().regex(ENV_NAME).describe('A secret variable of the topology (a service\'s "secrets", a connection password, an external dependency\'s URL).'),
        z.union([
          remoteKey.describe(`The remote key holding the whole value. ${REMOTE_KEY_RULE}`),
          z
            .strictObject({
              key: remoteKey.describe(`The remote key. ${REMOTE_KEY_RULE}`),
              property: z.string().regex(REMOTE_PROPERTY).optional().describe(`The field of that secret holding the value. ${REMOTE_PROPERTY_RULE} Default: the whole secret.`),
            })
            .describe('A remote key and the field of it holding the value.'),
        ]),
      )
      .optional()
      .describe('Where a secret variable\'s value is in the store, by variable name: a remote key, or {"key", "property"}. Every name must be a secret variable of the topology. Default for each variable: "<prefix><NAME>".'),
  })
  .describe(
    'Kubernetes reads the topology Secret from this secret store through the External Secrets Operator (an ExternalSecret, external-secrets.io/v1, in 05-secrets.yaml), instead of a Secret you create with kubectl. Never a value here: only where the values are. Compose keeps docker/.env. Default: none (you create the Secret).',
  );

export type SecretStoreSpec = z.infer<typeof secretStoreSchema>;

/** What each secret store field must hold, for the graph's messages (keyed `secretStore.<field>`). */
export const SECRET_STORE_EXPECTATIONS: Record<string, { noun: string; expected: string }> = {
  'secretStore.name': { noun: 'secret store name', expected: 'a Kubernetes object name: lower-case letters, digits, "-" and ".", at most 253 characters' },
  'secretStore.kind': { noun: 'secret store kind', expected: `one of: ${SECRET_STORE_KINDS.join(', ')}` },
  'secretStore.refreshInterval': { noun: 'refresh interval', expected: 'a duration such as "1h" or "15m", from 10s to 24h' },
  'secretStore.prefix': { noun: 'key prefix', expected: KEY_PREFIX_RULE.replace(/^Text/, 'text') },
  'secretStore.keys': {
    noun: 'secret store key',
    expected: `an object of SECRET_NAME: "remote/key" or {"key": "remote/key", "property": "field"}. ${REMOTE_KEY_RULE} ${REMOTE_PROPERTY_RULE}`,
  },
};

/** The store resolved: defaults applied, keys sorted by variable name. */
export interface SecretStoreModel {
  /** Name of the store. */
  readonly name: string;
  /** Kind of the store. */
  readonly kind: SecretStoreKind;
  /** How often the operator reads it, as written (a Kubernetes duration). */
  readonly refreshInterval: string;
  /** Prefix of the default remote keys. */
  readonly prefix: string;
  /** The remote keys given explicitly, by variable name (sorted). Others default to `<prefix><NAME>`. */
  readonly keys: Readonly<Record<string, RemoteRef>>;
}

/** Where a value is in the store. */
export interface RemoteRef {
  /** The key of the secret in the store (`remoteRef.key`). */
  readonly key: string;
  /** The property inside that secret, for stores that hold several values under one key. @default none: the whole value */
  readonly property?: string;
}

/** The store of a (valid) spec, defaults applied. */
export function resolveSecretStore(spec: SecretStoreSpec, topology: string): SecretStoreModel {
  const keys: Record<string, RemoteRef> = {};
  for (const name of Object.keys(spec.keys ?? {}).sort()) {
    const ref = spec.keys![name];
    keys[name] = typeof ref === 'string' ? { key: ref } : { key: ref.key, ...(ref.property !== undefined ? { property: ref.property } : {}) };
  }
  return {
    name: spec.name,
    kind: spec.kind ?? SECRET_STORE_DEFAULTS.kind,
    refreshInterval: spec.refreshInterval ?? SECRET_STORE_DEFAULTS.refreshInterval,
    prefix: spec.prefix ?? `${topology}/`,
    keys,
  };
}

/** Where the value of secret variable `name` is in the store: its explicit key, else `<prefix><name>`. */
export function remoteRefOf(store: SecretStoreModel, name: string): RemoteRef {
  return Object.hasOwn(store.keys, name) ? store.keys[name] : { key: `${store.prefix}${name}` };
}

/**
 * Keys of the store naming no secret variable of the topology (`secrets` are every variable the
 * containers read from the topology Secret): a typo would otherwise leave the real variable on its
 * default key, silently.
 */
export function secretStoreKeyProblems(store: SecretStoreModel | undefined, secrets: readonly string[], topology: string): Problem[] {
  if (!store) return [];
  const known = new Set(secrets);
  return Object.keys(store.keys)
    .filter((name) => !known.has(name))
    .map((name) => ({
      message: `secretStore.keys names ${name}, which is no secret variable of topology '${topology}'`,
      value: showValue(name),
      expected: secrets.length ? `one of its secret variables: ${secrets.join(', ')}` : 'no keys: the topology has no secret variable',
      action: `Remove or rename secretStore.keys.${name} in the topology`,
    }));
}
