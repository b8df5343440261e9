/**
 * Image digests on version lines (issue #10): a dependency `version` or a service `runtimeVersion`
 * may end in `@sha256:<64 lower-hex>`, which pins the image of that line to one exact build
 * (`"16@sha256:…"` → `postgres:16@sha256:…`). Every reader of a version line (version floors,
 * support calendars, image names) reads the line part only: the digest never reaches a comparison.
 */

/** A version as written, split: its line (`"16"`) and, when pinned, its digest (`"sha256:…"`). */
export interface PinnedVersion {
  /** The version line, e.g. "16" or "3.12". */
  readonly line: string;
  /** The digest, `sha256:` and 64 hex digits, when the version is pinned. */
  readonly digest?: string;
}

/** `"16@sha256:ab…"` → `{ line: "16", digest: "sha256:ab…" }`; `"16"` → `{ line: "16" }`. */
export function splitPinnedVersion(version: string): PinnedVersion {
  const at = version.indexOf('@');
  return at < 0 ? { line: version } : { line: version.slice(0, at), digest: version.slice(at + 1) };
}

/** The version line of a version that may carry a digest: `"16@sha256:…"` → `"16"`. */
export function versionLineOf(version: string): string {
  return splitPinnedVersion(version).line;
}

/** `image` pinned to `digest` (any digest it already has is replaced); unchanged without a digest. */
export function withDigest(image: string, digest: string | undefined): string {
  if (digest === undefined) return image;
  const at = image.indexOf('@');
  return `${at < 0 ? image : image.slice(0, at)}@${digest}`;
}

/** Whether an image reference carries a digest (`…@sha256:…`). */
export function hasDigest(image: string): boolean {
  return /@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/.test(image);
}
