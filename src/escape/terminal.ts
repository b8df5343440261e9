/**
 * Text for a terminal: what topograph prints about a file it did not write (a finding's message,
 * a path found on disk). Every character of UNSAFE_CHARACTER, tab included, is shown as a visible
 * escape (`\x1b`, `\u2028`), so a file's contents or name can never move the cursor, clear the
 * screen, set the window title or hide text (docs/lint.md#what-lint-reads).
 */
import { UNSAFE_OR_TAB } from './text';

const UNSAFE_GLOBAL = new RegExp(UNSAFE_OR_TAB.source, 'g');

/** `a\u001b[2Jb` → `a\x1b[2Jb`: printable as is, nothing else changed. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_GLOBAL, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
