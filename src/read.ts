/**
 * Reading an input file safely: only a regular file (a graph path of `/dev/zero`, a FIFO or a
 * socket is refused, never read), and never more than a size cap, checked before and while
 * reading. Opening does not block on a FIFO (`O_NONBLOCK`), and the size is taken from the open
 * file, so a path swapped between the check and the read cannot get past either test.
 */
import * as fs from 'node:fs';

/** The outcome of {@link readRegularFile}. */
export type ReadResult =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'missing' }
  /** Not a regular file: `what` says what it is ("a directory", "a character device", …). */
  | { readonly kind: 'not-a-file'; readonly what: string }
  | { readonly kind: 'too-large'; readonly bytes: number }
  | { readonly kind: 'unreadable'; readonly code: string };

function describeType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads `file` as UTF-8 when it is a regular file of at most `maxBytes` bytes (symlinks are followed). */
export function readRegularFile(file: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'EISDIR') return { kind: 'not-a-file', what: 'a directory' };
    return { kind: 'unreadable', code };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-a-file', what: describeType(stat) };
    if (stat.size > maxBytes) return { kind: 'too-large', bytes: stat.size };
    // Read to the end, stopping past maxBytes: a file that grew after fstat is still caught.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.max(64 * 1024, Math.min(stat.size - length, maxBytes - length) + 1));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) return { kind: 'too-large', bytes: length };
    }
    return { kind: 'ok', text: Buffer.concat(chunks, length).toString('utf8') };
  } catch (error) {
    return { kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    fs.closeSync(fd);
  }
}
