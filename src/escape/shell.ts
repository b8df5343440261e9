/**
 * POSIX shell (bash and sh): every value reaches a generated script as one single-quoted word,
 * which no shell expands (`$`, backticks, `\`, `!` and globs are literal inside single quotes).
 */
import { assertPrintable } from './text';

/** `value` as one shell word: `it's` → `'it'\''s'`. */
export function shellQuote(value: string): string {
  assertPrintable(value, 'a shell script', true);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Several words, each quoted, separated by spaces (a bash array body, an argument list). */
export function shellWords(values: readonly string[]): string {
  return values.map(shellQuote).join(' ');
}
