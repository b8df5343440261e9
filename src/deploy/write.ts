/**
 * Writing deployment artifacts into a project directory. Unlike `synth`, the directory is the
 * user's own, so files are written one by one (each through a temporary file and a rename), after
 * checking all of them first: a file the user wrote at a generated path stops the whole write with
 * a ConflictError (unless `force`), and files the user owns by nature (src/health.ts) are skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isGenerated } from '../render/marker';
import { ConflictError, type FileChange, fileMode } from '../write';

export interface ProjectWriteOptions {
  /** Overwrite the user's own files at generated paths. @default false */
  readonly force?: boolean;
  /** Paths never overwritten when the user wrote them, even with `force`: they are skipped. */
  readonly neverOverwrite?: readonly string[];
  /** Paths skipped (not a conflict) when the user wrote them; `force` overwrites them. */
  readonly keepUnlessForced?: readonly string[];
}

/** What writing would change, and the user files in the way. */
export function planProjectWrite(dir: string, files: Readonly<Record<string, string>>, options: ProjectWriteOptions = {}): { changes: FileChange[]; conflicts: string[] } {
  const changes: FileChange[] = [];
  const conflicts: string[] = [];
  for (const rel of Object.keys(files).sort()) {
    let existing: string | undefined;
    try {
      existing = fs.readFileSync(path.join(dir, rel), 'utf8');
    } catch {
      existing = undefined;
    }
    if (existing === undefined) changes.push({ path: rel, status: 'created' });
    else if (existing === files[rel]) changes.push({ path: rel, status: 'unchanged' });
    else if (isGenerated(existing)) changes.push({ path: rel, status: 'updated' });
    else if (options.neverOverwrite?.includes(rel) || (!options.force && options.keepUnlessForced?.includes(rel))) {
      changes.push({ path: rel, status: 'skipped', reason: 'your own file: left as it is' });
    }
    else {
      conflicts.push(rel);
      changes.push({ path: rel, status: 'updated', reason: 'your own file, overwritten with --force' });
    }
  }
  return { changes, conflicts };
}

/** Writes `files` into `dir` and returns the changes. Throws a ConflictError, writing nothing, when a user's own file is in the way (unless `force`). */
export function writeProjectFiles(dir: string, files: Readonly<Record<string, string>>, options: ProjectWriteOptions = {}): FileChange[] {
  const { changes, conflicts } = planProjectWrite(dir, files, options);
  if (conflicts.length > 0 && !options.force) throw new ConflictError(conflicts);
  const pending = changes.filter((c) => c.status === 'created' || c.status === 'updated');
  const temporaries: Array<[string, string]> = [];
  try {
    for (const change of pending) {
      const file = path.join(dir, change.path);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.topograph-${process.pid}`;
      fs.writeFileSync(temporary, files[change.path], { mode: fileMode(change.path) });
      temporaries.push([temporary, file]);
    }
  } catch (error) {
    for (const [temporary] of temporaries) fs.rmSync(temporary, { force: true });
    throw error;
  }
  for (const [temporary, file] of temporaries) fs.renameSync(temporary, file);
  return changes;
}
