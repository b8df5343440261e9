/**
 * YAML (1.1 and 1.2 readers alike: kubectl's, PyYAML, docker-compose's): a double-quoted scalar
 * in which every character outside YAML's printable set is an escape, and the line breaks YAML 1.1
 * knows besides `\n` (U+0085, U+2028, U+2029) are escaped too, so every reader gets the same string.
 */
import { assertPrintable, UnsafeValueError } from './text';

const NAMED: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\u0000': '\\0' };

/** `a"b\n` → `"a\"b\n"`. Throws on a lone surrogate, which no YAML file can hold. */
export function yamlDoubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (NAMED[ch]) out += NAMED[ch];
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) throw new UnsafeValueError('a YAML file', `it holds a lone surrogate U+${cp.toString(16).toUpperCase()}`);
    else if (cp === 0x2028 || cp === 0x2029 || cp === 0xfeff || cp === 0xfffe || cp === 0xffff) out += `\\u${cp.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Characters YAML writers leave raw that some reader changes or refuses (see {@link yamlDoubleQuoted}). */
export const YAML_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

/** The text of a `# …` comment line; refuses anything that would end the line for some reader (U+0085 for YAML 1.1). */
export function yamlComment(text: string): string {
  assertPrintable(text, 'a YAML comment', true);
  return text;
}
