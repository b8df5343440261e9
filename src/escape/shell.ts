/**
 * POSIX shell (bash and sh): every value reaches a generated script as one single-quoted word,
 * which no shell expands (`$`, backticks, `\`, `!` and globs are literal inside single quotes).
 */
import { assertPrintable, UnsafeValueError } from './text';

/** `value` as one shell word: `it's` → `'it'\''s'`. */
export function shellQuote(value: string): string {
  assertPrintable(value, 'a shell script', true);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Several words, each quoted, separated by spaces (a bash array body, an argument list). */
export function shellWords(values: readonly string[]): string {
  return values.map(shellQuote).join(' ');
}

/** Characters a shell word may hold unquoted with no special meaning (as Python's shlex.quote decides). */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * `value` as one shell word, quoted only when it needs it: `./src/index.ts` stays as it is,
 * `it's` becomes `'it'\''s'`. For generated scripts that read best unquoted; same safety as
 * {@link shellQuote}.
 */
export function shellWord(value: string): string {
  return SAFE_WORD.test(value) ? value : shellQuote(value);
}

/**
 * A name written bare where quoting is not possible (inside `"${VAR:-name}"`, in a comment):
 * only letters, digits, `_`, `.` and `-`, which mean the same quoted or not; anything else is
 * refused. Graph names (DNS labels, variable names) always pass.
 */
export function shellName(value: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value)) throw new UnsafeValueError('a shell script', `${JSON.stringify(value)} is not a plain name`);
  return value;
}
