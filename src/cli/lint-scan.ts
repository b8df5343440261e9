/**
 * What `topograph lint` reads from disk (docs/lint.md#what-lint-reads): the files named, and the
 * Dockerfiles, compose files and manifests found by searching the directories named. It reads
 * regular files only, of at most MAX_FILE_BYTES, checking type and size on the opened file before
 * reading a byte; it never follows a symbolic link to a directory while searching; and it reports
 * what it cannot read as a finding on that path, so everything else is still linted. A bad path
 * given on the command line is a problem (the command stops before linting anything).
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terminalLine } from '../escape/terminal';
import type { Problem } from '../graph/problems';
import { type FileKind, type Finding, kindOf, reportable, unreadableFinding } from '../lint';
import { displayPath } from '../paths';
import { byName } from '../sort';

/** Files larger than this are not Dockerfiles, compose files or manifests anyone wrote by hand. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** How much of a larger `.yaml` file is read to tell whether it is a manifest worth reporting. */
const HEAD_BYTES = 64 * 1024;

/**
 * Directories never searched (a path given on the command line always is): dependencies, build
 * output and tool caches. Hidden directories (`.git`, `.venv`, …) are skipped too.
 */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'vendor',
  '__pycache__',
  'venv',
  'dist',
  'lib',
  'build',
  'out',
  'target',
  'coverage',
]);

/** Rule id of the warning for a directory that cannot be searched. */
export const UNREADABLE_DIRECTORY = 'directory-unreadable';

export interface LintTargets {
  /** Display path → text of every file to lint. */
  readonly files: Record<string, string>;
  /** Files and directories found but not readable: reported with the lint findings. */
  readonly findings: readonly Finding[];
  /** Paths given that do not exist or are not lintable: the command fails with these. */
  readonly problems: readonly Problem[];
  /** Directories not searched because of their name (SKIPPED_DIRECTORIES, hidden ones), as displayed. */
  readonly skipped: readonly string[];
}

/** A file's text, or why it was not read (`binary`: it is not text at all; `large`: over the cap). */
type Read = { readonly text: string } | { readonly reason: string; readonly fix?: string; readonly binary?: boolean; readonly large?: boolean };

const TEXT_FIX = 'Pass only text files: Dockerfiles, compose files and Kubernetes manifests.';

/** Reads `targets` (relative to `cwd`): files as given, directories searched. */
export function readLintTargets(targets: readonly string[], cwd: string): LintTargets {
  const files: Record<string, string> = {};
  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const skipped: string[] = [];
  const shown = (file: string) => displayPath(cwd, file);
  const unreadable = (file: string, kind: FileKind | undefined, read: { reason: string; fix?: string }): void => {
    findings.push(unreadableFinding(shown(file), kind, read.reason, { fix: read.fix ?? 'Make it readable, or lint the files you mean to check.' }));
  };

  /** A file met while searching, under the name it was found by (a symbolic link's own name). */
  const candidate = (file: string, name: string, stat: fs.Stats) => {
    const byName = kindOf(name);
    if (!byName && !/\.ya?ml$/i.test(name)) return;
    if (!stat.isFile()) {
      if (byName) unreadable(file, byName, { reason: `it is ${typeOf(stat)}, not a regular file, so it is not read`, fix: 'Replace it with a regular file, or remove it.' });
      return;
    }
    const read = readText(file, stat);
    if ('text' in read) {
      const kind = byName ?? kindOf(name, read.text);
      if (kind) files[shown(file)] = read.text;
      return;
    }
    if (byName) {
      unreadable(file, byName, read);
      return;
    }
    // Other YAML: one that is not text is no manifest, nor a large one that does not start like one.
    if (read.binary || (read.large && !kindOf(name, readHead(file)))) return;
    unreadable(file, read.large ? 'kubernetes' : undefined, read);
  };

  const search = (dir: string, named?: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // A directory named cannot be searched: refused. One found inside it: a warning, and on.
      if (named !== undefined) {
        problems.push({ message: `Cannot search ${named}: ${describe(error)}`, expected: 'a directory lint may read', action: 'Make it readable, or name the files to check' });
        return;
      }
      findings.push(
        reportable({
          rule: UNREADABLE_DIRECTORY,
          severity: 'warning',
          file: shown(dir),
          message: `Cannot search ${shown(dir)}: ${describe(error)}; nothing in it was checked`,
          fix: 'Make the directory readable, or lint the directories you mean to check by name.',
        }),
      );
      return;
    }
    entries.sort(byName);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) search(full);
        else skipped.push(shown(full));
        continue;
      }
      let stat: fs.Stats;
      try {
        // Follows a symbolic link: a linked Dockerfile is checked; a linked directory is not searched.
        stat = fs.statSync(full);
      } catch (error) {
        const byName = kindOf(entry.name);
        if (byName) unreadable(full, byName, { reason: entry.isSymbolicLink() ? `it is a symbolic link that leads nowhere (${describe(error)})` : describe(error) });
        continue;
      }
      if (!stat.isDirectory()) candidate(full, entry.name, stat);
    }
  };

  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const named = terminalLine(target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      problems.push(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? { message: `Path not found: ${named}`, expected: 'a directory, Dockerfile, compose file or Kubernetes manifest', action: 'Check the path' }
          : { message: `Cannot read ${named}: ${describe(error)}`, expected: 'a directory, Dockerfile, compose file or Kubernetes manifest', action: 'Check the path and its permissions' },
      );
      continue;
    }
    if (stat.isDirectory()) {
      search(absolute, named);
      continue;
    }
    // A file named: a FIFO, a device or a file over the cap is refused before reading; one that
    // cannot be read as text is a finding when its name says what it is, else refused.
    const read: Read = stat.isFile() ? readText(absolute, stat) : { reason: `it is ${typeOf(stat)}, not a regular file` };
    const kind = 'text' in read ? kindOf(shown(absolute), read.text) : kindOf(shown(absolute));
    if ('text' in read && kind) files[shown(absolute)] = read.text;
    else if (!('text' in read) && kind && stat.isFile() && !read.large) unreadable(absolute, kind, read);
    else {
      problems.push({
        message: `Not a file topograph lint reads: ${named}`,
        ...('reason' in read ? { value: read.reason } : {}),
        expected: `a Dockerfile (Dockerfile, Dockerfile.*, *.dockerfile, Containerfile), a compose file (*compose*.yml/.yaml) or a Kubernetes manifest (YAML with apiVersion and kind): a regular text file of at most ${mebibytes(MAX_FILE_BYTES)}`,
        action: 'Pass such a file, or a directory to search',
      });
    }
  }
  return { files, findings, problems, skipped };
}

/** One read buffer for every file (reads are synchronous, one at a time). */
let scratch: Buffer | undefined;

/**
 * The text of a regular file of at most MAX_FILE_BYTES, or why not. Type and size are checked again
 * on the open file (it may have been swapped since `stat`), opened non-blocking so that a FIFO put
 * in its place cannot hang the read.
 */
function readText(file: string, stat: fs.Stats): Read {
  if (stat.size > MAX_FILE_BYTES) return tooLarge(stat.size);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { reason: describe(error) };
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return { reason: `it is ${typeOf(opened)}, not a regular file` };
    if (opened.size > MAX_FILE_BYTES) return tooLarge(opened.size);
    const buffer = (scratch ??= Buffer.allocUnsafe(MAX_FILE_BYTES + 1));
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_FILE_BYTES) return tooLarge(length);
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) return { reason: 'it is a binary file (it holds NUL bytes)', fix: TEXT_FIX, binary: true };
    if (!isUtf8(bytes)) return { reason: 'it is not UTF-8 text', fix: `Save it as UTF-8. ${TEXT_FIX}`, binary: true };
    return { text: bytes.toString('utf8') };
  } catch (error) {
    return { reason: describe(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/** The first HEAD_BYTES of a file, as text ('' when it cannot be read). */
function readHead(file: string): string {
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      return buffer.subarray(0, fs.readSync(fd, buffer, 0, HEAD_BYTES, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function tooLarge(size: number): { reason: string; fix: string; large: true } {
  return {
    large: true,
    reason: `it is ${grouped(size)} bytes, more than the ${mebibytes(MAX_FILE_BYTES)} lint reads`,
    fix: 'Lint the sources it is generated from; a file this large is not written by hand.',
  };
}

function typeOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isDirectory()) return 'a directory';
  return 'a special file';
}

/** An fs error as a few words: "permission denied (EACCES)". */
function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ELOOP: 'too many levels of symbolic links',
    ENOENT: 'no such file',
    ENOTDIR: 'not a directory',
    ENXIO: 'it is a socket or device that cannot be opened',
    EISDIR: 'it is a directory',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function mebibytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
