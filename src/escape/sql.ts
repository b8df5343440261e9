/**
 * SQL (PostgreSQL, MySQL with ANSI quotes): identifiers double-quoted, literals single-quoted,
 * each quote doubled. Standard-conforming strings are assumed (the PostgreSQL default since 9.1),
 * so a backslash is an ordinary character.
 */
import { assertPrintable } from './text';

/** `my"db` → `"my""db"`. */
export function sqlIdentifier(name: string): string {
  assertPrintable(name, 'an SQL identifier');
  if (name.length === 0) throw new RangeError('an SQL identifier cannot be empty');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `it's` → `'it''s'`. */
export function sqlLiteral(value: string): string {
  assertPrintable(value, 'an SQL string', true);
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A MySQL / MariaDB identifier in backticks (their default sql_mode has no ANSI_QUOTES), each
 * backtick doubled: `` my`db `` → `` `my``db` ``.
 */
export function mysqlIdentifier(name: string): string {
  assertPrintable(name, 'a MySQL identifier');
  if (name.length === 0) throw new RangeError('a MySQL identifier cannot be empty');
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * A MySQL / MariaDB string literal, for the default sql_mode (no NO_BACKSLASH_ESCAPES): a backslash
 * doubled, a quote doubled: `it's` → `'it''s'`.
 */
export function mysqlLiteral(value: string): string {
  assertPrintable(value, 'a MySQL string', true);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
