/**
 * Diagram languages: Graphviz DOT and Mermaid, for `topograph graph`. Graph values in a diagram are
 * names, types, images and variable names (their schema grammars keep them printable); these quote
 * them for each language so that none can end a string, start a new statement or be read as a
 * Graphviz escape.
 */
import { assertPrintable } from './text';

/**
 * A double-quoted DOT string (an ID or a one-line label): `\` and `"` are escaped, so the value is
 * shown as written (`\N` stays two characters, not the node name).
 */
export function dotString(value: string): string {
  assertPrintable(value, 'a Graphviz DOT string', true);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A DOT label of several lines: each line quoted as by {@link dotString}, joined by DOT's `\n` (a centred line break). */
export function dotLabel(lines: readonly string[]): string {
  return `"${lines.map((line) => dotString(line).slice(1, -1)).join('\\n')}"`;
}

/** Text inside a double-quoted Mermaid label: `"` and `#` become Mermaid entity codes, `<` and `>` HTML entities. */
export function mermaidText(value: string): string {
  assertPrintable(value, 'a Mermaid label', false);
  return value.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
