/**
 * RFC 6902 JSON patches between two rendered objects, as a reader would write them: the smallest
 * changed value gets one operation, at a path a reader can follow.
 *
 * - Maps are compared key by key (keys in {@link compareStrings} order): a key only in the target
 *   is an `add`, only in the source a `remove`, in both and different a recursion.
 * - Lists of the same length whose items are the same items (same `name`, or another identity key
 *   of {@link IDENTITY_KEYS}; items without one are the same item by position) are compared item by
 *   item. Any other changed list is one `replace` of the whole list: a reader sees the new list, and
 *   no index of an item that moved is guessed.
 * - A changed scalar, or a value whose type changed, is a `replace`.
 *
 * Paths are JSON pointers (RFC 6901): `~` is written `~0` and `/` is written `~1` in a key
 * (`app.kubernetes.io/name` → `app.kubernetes.io~1name`).
 */
import { hasOwn, isJsonMap, jsonEqual } from '../json';
import { compareStrings } from '../sort';

/** One RFC 6902 operation (only the three a diff needs). */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** Keys that say which item of a list an item is, most specific first (containers, env, volumes, mounts, ports). */
export const IDENTITY_KEYS = ['name', 'mountPath', 'containerPort', 'port', 'key', 'path'] as const;

/** `key` as one JSON pointer reference token. */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What identifies a list item: the value of its first identity key, or undefined. */
function identity(item: unknown): string | undefined {
  if (!isJsonMap(item)) return undefined;
  for (const key of IDENTITY_KEYS) if (hasOwn(item, key)) return `${key}=${JSON.stringify(item[key])}`;
  return undefined;
}

/** Whether two lists hold the same items in the same places (so they can be patched item by item). */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((item, i) => {
    const other = b[i];
    if (isJsonMap(item) !== isJsonMap(other) || Array.isArray(item) !== Array.isArray(other)) return false;
    if (!isJsonMap(item) && !Array.isArray(item)) return false; // scalars: a changed one changes the list
    return identity(item) === identity(other);
  });
}

/** The operations that turn `from` into `to` (none when they are equal), in document order. */
export function jsonDiff(from: unknown, to: unknown, path = ''): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  diffInto(from, to, path, ops);
  return ops;
}

function diffInto(from: unknown, to: unknown, path: string, ops: JsonPatchOperation[]): void {
  if (jsonEqual(from, to)) return;
  if (isJsonMap(from) && isJsonMap(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort(compareStrings);
    for (const key of keys) {
      const at = `${path}/${pointerToken(key)}`;
      if (!hasOwn(to, key)) ops.push({ op: 'remove', path: at });
      else if (!hasOwn(from, key)) ops.push({ op: 'add', path: at, value: to[key] });
      else diffInto(from[key], to[key], at, ops);
    }
    return;
  }
  if (Array.isArray(from) && Array.isArray(to) && sameItems(from, to)) {
    from.forEach((item, i) => diffInto(item, to[i], `${path}/${i}`, ops));
    return;
  }
  ops.push({ op: 'replace', path, value: to });
}
