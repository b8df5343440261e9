/**
 * The terminal: what topograph prints. A value from a graph, a project or a linted file can hold
 * escape sequences that clear the screen, move the cursor, rewrite the title or hide text; printed
 * raw, a hostile file could forge or hide a message. Every such character is shown as a `\uXXXX`
 * escape instead (docs/security.md#terminal-output).
 */

/**
 * Characters a terminal acts on or that reorder what it shows: C0 controls (tab and line feed
 * excepted), DEL, C1 controls (CSI U+009B among them), line and paragraph separators, bidirectional
 * embeddings, overrides and isolates, the BOM, U+FFFE/U+FFFF and lone surrogates.
 */
const TERMINAL_UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same, with tab and line feed too: for one-line text such as a value in a message. */
const TERMINAL_UNSAFE_LINE = new RegExp(`[\\t\\n]|${TERMINAL_UNSAFE.source}`, 'g');

function escapeCharacter(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every character a terminal would act on written as `\uXXXX`; tab and line feed kept. */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, escapeCharacter);
}

/** Like {@link terminalText}, and tab and line feed escaped too: the text stays on one line. */
export function terminalLine(text: string): string {
  return text.replace(TERMINAL_UNSAFE_LINE, escapeCharacter);
}

/** The SGR sequences topograph's own styling writes (reset, bold, dim, red, green, yellow). */
const OWN_STYLE = /\u001b\[(?:0|1|2|31|32|33)m/y;

/**
 * Output as written to a terminal or a pipe: like {@link terminalText}, except that the colour
 * sequences topograph itself writes (`styled`: only when colour is on) are kept. User text inside
 * problems and findings is already escaped by {@link terminalLine}, so no such sequence comes from it.
 */
export function terminalOutput(text: string, styled: boolean): string {
  return text.replace(TERMINAL_UNSAFE, (ch, offset: number) => {
    if (styled && ch === '\u001b') {
      OWN_STYLE.lastIndex = offset;
      if (OWN_STYLE.test(text)) return ch;
    }
    return escapeCharacter(ch);
  });
}
