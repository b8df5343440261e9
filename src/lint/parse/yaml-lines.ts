/**
 * YAML as the lint parsers read it. The data comes from js-yaml (an order of magnitude faster than
 * building yaml Documents, which dominated lint time on large outputs); yaml Documents with line
 * positions are built only when a finding asks for a line, or to report text js-yaml refuses with
 * the error's line.
 */
import { constructFromEvents, parseEvents } from 'js-yaml';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, parseDocument } from 'yaml';
import { UnreadableFileError } from './unreadable';

export type YamlPath = ReadonlyArray<string | number>;

/** Which documents to read: one (a compose file; more is an error) or every one (manifests). */
export interface YamlOptions {
  readonly all: boolean;
  /** 0-based line of the text's first line in its file, for a part of a file. @default 0 */
  readonly firstLine?: number;
}

/**
 * The documents in `text` as plain data (none for empty text). Throws UnreadableFileError for text
 * that is not YAML, or holds more than one document when `all` is false.
 */
export function readYaml(text: string, options: YamlOptions): unknown[] {
  let data: unknown[] | undefined;
  try {
    data = constructFromEvents(parseEvents(text, {}), { source: text });
  } catch {
    data = undefined;
  }
  if (data && (options.all || data.length <= 1)) return data;
  return locateYaml(text, options).docs.map(toData);
}

/** The text's documents as yaml Documents with line positions; throws UnreadableFileError on the first error. */
export function locateYaml(text: string, options: YamlOptions): { readonly docs: readonly Document.Parsed[]; readonly counter: LineCounter } {
  const counter = new LineCounter();
  const parsed = options.all ? parseAllDocuments(text, { lineCounter: counter, prettyErrors: false }) : [parseDocument(text, { lineCounter: counter, prettyErrors: false })];
  const docs = Array.isArray(parsed) ? parsed : [];
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) {
    const error = broken.errors[0];
    throw new UnreadableFileError(`not valid YAML: ${error.message.split('\n')[0]}`, counter.linePos(error.pos[0]).line + (options.firstLine ?? 0));
  }
  return { docs, counter };
}

function toData(doc: Document.Parsed): unknown {
  return doc.toJS();
}

/**
 * The 1-based line of the key (for a map entry) or item (for a sequence entry) at `path`, or of
 * the nearest ancestor that exists.
 */
export function lineAt(doc: Document.Parsed | Document, counter: LineCounter, path: YamlPath): number | undefined {
  let node: unknown = doc.contents;
  let line = startLine(node, counter);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      line = startLine(pair.key, counter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      line = startLine(item, counter) ?? line;
      node = item;
    } else break;
  }
  return line;
}

function startLine(node: unknown, counter: LineCounter): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? counter.linePos(range[0]).line : undefined;
}
