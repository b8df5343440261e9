/**
 * The one string order of generated output: JavaScript's `<` on strings (UTF-16 code units), the
 * order `Array.prototype.sort()` uses by default. It is the same on every machine and in every
 * locale, unlike `localeCompare`, so output sorted with it is deterministic.
 */

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders anything with a `name` by that name. */
export function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compareStrings(a.name, b.name);
}

/** A copy of `record` with its keys in {@link compareStrings} order (JSON and YAML output keep it). */
export function sortedRecord<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  const sorted: Record<string, V> = {};
  for (const key of Object.keys(record).sort(compareStrings)) sorted[key] = record[key];
  return sorted;
}
