/**
 * Diagram languages (`topograph graph`): Graphviz DOT and Mermaid. Values reach a diagram only
 * as a quoted DOT string or as Mermaid label text with its markup characters written as entity
 * codes, and no line break of their own (docs/security.md).
 */
import { assertPrintable } from './text';

/**
 * A double-quoted DOT string (an ID or a one-line label): `\` and `"` are escaped, so the value is
 * shown as written (`\N` stays two characters, not the node name).
 */
export function dotString(value: string): string {
  assertPrintable(value, 'a DOT diagram', true);
  return `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

/** A DOT label of several lines: each quoted as by {@link dotString}, joined by DOT's `\n` (a centred line break). */
export function dotLabel(lines: readonly string[]): string {
  return `"${lines.map((line) => dotString(line).slice(1, -1)).join('\\n')}"`;
}

/** Text inside a quoted Mermaid label (`["…"]`): `"`, `<`, `>` and `#` as Mermaid entity codes. */
export function mermaidText(value: string): string {
  assertPrintable(value, 'a Mermaid diagram', true);
  return value.replace(/[#"<>]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

/** The text of a `%%` (Mermaid) or `//` (DOT) comment line; refuses anything that would end the line. */
export function diagramComment(text: string): string {
  assertPrintable(text, 'a diagram comment', true);
  return text;
}
