/** A compose file as rules see it: each service's settings and a way to find their lines. */
import { type Document, LineCounter, parseDocument } from 'yaml';
import { UnreadableFileError } from './unreadable';
import { lineAt, locateYaml, readYaml, type YamlPath } from './yaml-lines';

export interface ComposeService {
  readonly name: string;
  /** The service's mapping as plain data. */
  readonly config: Record<string, unknown>;
  /** Line of a key under this service (`['deploy', 'resources']`), or of the service itself. */
  lineOf(path?: YamlPath): number | undefined;
}

export interface ParsedComposeFile {
  readonly path: string;
  readonly services: readonly ComposeService[];
}

export function parseCompose(path: string, text: string): ParsedComposeFile {
  // The data comes from js-yaml; the yaml Document, for line numbers, only when a finding asks for a line.
  const [data] = readYaml(text, { all: false });
  let located: Located | undefined;
  const lines = () => (located ??= locate(text));
  if (data === null || data === undefined) return { path, services: [] };
  if (typeof data !== 'object' || Array.isArray(data)) throw new UnreadableFileError('not a compose file: the top level is not a mapping', 1);
  const services = (data as Record<string, unknown>).services;
  if (services === undefined || services === null) return { path, services: [] };
  if (typeof services !== 'object' || Array.isArray(services)) {
    throw new UnreadableFileError('not a compose file: "services" is not a mapping', lineAt(lines().doc, lines().counter, ['services']));
  }
  const blocks = new Map<string, Block>();
  return {
    path,
    services: Object.entries(services as Record<string, unknown>).map(([name, config]) => ({
      name,
      config: config && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : {},
      lineOf: (sub: YamlPath = []) => serviceLine(text, blocks, name, sub) ?? lineAt(lines().doc, lines().counter, ['services', name, ...sub]),
    })),
  };
}

interface Located {
  readonly doc: Document.Parsed;
  readonly counter: LineCounter;
}

/** The whole text as a yaml Document with line positions; throws UnreadableFileError on invalid YAML. */
function locate(text: string): Located {
  const { docs, counter } = locateYaml(text, { all: false });
  return { doc: docs[0], counter };
}

interface Block {
  readonly text: string;
  /** 0-based line of the block's first line in the file. */
  readonly firstLine: number;
  located?: Located | null;
}

/**
 * The line of `sub` under service `name`, found by parsing only that service's block of a block-style
 * `services:` mapping (a large compose file is not parsed whole for one line). Undefined when the
 * layout is not the plain one (flow style, aliases into other blocks, …): the caller then parses it all.
 */
function serviceLine(text: string, cache: Map<string, Block>, name: string, sub: YamlPath): number | undefined {
  if (cache.size === 0) splitServices(text, cache);
  const block = cache.get(name);
  if (!block) return undefined;
  if (block.located === undefined) {
    const counter = new LineCounter();
    const doc = parseDocument(block.text, { lineCounter: counter, prettyErrors: false });
    block.located = doc.errors.length || doc.warnings.length ? null : { doc, counter };
  }
  if (!block.located) return undefined;
  const line = lineAt(block.located.doc, block.located.counter, [name, ...sub]);
  return line === undefined ? undefined : line + block.firstLine;
}

/** Splits a block-style `services:` mapping into one text per service. */
function splitServices(text: string, cache: Map<string, Block>): void {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^services:\s*(#.*)?$/.test(l));
  if (start < 0) return;
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const blank = (l: string) => l.trim() === '' || l.trimStart().startsWith('#');
  let indent = -1;
  let current: { name: string; from: number } | undefined;
  const close = (end: number) => {
    if (current) cache.set(current.name, { text: lines.slice(current.from, end).join('\n'), firstLine: current.from });
  };
  let i = start + 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (blank(l)) continue;
    const n = indentOf(l);
    if (n === 0) break;
    if (indent < 0) indent = n;
    if (n < indent) break;
    if (n === indent) {
      const key = /^\s*(["']?)([^"'#:]+)\1:(\s|$)/.exec(l);
      if (!key) return;
      close(i);
      current = { name: key[2], from: i };
    }
  }
  close(i);
}
