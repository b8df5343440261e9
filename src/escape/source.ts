/**
 * Program source embedded in generated files (health probes run with `node -e`, `bun -e`,
 * `python -c`): values reach it only as string literals of that language, escaped so that the
 * literal is pure ASCII and contains no whitespace, quote or backslash of its own.
 */
import { assertPrintable } from './text';

/** A JavaScript string literal (double-quoted, ASCII only): `a"b` → `"a\"b"`. */
export function jsString(value: string): string {
  assertPrintable(value, 'JavaScript source', true);
  return JSON.stringify(value).replace(/[^\u0021-\u007e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A Python 3 string literal (double-quoted, ASCII only): astral characters as `\UXXXXXXXX`. */
export function pythonString(value: string): string {
  assertPrintable(value, 'Python source', true);
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x21 && cp <= 0x7e) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Each character of `value` escaped for a double-quoted literal: printable ASCII but `special` as is, `\` + it for `special`, `escape(code point)` for the rest. */
function doubleQuoted(value: string, special: RegExp, escape: (cp: number) => string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (special.test(ch)) out += `\\${ch}`;
    else if (cp >= 0x21 && cp <= 0x7e) out += ch;
    else out += escape(cp);
  }
  return `${out}"`;
}

/** A Ruby string literal (double-quoted, ASCII only): `"`, `\` and `#` (interpolation) escaped, the rest as `\u{XXXX}`. */
export function rubyString(value: string): string {
  assertPrintable(value, 'Ruby source', true);
  return doubleQuoted(value, /["\\#]/, (cp) => `\\u{${cp.toString(16)}}`);
}

/** A PHP string literal (double-quoted, ASCII only): `"`, `\` and `$` (interpolation) escaped, the rest as `\u{XXXX}`. */
export function phpString(value: string): string {
  assertPrintable(value, 'PHP source', true);
  return doubleQuoted(value, /["\\$]/, (cp) => `\\u{${cp.toString(16)}}`);
}
