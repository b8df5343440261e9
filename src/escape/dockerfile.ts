/**
 * Dockerfile: values reach instructions only as JSON strings (exec-form arrays) or double-quoted
 * strings (`LABEL`, `ENV`), and comment text only on a line of its own. Nothing here can end an
 * instruction: every character outside printable ASCII is written as a `\uXXXX` escape in JSON
 * strings, and line breaks are refused everywhere else.
 */
import { assertPrintable, UnsafeValueError } from './text';

/** A JSON string whose every character outside printable ASCII is `\uXXXX`: one line, whatever the value. */
function asciiJson(value: string): string {
  return JSON.stringify(value).replace(/[^\u0020-\u007e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Exec form (`CMD`, `ENTRYPOINT`, `HEALTHCHECK CMD`, `RUN`): `["a", "b"]`, no shell involved. */
export function dockerfileExecForm(args: readonly string[]): string {
  for (const a of args) if (a.includes('\u0000')) throw new UnsafeValueError('a Dockerfile exec-form argument', 'it holds U+0000');
  return `[${args.map(asciiJson).join(', ')}]`;
}

/**
 * A double-quoted value for `LABEL` and `ENV`: `\`, `"` and `$` are escaped, so the value is taken
 * as written (no variable is expanded). `variables` names references kept as such (`${CREATED}`).
 */
export function dockerfileString(value: string, variables: readonly string[] = []): string {
  if (variables.some((v) => value === `\${${v}}`)) return `"${value}"`;
  assertPrintable(value, 'a Dockerfile string', true);
  return `"${value.replace(/[\\"$]/g, (ch) => `\\${ch}`)}"`;
}

/** The text of a `# …` comment line; refuses anything that would end the line. */
export function dockerfileComment(text: string): string {
  assertPrintable(text, 'a Dockerfile comment', true);
  return text;
}

/** A `LABEL` key written bare: reverse-DNS characters only (no space, quote, `=` or `$`), else refused. */
export function dockerfileLabelKey(key: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key)) throw new UnsafeValueError('a Dockerfile LABEL key', `${JSON.stringify(key)} is not a reverse-DNS key`);
  return key;
}

/** A token written bare (`FROM` image, `ARG` default, `ENV` value): `[A-Za-z0-9._:/@+-]` only, else refused. */
export function dockerfileWord(value: string): string {
  if (!/^[A-Za-z0-9._:/@+-]+$/.test(value)) throw new UnsafeValueError('a Dockerfile', `${JSON.stringify(value)} cannot be written as a bare word`);
  return value;
}
