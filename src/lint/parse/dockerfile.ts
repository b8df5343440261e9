/**
 * A small Dockerfile reader: instructions with their 1-based start line, grouped into build stages.
 * It understands line continuations, comments, the `escape` parser directive and JSON (exec) form;
 * it does not expand variables. Enough for hardening rules, not a builder.
 */
import { UnreadableFileError } from './unreadable';

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, CMD, … */
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  readonly args: string;
  /** 1-based line the instruction starts on. */
  readonly line: number;
}

export interface Stage {
  /** The image or stage this stage starts from, as written (`python:3.11-slim`, `build`). */
  readonly from: string;
  /** `AS name`, lower-cased, when given. */
  readonly alias?: string;
  readonly line: number;
  /** The stage's instructions after FROM. */
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly path: string;
  /** The service this Dockerfile builds, when known (`Dockerfile.<service>`). */
  readonly service?: string;
  /** Instructions before the first FROM (ARG only, in a valid file). */
  readonly preamble: readonly Instruction[];
  readonly stages: readonly Stage[];
}

export function parseDockerfile(path: string, text: string, service?: string): Dockerfile {
  refuseUnreadable(text);
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  let escape = '\\';
  let directives = true;
  const instructions: Instruction[] = [];
  let current: { keyword: string; parts: string[]; line: number } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (directives) {
      const directive = /^#\s*escape\s*=\s*([\\`])\s*$/i.exec(trimmed);
      if (directive) {
        escape = directive[1];
        continue;
      }
      if (!/^#\s*\w+\s*=/.test(trimmed)) directives = false;
    }
    if (trimmed.startsWith('#') || (trimmed === '' && !current)) continue;
    if (trimmed === '' && current) continue;
    const continues = trimmed.endsWith(escape);
    const body = continues ? trimmed.slice(0, -1).trimEnd() : trimmed;
    if (current) {
      current.parts.push(body);
    } else {
      if (body === '') continue;
      const match = /^(\S+)\s*([^]*)$/.exec(body)!;
      current = { keyword: match[1].toUpperCase(), parts: [match[2]], line: i + 1 };
    }
    if (!continues) {
      const args = current.parts.filter((p) => p !== '').join(' ');
      instructions.push({ keyword: current.keyword, args, line: current.line });
      current = undefined;
      // Heredocs (RUN <<EOF … EOF): their lines are content, not instructions.
      for (const heredoc of args.matchAll(/<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g)) {
        const delimiter = heredoc[2];
        while (i + 1 < lines.length && lines[i + 1].replace(/^\t+/, '').trimEnd() !== delimiter) i++;
        i++;
      }
    }
  }
  if (current) instructions.push({ keyword: current.keyword, args: current.parts.filter((p) => p !== '').join(' '), line: current.line });

  const preamble: Instruction[] = [];
  const stages: Array<{ from: string; alias?: string; line: number; instructions: Instruction[] }> = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        from: words[0] ?? '',
        ...(as >= 0 && words[as + 1] ? { alias: words[as + 1].toLowerCase() } : {}),
        line: instruction.line,
        instructions: [],
      });
    } else if (stages.length === 0) preamble.push(instruction);
    else stages[stages.length - 1].instructions.push(instruction);
  }
  return { path, ...(service ? { service } : {}), preamble, stages };
}

/** Line breaks Docker does not see, though an editor may show one. */
const SEPARATORS: Record<string, string> = { '\u0085': 'next line', '\u2028': 'line separator', '\u2029': 'paragraph separator' };

/**
 * Text Docker does not read the way it looks: binary content, carriage returns without a line feed
 * (Docker ends lines at LF only, so the "lines" run together) and Unicode line breaks. Throws
 * UnreadableFileError naming the first one and its line (as Docker counts lines).
 */
function refuseUnreadable(text: string): void {
  const lineOf = (index: number) => 1 + (text.slice(0, index).match(/\n/g)?.length ?? 0);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new UnreadableFileError('it is a binary file (it holds NUL bytes)', lineOf(nul), 'Pass only text files: Dockerfiles, compose files and Kubernetes manifests.');
  const cr = /\r(?!\n)/.exec(text);
  if (cr) {
    const line = lineOf(cr.index);
    throw new UnreadableFileError(
      `line ${line} holds a carriage return without a line feed (old Mac line endings): Docker ends lines at line feeds only, so it reads ${text.includes('\n') ? 'what looks like several lines there as one' : 'the whole file as one line'}`,
      line,
      "Save the file with LF (or CRLF) line endings, e.g. with your editor's line-ending setting.",
    );
  }
  const separator = /[\u0085\u2028\u2029]/.exec(text);
  if (separator) {
    const ch = separator[0];
    const line = lineOf(separator.index);
    throw new UnreadableFileError(
      `it holds U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (${SEPARATORS[ch]}) on line ${line}: an editor may show a line break there, but Docker does not end the line`,
      line,
      'Replace the character with a real line break, or remove it.',
    );
  }
}

/** The stage the image is made of: the last one. */
export function finalStage(file: Dockerfile): Stage | undefined {
  return file.stages[file.stages.length - 1];
}

/** Whether instruction arguments are JSON exec form (`["a", "b"]`). */
export function isExecForm(args: string): boolean {
  const text = args.trim();
  if (!text.startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string');
  } catch {
    return false;
  }
}

/**
 * `KEY=value` pairs of an ENV or ARG instruction (also the legacy `ENV KEY value` form). Values keep
 * their quotes stripped; `value` is undefined for an ARG without a default.
 */
export function keyValues(instruction: Instruction): Array<{ key: string; value?: string }> {
  const args = instruction.args.trim();
  if (instruction.keyword === 'ENV' && !/^[^\s=]+=/.test(args)) {
    const match = /^(\S+)\s+(.*)$/.exec(args);
    return match ? [{ key: match[1], value: unquote(match[2]) }] : [{ key: args, value: '' }];
  }
  const out: Array<{ key: string; value?: string }> = [];
  const pattern = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (let m = pattern.exec(args); m; m = pattern.exec(args)) {
    out.push(m[2] === undefined ? { key: m[1] } : { key: m[1], value: unquote(m[2]) });
  }
  return out;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}
