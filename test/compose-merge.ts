/**
 * The Compose Specification's merge of an override file into a base, for the tests of
 * src/render/compose-environments.ts: maps merge by key, `command`, `entrypoint` and
 * `healthcheck.test` are replaced, other sequences appended to; `!reset` removes a key and
 * `!override` replaces a value. Written from the specification, independent of the code under test.
 */
import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';

const RESET = Symbol('reset');
class Override {
  constructor(readonly value: unknown) {}
}

/** Compose YAML with its merge tags kept (as `RESET` and `Override`). */
export function parseTagged(text: string): any {
  const doc = parseDocument(text, { logLevel: 'error' });
  if (doc.errors.length) throw doc.errors[0];
  const convert = (node: unknown): unknown => {
    let value: unknown;
    if (isMap(node)) {
      const out: Record<string, unknown> = Object.create(null);
      for (const pair of node.items) Object.defineProperty(out, String(isScalar(pair.key) ? pair.key.value : pair.key), { value: convert(pair.value), enumerable: true, writable: true, configurable: true });
      value = out;
    } else if (isSeq(node)) value = node.items.map(convert);
    else if (isScalar(node)) value = node.value;
    else value = node ?? null;
    const tag = (node as Node | undefined)?.tag;
    if (tag === '!reset') return RESET;
    if (tag === '!override') return new Override(value);
    return value;
  };
  return convert(doc.contents);
}

/** Plain data (no tags) as JSON, for comparing. */
export function plain(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}

const REPLACED = new Set(['command', 'entrypoint', 'healthcheck/test']);

function mergeValue(base: unknown, over: unknown, path: string): unknown {
  if (over instanceof Override) return over.value;
  if (base && over && typeof base === 'object' && typeof over === 'object' && !Array.isArray(base) && !Array.isArray(over)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(base)) out[k] = v;
    for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
      if (v === RESET) delete out[k];
      else out[k] = Object.prototype.hasOwnProperty.call(out, k) ? mergeValue(out[k], v, path ? `${path}/${k}` : k) : stripTags(v);
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    const servicePath = path.split('/').slice(2).join('/'); // services/<name>/<attribute…>
    return REPLACED.has(servicePath) ? over : [...base, ...over];
  }
  return stripTags(over);
}

function stripTags(value: unknown): unknown {
  if (value instanceof Override) return value.value;
  if (Array.isArray(value)) return value.map(stripTags);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) if (v !== RESET) out[k] = stripTags(v);
    return out;
  }
  return value;
}

/** `docker compose -f base -f override config`, as the specification defines the merge. */
export function composeMerge(baseText: string, overrideText: string): any {
  return plain(mergeValue(parseTagged(baseText), parseTagged(overrideText), ''));
}
