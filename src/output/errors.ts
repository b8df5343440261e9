/**
 * Failures while reading or writing the output, as problems in the project's style: what went
 * wrong, where, and what to do. See docs/security.md ("The output directory").
 */
import { type Problem, TopologyError } from '../graph/problems';

/**
 * Thrown when topograph refuses or fails to write its output (an unsafe output directory, a
 * special file, a full disk, a held lock). A `TopologyError`, so every entry point reports it
 * like any other problem; nothing was changed unless the message says otherwise.
 */
export class OutputError extends TopologyError {
  constructor(problems: readonly Problem[]) {
    super(problems);
    this.name = 'OutputError';
  }

  /** Returns true when `x` is an OutputError (also across copies of the module). */
  static isOutputError(x: unknown): x is OutputError {
    return TopologyError.isTopologyError(x) && (x as Error).name === 'OutputError';
  }
}

const REASONS: Record<string, { what: string; action: (where: string) => string }> = {
  ENOSPC: { what: 'the disk is full', action: (w) => `Free space on the filesystem that holds ${w}, then run it again` },
  EDQUOT: { what: 'your disk quota is used up', action: (w) => `Free space within your quota on the filesystem that holds ${w}, then run it again` },
  EACCES: { what: 'permission denied', action: (w) => `Check the owner and mode of ${w} (ls -ld), or run as a user who may read and write there` },
  EPERM: { what: 'operation not permitted', action: (w) => `Check the owner, mode and attributes of ${w} (ls -ld, lsattr), or run as a user who may change it` },
  EROFS: { what: 'the filesystem is read-only', action: (w) => `Choose an output directory on a writable filesystem, or remount the one that holds ${w} read-write` },
  ENOTDIR: { what: 'a part of the path is a file, not a directory', action: (w) => `Move the file that stands in the path of ${w} away, or choose another directory` },
  EISDIR: { what: 'a directory stands where a file belongs', action: (w) => `Move the directory ${w} away, or choose another output directory` },
  ENAMETOOLONG: { what: 'the path is too long', action: () => 'Choose a shorter output directory or shorter names' },
  ELOOP: { what: 'too many levels of symbolic links', action: (w) => `Replace the symbolic links in ${w} by real directories` },
  EMFILE: { what: 'too many open files', action: () => 'Raise the open-file limit (ulimit -n) and run it again' },
  ENFILE: { what: 'the system has too many open files', action: () => 'Close other programs or raise the system limit, then run it again' },
  EIO: { what: 'an input/output error on the device', action: (w) => `Check the disk that holds ${w} (dmesg), then run it again` },
  EBUSY: { what: 'the file or directory is busy', action: (w) => `Stop what is using ${w} (a mount, an open editor on Windows), then run it again` },
  EXDEV: { what: 'the path crosses filesystems', action: (w) => `Keep ${w} on one filesystem (no mount point inside the output directory where topograph writes)` },
  ENOENT: { what: 'it disappeared while topograph was working', action: () => 'Make sure nothing else changes the directory at the same time, then run it again' },
};

/** The problem for a failed filesystem call on `shown` (a path as the user should read it) while `doing` (e.g. "write"). */
export function fsProblem(error: unknown, shown: string, doing: string, consequence = 'nothing was changed'): Problem {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = code ? REASONS[code] : undefined;
  if (reason) {
    return {
      message: `Cannot ${doing} ${shown}: ${reason.what} (${code}); ${consequence}`,
      value: shown,
      action: reason.action(shown),
    };
  }
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return {
    message: `Cannot ${doing} ${shown}: ${detail}; ${consequence}`,
    value: shown,
    action: 'Check the path and the filesystem, then run it again (TOPOGRAPH_DEBUG=1 shows details)',
  };
}

/** Whether `error` is a filesystem error (a Node error with an errno code). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
