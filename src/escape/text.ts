/**
 * What every escaping helper agrees on: which characters are never written raw into generated
 * text. The schema refuses them in graph values first (docs/security.md); a helper that meets one and cannot
 * write it inertly throws, so a value the schema missed is refused rather than written.
 */

/**
 * Characters no generated file holds raw: C0 controls other than tab, DEL, C1 controls (U+0085
 * among them), line and paragraph separators, the byte-order mark, non-characters U+FFFE/U+FFFF,
 * and lone UTF-16 surrogates.
 */
export const UNSAFE_CHARACTER =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Like {@link UNSAFE_CHARACTER}, with tab too: for values that must stay on one line and have no blanks of that kind. */
export const UNSAFE_OR_TAB = new RegExp(`\\t|${UNSAFE_CHARACTER.source}`);

/** A value reached an escaping helper that its target cannot hold; the schema should have refused it. */
export class UnsafeValueError extends Error {
  constructor(
    public readonly target: string,
    reason: string,
  ) {
    super(`topograph refused to write a value into ${target}: ${reason}. This is a bug in topograph's input checks; please report it.`);
    this.name = 'UnsafeValueError';
  }
}

/** `U+000A` for a character, for messages. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Throws when `value` holds a character no generated text may hold raw. */
export function assertPrintable(value: string, target: string, allowTab = false): void {
  const match = (allowTab ? UNSAFE_CHARACTER : UNSAFE_OR_TAB).exec(value);
  if (match) throw new UnsafeValueError(target, `it holds ${codePointName(match[0])}`);
}
