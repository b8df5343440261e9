/** Small helpers several rules share. Pure functions over strings. */

/**
 * A YAML value as text when it is a scalar (string, number, boolean), else undefined. Rules never
 * turn lists or mappings into text: through aliases they can be endless (docs/lint.md#what-lint-reads).
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

export { isReference, isSecretName, secretLiteral, urlPassword } from '../secret-literals';

export interface ImageRef {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** `registry:5000/team/app:1.2@sha256:…` → name, tag, digest. */
export function parseImageRef(ref: string): ImageRef {
  const [withoutDigest, digest] = ref.split('@', 2);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    ...(hasTag ? { tag: withoutDigest.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * Why an image reference is not pinned, or undefined when it is (a digest, or a tag other than
 * `latest`). References built from variables cannot be judged and count as pinned.
 */
export function unpinnedReason(ref: string): string | undefined {
  if (ref.includes('$') || ref === 'scratch') return undefined;
  const image = parseImageRef(ref);
  if (image.digest) return undefined;
  if (image.tag === undefined) return 'has no tag, so it means whatever "latest" is at build time';
  if (image.tag === 'latest') return 'uses the "latest" tag, which changes under you';
  return undefined;
}
