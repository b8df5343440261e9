/**
 * Writing deployment artifacts into a project directory. Unlike `synth`, the directory is the
 * user's own: only the files listed are written, after checking all of them first — a file the
 * user wrote at a generated path stops the whole write with a ConflictError (unless `force`), and
 * files the user owns by nature (src/health.ts) are skipped. The write is all-or-nothing, like
 * synth's: exclusive random temporary files, a journal in `<project>/.topograph/` (removed once
 * done), one run at a time (docs/security.md, "The output directory").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../graph/problems';
import { displayPath } from '../paths';
import { fsProblem, isFsError, OutputError } from '../output/errors';
import { compareWithGenerated, notRegularProblem } from '../output/generated';
import { AfterCommitError, createStateDir, recover, runTransaction } from '../output/journal';
import { acquireLock, describeHolder, newRun } from '../output/lock';
import { kindOf, lstatIfExists, readRegular } from '../output/safe-fs';
import { ConflictError, type FileChange, fileMode, STATE_DIR } from '../write';

export interface ProjectWriteOptions {
  /** Overwrite the user's own files at generated paths. @default false */
  readonly force?: boolean;
  /** Paths never overwritten when the user wrote them, even with `force`: they are skipped. */
  readonly neverOverwrite?: readonly string[];
  /** Paths skipped (not a conflict) when the user wrote them; `force` overwrites them. */
  readonly keepUnlessForced?: readonly string[];
  /** Called once when another run holds the project's lock and this one starts waiting, with the message to show. @default none */
  readonly onLockWait?: (message: string) => void;
}

function planChanges(dir: string, files: Readonly<Record<string, string>>, options: ProjectWriteOptions): { changes: FileChange[]; conflicts: string[]; unsafe: Problem[] } {
  const changes: FileChange[] = [];
  const conflicts: string[] = [];
  const unsafe: Problem[] = [];
  const show = (rel: string) => displayPath(process.cwd(), path.join(dir, rel));
  for (const rel of Object.keys(files).sort()) {
    const file = path.join(dir, rel);
    let existing: Buffer | undefined;
    let sameMode = false;
    try {
      // The directories on the way must be real directories of the project, not links elsewhere.
      const blocked = ancestorsOf(rel).find((d) => {
        const stat = lstatIfExists(path.join(dir, d));
        return stat !== undefined && !stat.isDirectory();
      });
      if (blocked) {
        unsafe.push({ message: `${show(blocked)} is ${kindOf(fs.lstatSync(path.join(dir, blocked)))} where topograph writes ${rel}`, value: show(blocked), action: `Replace ${show(blocked)} by a real directory, or move it away` });
        continue;
      }
      const stat = lstatIfExists(file);
      if (stat && !stat.isFile()) {
        unsafe.push(notRegularProblem(`${show(rel)}, a path topograph writes,`, show(rel), stat));
        continue;
      }
      if (stat) {
        const read = readRegular(file);
        existing = read.content;
        sameMode = (read.stat.mode & 0o777) === (fileMode(rel) & 0o777);
      }
    } catch (error) {
      unsafe.push(fsProblem(error, show(rel), 'read'));
      continue;
    }
    // The same decision as synth's writer (src/output/generated.ts); what differs is what a user's file means here.
    const comparison = compareWithGenerated(existing, sameMode, files[rel]);
    if (comparison !== 'theirs') changes.push({ path: rel, status: comparison });
    else if (options.neverOverwrite?.includes(rel) || (!options.force && options.keepUnlessForced?.includes(rel))) {
      changes.push({ path: rel, status: 'skipped', reason: 'your own file: left as it is' });
    } else {
      conflicts.push(rel);
      changes.push({ path: rel, status: 'updated', reason: 'your own file, overwritten with --force' });
    }
  }
  return { changes, conflicts, unsafe };
}

/** `a/b/c.ts` → [`a`, `a/b`]. */
function ancestorsOf(rel: string): string[] {
  const out: string[] = [];
  for (let d = path.dirname(rel); d !== '.' && d !== '/'; d = path.dirname(d)) out.unshift(d);
  return out;
}

/** What writing would change, and the user files in the way. Throws OutputError for a symbolic link, directory or special file at a path it writes. */
export function planProjectWrite(dir: string, files: Readonly<Record<string, string>>, options: ProjectWriteOptions = {}): { changes: FileChange[]; conflicts: string[] } {
  const { changes, conflicts, unsafe } = planChanges(dir, files, options);
  if (unsafe.length > 0) throw new OutputError(unsafe);
  return { changes, conflicts };
}

/** Writes `files` into `dir` and returns the changes. Throws a ConflictError, writing nothing, when a user's own file is in the way (unless `force`). */
export function writeProjectFiles(dir: string, files: Readonly<Record<string, string>>, options: ProjectWriteOptions = {}): FileChange[] {
  const show = (absolute: string) => displayPath(process.cwd(), absolute);
  const stateDir = path.join(dir, STATE_DIR);
  const me = newRun('topograph deploy');
  let release: (() => void) | undefined;
  try {
    createStateDir(stateDir);
    release = acquireLock(stateDir, me, {
      timeoutSeconds: Number(process.env.TOPOGRAPH_LOCK_TIMEOUT ?? 30) || 30,
      onWait: (holder) => options.onLockWait?.(`Waiting for ${describeHolder(holder)}, which is writing ${show(dir)}…\n`),
      show,
      what: show(dir),
    });
    recover(stateDir, dir, me);
    const { changes, conflicts, unsafe } = planChanges(dir, files, options);
    if (unsafe.length > 0) throw new OutputError(unsafe);
    if (conflicts.length > 0 && !options.force) throw new ConflictError(conflicts);
    const writes = changes.filter((c) => c.status === 'created' || c.status === 'updated').map((c) => ({ path: c.path, content: files[c.path], mode: fileMode(c.path) }));
    if (writes.length > 0) runTransaction(stateDir, dir, me, { writes, deletes: [], rmdirs: [] });
    return changes;
  } catch (error) {
    if (error instanceof AfterCommitError) {
      throw new OutputError([{ ...fsProblem(error.cause, show(dir), 'write', 'the write was interrupted after its commit point'), action: 'Fix the cause, then run topograph deploy again: it completes the interrupted write first' }]);
    }
    if (isFsError(error)) throw new OutputError([fsProblem(error, show(error.path ?? dir), 'write')]);
    throw error;
  } finally {
    release?.();
    // The state directory only lives while a write runs: nothing of it stays in the project.
    if (release && fs.existsSync(stateDir) && fs.readdirSync(stateDir).every((n) => n === '.gitignore')) {
      fs.rmSync(path.join(stateDir, '.gitignore'), { force: true });
      try {
        fs.rmdirSync(stateDir);
      } catch {
        // another run started using it
      }
    }
  }
}
