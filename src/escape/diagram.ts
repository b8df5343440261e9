/**
 * Diagram languages (`topograph graph`): Graphviz DOT and Mermaid. Values reach a diagram only
 * as a quoted DOT string or as Mermaid label text with its markup characters written as entity
 * codes, and no line break of their own (docs/security.md).
 */
import { assertPrintable } from './text';

/** A DOT quoted string; `\n` in `value` becomes DOT's line break escape, never a raw newline. */
export function dotString(value: string): string {
  const lines = value.split('\n');
  for (const line of lines) assertPrintable(line, 'a DOT diagram', true);
  return `"${lines.map((line) => line.replace(/[\\"]/g, (ch) => `\\${ch}`)).join('\\n')}"`;
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
