/**
 * JSON data as parsed from YAML or JSON: the one deep equality every diff of rendered files uses
 * (the Kustomize patches of src/kubernetes/json-patch.ts, the compose overrides of
 * src/render/compose-environments.ts).
 */

/** A parsed JSON object. */
export type JsonMap = { readonly [key: string]: unknown };

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `map` has `key` of its own (user names are keys: never the prototype's). */
export function hasOwn(map: JsonMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** Deep equality of JSON data (own keys only; key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isJsonMap(a)) {
    if (!isJsonMap(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
