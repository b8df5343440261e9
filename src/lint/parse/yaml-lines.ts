/** Line numbers for values in a parsed YAML document. */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Document } from 'yaml';

export type YamlPath = ReadonlyArray<string | number>;

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
