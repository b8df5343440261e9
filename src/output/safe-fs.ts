/**
 * The few filesystem operations topograph's writers use, made safe against what a user's
 * directory may hold: nothing is followed through a symbolic link, nothing blocks on a FIFO, and
 * every new file is created exclusively under a random name (docs/security.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
/** Not defined on every platform; 0 where missing. */
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** Suffix of every temporary file topograph creates; a file with it is always topograph's. */
export const TEMP_SUFFIX = '.topograph-tmp';

/** A random hex string of `bytes` bytes. */
export function randomHex(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/** The SHA-256 of a text (UTF-8) or bytes, hex. */
export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `lstat`, or undefined when nothing is there. Other errors are thrown. */
export function lstatIfExists(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** What kind of entry a stat describes, in words for messages. */
export function kindOf(stat: fs.Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** Whether a stat is a FIFO, socket or device: never opened, never replaced. */
export function isSpecial(stat: fs.Stats): boolean {
  return stat.isFIFO() || stat.isSocket() || stat.isCharacterDevice() || stat.isBlockDevice();
}

/** Thrown by readRegular when the entry is not (or stopped being) a regular file. */
export class NotRegularError extends Error {
  constructor(public readonly file: string, public readonly kind: string) {
    super(`${file} is ${kind}, not a regular file`);
    this.name = 'NotRegularError';
  }
}

/**
 * Reads a regular file (at most `limit` bytes when given) without following a final symbolic link
 * and without blocking on a FIFO put there in the meantime. Returns the bytes and the stat of the
 * opened file.
 */
export function readRegular(file: string, limit?: number): { content: Buffer; stat: fs.Stats } {
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new NotRegularError(file, 'a symbolic link');
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularError(file, kindOf(stat));
    const size = limit === undefined ? stat.size : Math.min(stat.size, limit);
    const content = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, content, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { content: read === size ? content : content.subarray(0, read), stat };
  } finally {
    fs.closeSync(fd);
  }
}

/** Stat fields the manifest records to recognise a file without reading it. */
export interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly mode: number;
}

/** The identity of a stat. */
export function identityOf(stat: fs.Stats): FileIdentity {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, mode: stat.mode & 0o7777 };
}

/**
 * Creates `file` exclusively (O_CREAT|O_EXCL|O_NOFOLLOW: fails when anything, a symbolic link
 * included, is already there), writes `content`, sets `mode` exactly (whatever the umask) and
 * returns its identity. A partly written file is removed before the error is thrown.
 */
export function createExclusive(file: string, content: string | Buffer, mode: number): FileIdentity {
  const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  let identity: FileIdentity | undefined;
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
    fs.fchmodSync(fd, mode);
    identity = identityOf(fs.fstatSync(fd));
  } catch (error) {
    // Errors on a file descriptor name no path: name the file.
    if (error instanceof Error && (error as NodeJS.ErrnoException).path === undefined) (error as NodeJS.ErrnoException).path = file;
    throw error;
  } finally {
    fs.closeSync(fd);
    if (identity === undefined) fs.rmSync(file, { force: true });
  }
  return identity;
}

/** Writes a small state file durably: exclusive create, fsync, close. */
export function createDurable(file: string, content: string): void {
  const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
  let ok = false;
  try {
    const bytes = Buffer.from(content, 'utf8');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
    fs.fsyncSync(fd);
    ok = true;
  } finally {
    fs.closeSync(fd);
    if (!ok) fs.rmSync(file, { force: true });
  }
}

/** Flushes a directory's entries (a rename or create in it) to disk, where the platform allows it. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, O_RDONLY);
    fs.fsyncSync(fd);
  } catch {
    // not supported everywhere (e.g. some network filesystems); the rename itself is still atomic
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The temporary name for `file` in run `run`: hidden, beside it (same filesystem), random, never a name a tool reads. */
export function temporaryName(file: string, run: string): string {
  const base = path.basename(file).slice(0, 80);
  return path.join(path.dirname(file), `.${base}.${run}.${randomHex(6)}${TEMP_SUFFIX}`);
}

/** The run id a temporary name carries, if it is one. */
export function runOfTemporary(name: string): string | undefined {
  if (!name.endsWith(TEMP_SUFFIX)) return undefined;
  const parts = name.slice(0, -TEMP_SUFFIX.length).split('.');
  return parts.length >= 3 ? parts[parts.length - 2] : undefined;
}

/** Blocks the thread for `ms` milliseconds (the writers are synchronous). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Resolves every symbolic link of a path that may not exist yet: its deepest existing ancestor is resolved. */
export function realPathOf(absolute: string): string {
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || path.dirname(existing) === existing) throw error;
      if (lstatIfExists(existing)?.isSymbolicLink()) throw error;
      rest.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
  }
}

/** Whether `child` is `parent` or inside it (both absolute and resolved). */
export function contains(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
