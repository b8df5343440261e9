/**
 * YAML as the lint parsers read it (docs/lint.md#what-lint-reads). The data comes from js-yaml (an
 * order of magnitude faster than building yaml Documents, which dominated lint time on large
 * outputs), after a check that its aliases do not expand it beyond reason; yaml Documents with line
 * positions are built only when a finding asks for a line, or to report text js-yaml refuses with
 * the error's line.
 */
import { constructFromEvents, EVENT_ID, type Event, parseEvents } from 'js-yaml';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, parseDocument } from 'yaml';
import { UnreadableFileError } from './unreadable';

export type YamlPath = ReadonlyArray<string | number>;

/** Aliases may make a file's data this many nodes (mapping keys, values and items) … */
export const MAX_ALIASED_NODES = 100_000;
/** … or this many times the nodes written in it, whichever is larger. */
export const MAX_ALIAS_GROWTH = 10;
/**
 * The same cap for the yaml library, which reads what js-yaml refuses: its `maxAliasCount` (how
 * often an anchor may be used, weighted by the aliases inside it).
 */
const MAX_ALIAS_COUNT = 1000;

const ALIAS_FIX =
  'Write the repeated settings out, or nest fewer aliases: ordinary anchors never come near the limit; aliases of aliases that multiply like this are a "billion laughs" attack.';

/** Which documents to read: one (a compose file; more is an error) or every one (manifests). */
export interface YamlOptions {
  readonly all: boolean;
  /** 0-based line of the text's first line in its file, for a part of a file. @default 0 */
  readonly firstLine?: number;
}

/**
 * The documents in `text` as plain data (none for empty text). Throws UnreadableFileError for text
 * that is not YAML, holds more than one document when `all` is false, or whose aliases would expand
 * it past MAX_ALIASED_NODES and MAX_ALIAS_GROWTH times its written size.
 */
export function readYaml(text: string, options: YamlOptions): unknown[] {
  let data: unknown[] | undefined;
  try {
    const events = parseEvents(text, {});
    if (text.includes('*')) checkAliases(text, events, options.firstLine ?? 0);
    data = constructFromEvents(events, { source: text });
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
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
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (/alias/i.test(message)) throw new UnreadableFileError(`too many aliases (${message})`, undefined, ALIAS_FIX);
    throw new UnreadableFileError(`not valid YAML: ${message}`);
  }
}

/**
 * Refuses an alias inside the node it names (the data would be circular) and aliases that expand
 * the documents too far. One pass over js-yaml's events: each anchor's size is known when its node
 * closes, and an alias counts as the size of the node it repeats, so nothing is expanded to count it.
 */
function checkAliases(text: string, events: readonly Event[], firstLine: number): void {
  interface Anchor {
    open: boolean;
    size: number;
  }
  const stack: Array<{ size: number; anchor?: Anchor }> = [];
  let anchors = new Map<string, Anchor>();
  let written = 0;
  let expanded = 0;
  let biggest = { size: 0, at: -1 };
  const nameOf = (e: { anchorStart: number; anchorEnd: number }) => (e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : undefined);
  const lineOf = (offset: number) => firstLine + 1 + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      anchors = new Map();
      stack.push({ size: 0 });
    } else if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING) {
      written++;
      const name = nameOf(event);
      const anchor = name === undefined ? undefined : { open: true, size: 0 };
      if (anchor) anchors.set(name!, anchor);
      stack.push({ size: 1, anchor });
    } else if (event.type === EVENT_ID.SCALAR) {
      written++;
      stack[stack.length - 1].size += 1;
      const name = nameOf(event);
      if (name !== undefined) anchors.set(name, { open: false, size: 1 });
    } else if (event.type === EVENT_ID.ALIAS) {
      written++;
      const name = text.slice(event.anchorStart, event.anchorEnd);
      const anchor = anchors.get(name);
      if (anchor?.open) {
        throw new UnreadableFileError(`the alias *${name} is inside the node &${name} it repeats, which would make the data endless`, lineOf(event.anchorStart), ALIAS_FIX);
      }
      const size = anchor?.size ?? 1;
      stack[stack.length - 1].size += size;
      if (size > biggest.size) biggest = { size, at: event.anchorStart };
    } else if (event.type === EVENT_ID.POP) {
      const frame = stack.pop()!;
      if (frame.anchor) Object.assign(frame.anchor, { open: false, size: frame.size });
      if (stack.length) stack[stack.length - 1].size += frame.size;
      else expanded += frame.size;
    }
  }
  const limit = Math.max(MAX_ALIASED_NODES, MAX_ALIAS_GROWTH * written);
  if (expanded > limit) {
    const shown = expanded < 1e15 ? grouped(expanded) : 'more than 10^15';
    throw new UnreadableFileError(
      `too many aliases: they expand the ${grouped(written)} YAML nodes written in it to ${shown} (at most ${grouped(limit)} are read)`,
      lineOf(biggest.at),
      ALIAS_FIX,
    );
  }
}

/** 1234567 → "1,234,567", the same in every locale. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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
