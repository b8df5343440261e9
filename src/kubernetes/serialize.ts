/**
 * Manifests as YAML, written by topograph rather than cdk8s so the files are deterministic and
 * read in a useful order: objects sorted by kind in the order they are needed (below), then by
 * name; keys sorted at every level, except `apiVersion`, `kind` and `metadata` first in each object.
 *
 * The emitter is topograph's own, for speed: manifests are plain JSON data (maps, lists, strings,
 * numbers, booleans), and the `yaml` package's document model made serialization most of the
 * render time for large topologies. Strings stay plain only when every YAML 1.1 and 1.2 reader
 * (kubectl's is 1.1) reads them back as the same string; otherwise they are double-quoted, JSON
 * style, or written as a literal block when they span lines. Tests parse every file back.
 */
import { yamlComment, yamlDoubleQuoted } from '../escape';
import { GENERATED_MARKER } from '../render/marker';
import { compareStrings } from '../sort';

/** Kinds in the order a reader (and `kubectl apply`) wants them; unknown kinds go last. */
export const KIND_ORDER = [
  'Namespace',
  'ServiceAccount',
  'ConfigMap',
  'Service',
  'StatefulSet',
  'Deployment',
  'Job',
  'CronJob',
  'PodDisruptionBudget',
  'NetworkPolicy',
] as const;

const RANK = new Map<string, number>(KIND_ORDER.map((kind, i) => [kind, i]));

export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly generateName?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

const objectName = (o: ManifestObject) => o.metadata.name ?? o.metadata.generateName ?? '';

/** Orders (kind, name) pairs: kinds as in {@link KIND_ORDER} (unknown kinds last, by kind), then names. */
function compareKindAndName(kindA: string, nameA: string, kindB: string, nameB: string): number {
  const rank = (kind: string) => RANK.get(kind) ?? KIND_ORDER.length;
  return rank(kindA) - rank(kindB) || compareStrings(kindA, kindB) || compareStrings(nameA, nameB);
}

/** Sorts by kind (see {@link KIND_ORDER}), then name. */
export function sortObjects<T extends ManifestObject>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => compareKindAndName(a.kind, objectName(a), b.kind, objectName(b)));
}

/** The objects as YAML documents, sorted (see {@link sortObjects}), each starting with `---`. */
export function toYamlDocuments(objects: readonly ManifestObject[]): string {
  return joinDocuments(objects.map(yamlDocument));
}

/** One object already written as a YAML document, with what it sorts by. */
export interface YamlDocument {
  readonly kind: string;
  readonly name: string;
  /** `---`, newline, the object's YAML. */
  readonly text: string;
}

/**
 * Writes an object as soon as it is rendered, so the renderer can drop the object (and the
 * constructs behind it) instead of holding every manifest of a large topology at once.
 */
export function yamlDocument(o: ManifestObject): YamlDocument {
  return { kind: o.kind, name: objectName(o), text: `---\n${toYaml(o)}` };
}

/** Documents sorted like {@link sortObjects}, concatenated: the same text as {@link toYamlDocuments} of their objects. */
export function joinDocuments(documents: readonly YamlDocument[]): string {
  return [...documents]
    .sort((a, b) => compareKindAndName(a.kind, a.name, b.kind, b.name))
    .map((d) => d.text)
    .join('');
}

/** A file: the generated marker and `header` lines as comments, then the documents. */
export function withHeader(header: readonly string[], documents: string): string {
  const comments = [`# ${GENERATED_MARKER} — do not edit`, ...header.map((line) => (line ? `# ${yamlComment(line)}` : '#'))];
  return `${comments.join('\n')}\n${documents}`;
}

/** Keys that open a document, in this order; all other keys everywhere are sorted. */
const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

/** One YAML document (ending in a newline) for JSON-like data. */
export function toYaml(value: unknown): string {
  const out: string[] = [];
  if (isMap(value) && Object.keys(value).length > 0) writeMap(value, '', out, undefined, true);
  else if (Array.isArray(value) && value.length > 0) writeSeq(value, '', out);
  else out.push(scalar(value, ''));
  return `${out.join('\n')}\n`;
}

type JsonMap = { [key: string]: unknown };

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length > 0) || (isMap(value) && Object.keys(value).length > 0);
}

/** Writes `map` at `indent`; the first line goes into `first` when given (a sequence item's `- `). */
function writeMap(map: JsonMap, indent: string, out: string[], first?: string, root = false): void {
  let prefix = first ?? indent;
  const keys = Object.keys(map).sort();
  const ordered = root ? [...LEADING_KEYS.filter((k) => k in map), ...keys.filter((k) => !LEADING_KEYS.includes(k))] : keys;
  for (const key of ordered) {
    const value = map[key];
    if (value === undefined) continue;
    const k = `${prefix}${plainOrQuoted(key)}:`;
    prefix = indent;
    if (isMap(value) && Object.keys(value).length > 0) {
      out.push(k);
      writeMap(value, `${indent}  `, out);
    } else if (Array.isArray(value) && value.length > 0) {
      out.push(k);
      writeSeq(value, `${indent}  `, out);
    } else {
      out.push(`${k} ${scalar(value, `${indent}  `)}`);
    }
  }
}

function writeSeq(seq: readonly unknown[], indent: string, out: string[]): void {
  for (const item of seq) {
    if (isMap(item) && isCollection(item)) writeMap(item, `${indent}  `, out, `${indent}- `);
    else if (Array.isArray(item) && item.length > 0) {
      out.push(`${indent}-`);
      writeSeq(item, `${indent}  `, out);
    } else out.push(`${indent}- ${scalar(item, `${indent}  `)}`);
  }
}

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  const text = String(value);
  if (text.includes('\n')) return literalBlock(text, indent) ?? quoted(text);
  return plainOrQuoted(text);
}

/**
 * Plain when safe: starts with a letter, `_`, `/` or dashes then a letter; only characters that
 * are never indicators inside a plain scalar; no trailing `:`; not a {@link KEYWORD}.
 */
const PLAIN = /^(?:[A-Za-z_/]|-+[A-Za-z])[-A-Za-z0-9_./:@$()=+,%]*$/;
/** YAML 1.1 booleans and null, and what some 1.1 readers take for a float (`e2`). */
const KEYWORD = /^(?:y|yes|n|no|true|false|on|off|null|[eE][-+]?[0-9]+)$/i;

function plainOrQuoted(text: string): string {
  return PLAIN.test(text) && !text.endsWith(':') && !KEYWORD.test(text) ? text : quoted(text);
}

/**
 * Characters a JSON string leaves raw that YAML readers change or refuse: DEL, C1 controls (U+0085
 * is a line break to YAML 1.1 readers such as kubectl's and PyYAML), U+2028/U+2029, the BOM,
 * U+FFFE/U+FFFF, and surrogates (JSON writes a lone one as an escape YAML cannot hold).
 */
const NOT_JSON_SAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

/**
 * A JSON string is a valid YAML double-quoted scalar for the common case (fast, and what every
 * manifest held so far); a string with a character of {@link NOT_JSON_SAFE} goes through
 * `yamlDoubleQuoted`, which escapes each of them (and refuses a lone surrogate).
 */
function quoted(text: string): string {
  return NOT_JSON_SAFE.test(text) ? yamlDoubleQuoted(text) : JSON.stringify(text);
}

/** Characters a literal block cannot hold as they are (plus a leading blank or line break). */
const NOT_LITERAL = /^[ \t\n]|[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

/** `|` (one final newline) or `|-` (none), when every line can be written as is. */
function literalBlock(text: string, indent: string): string | undefined {
  if (NOT_LITERAL.test(text)) return undefined;
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body.endsWith('\n') || body.length === 0) return undefined;
  const lines = body.split('\n').map((line) => (line ? `${indent}${line}` : ''));
  return `${text.endsWith('\n') ? '|' : '|-'}\n${lines.join('\n')}`;
}
