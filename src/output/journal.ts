/**
 * All-or-nothing writes with a journal (docs/security.md, "The output directory").
 *
 * A run first records its intent in `<state>/pending-<run>.json`: the directories it will create
 * and, for each file, the random temporary name it writes beside the file. Then it creates the
 * directories and writes every temporary file (exclusively, never through a symbolic link).
 * Renaming the intent to `<state>/journal-<run>.json` is the commit point. Then the temporaries
 * are renamed over their files, the files it no longer generates are deleted, emptied
 * directories it created are removed, and the journal is deleted.
 *
 * The next run, holding the lock, recovers before it plans: a journal is rolled forward (every
 * step is idempotent), an intent without a journal is rolled back (its temporaries and the
 * directories it created are removed). Paths are stored relative to the base directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isGone, type RunInfo } from './lock';
import { OutputError } from './errors';
import { createDurable, createExclusive, type FileIdentity, identityOf, lstatIfExists, readRegular, sha256, syncDir, temporaryName } from './safe-fs';
import { compareStrings } from '../sort';

/** A file to write: path relative to the base directory. */
export interface PlannedWrite {
  readonly path: string;
  readonly content: string | Buffer;
  readonly mode: number;
}

/** A file to delete if it still is what topograph wrote (same identity or same content hash). */
export interface PlannedDelete {
  readonly path: string;
  readonly sha256: string;
  readonly identity?: FileIdentity;
}

interface RenameStep {
  readonly from: string;
  readonly to: string;
}

/** The intent, and once renamed the journal, of one run. */
export interface JournalRecord {
  readonly topograph: 1;
  readonly owner: RunInfo;
  /** Directories the run creates, parents first. */
  readonly mkdirs: readonly string[];
  /** Temporary → final, for every file written. */
  readonly renames: readonly RenameStep[];
  /** Temporary → final for the manifest, renamed last. */
  readonly manifest?: RenameStep;
  readonly deletes: readonly PlannedDelete[];
  /** Directories to remove when empty once the deletions are done, deepest first. */
  readonly rmdirs: readonly string[];
}

const PENDING = 'pending-';
const JOURNAL = 'journal-';
const PART = '.part';

/** What a state directory holds from runs that did not finish. */
export interface Leftovers {
  /** Intents without a commit: rolled back on recovery. */
  readonly pending: readonly JournalRecord[];
  /** Committed journals: rolled forward on recovery. */
  readonly journals: readonly JournalRecord[];
  /** Intents still being written when their run died (no temporary was created yet). */
  readonly partial: readonly string[];
}

function readRecord(file: string): JournalRecord {
  let record: JournalRecord;
  try {
    record = JSON.parse(readRegular(file).content.toString('utf8')) as JournalRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    throw new OutputError([
      {
        message: `A journal of topograph's is unreadable or damaged: ${file}`,
        value: error instanceof Error ? error.message.split('\n')[0] : String(error),
        expected: 'the JSON file a run of topograph wrote',
        action: `Look at the files it names, then remove ${file} and run again (the output may be half old, half new: check it, or delete the generated files and synthesize again)`,
      },
    ]);
  }
  return record;
}

/** Lists the leftovers in a state directory without changing anything. */
export function findLeftovers(stateDir: string): Leftovers {
  let names: string[];
  try {
    names = fs.readdirSync(stateDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pending: [], journals: [], partial: [] };
    throw error;
  }
  const pending: JournalRecord[] = [];
  const journals: JournalRecord[] = [];
  const partial: string[] = [];
  for (const name of names.sort()) {
    if ((name.startsWith(PENDING) || name.startsWith(JOURNAL)) && name.endsWith(PART)) partial.push(name);
    else if (name.startsWith(PENDING) && name.endsWith('.json')) pending.push(readRecord(path.join(stateDir, name)));
    else if (name.startsWith(JOURNAL) && name.endsWith('.json')) journals.push(readRecord(path.join(stateDir, name)));
  }
  const bySince = (a: JournalRecord, b: JournalRecord) => compareStrings(a.owner.since, b.owner.since);
  return { pending: pending.sort(bySince), journals: journals.sort(bySince), partial };
}

/** What recovery did. */
export interface RecoveryReport {
  /** Runs whose committed journal was completed. */
  readonly completed: readonly RunInfo[];
  /** Runs that were undone (they had not reached their commit point). */
  readonly undone: readonly RunInfo[];
}

/**
 * Completes or undoes every interrupted run recorded in `stateDir` (the caller holds the lock).
 * Refuses to touch the leftovers of a run whose process is still alive.
 */
export function recover(stateDir: string, base: string, me: RunInfo): RecoveryReport {
  const leftovers = findLeftovers(stateDir);
  for (const name of leftovers.partial) fs.rmSync(path.join(stateDir, name), { force: true });
  for (const record of [...leftovers.pending, ...leftovers.journals]) {
    if (record.owner.run !== me.run && !isGone(record.owner)) {
      throw new OutputError([
        {
          message: `A topograph run that is still alive (pid ${record.owner.pid}, ${record.owner.command}) has unfinished writes in ${stateDir} without holding its lock`,
          value: record.owner.run,
          action: `Stop that process (kill ${record.owner.pid}) or wait for it, then run again`,
        },
      ]);
    }
  }
  for (const record of leftovers.pending) {
    rollBack(record, base);
    fs.rmSync(path.join(stateDir, `${PENDING}${record.owner.run}.json`), { force: true });
  }
  for (const record of leftovers.journals) {
    rollForward(record, base);
    fs.rmSync(path.join(stateDir, `${JOURNAL}${record.owner.run}.json`), { force: true });
  }
  if (leftovers.pending.length + leftovers.journals.length > 0) syncDir(stateDir);
  return { completed: leftovers.journals.map((r) => r.owner), undone: leftovers.pending.map((r) => r.owner) };
}

/** Removes what an uncommitted run created: its temporary files, then its new directories (when empty). */
function rollBack(record: JournalRecord, base: string): void {
  for (const step of [...record.renames, ...(record.manifest ? [record.manifest] : [])]) {
    const file = path.resolve(base, step.from);
    const stat = lstatIfExists(file);
    if (stat?.isFile()) fs.rmSync(file, { force: true });
  }
  for (const dir of [...record.mkdirs].reverse()) removeIfEmpty(path.resolve(base, dir));
}

/** Finishes a committed run. Every step can be repeated: a kill during recovery is recovered the same way. */
function rollForward(record: JournalRecord, base: string): void {
  for (const step of record.renames) moveIfPresent(base, step);
  for (const deletion of record.deletes) deleteIfOurs(path.resolve(base, deletion.path), deletion);
  for (const dir of record.rmdirs) removeIfEmpty(path.resolve(base, dir));
  // The manifest is renamed only once the files and deletions are done.
  if (record.manifest) moveIfPresent(base, record.manifest);
}

function moveIfPresent(base: string, step: RenameStep): void {
  const from = path.resolve(base, step.from);
  // Gone already: renamed before the kill.
  if (!lstatIfExists(from)?.isFile()) return;
  fs.renameSync(from, path.resolve(base, step.to));
}

/** Deletes a file only while it is what topograph wrote: same identity, or same content. */
function deleteIfOurs(file: string, expected: PlannedDelete): void {
  const stat = lstatIfExists(file);
  if (!stat?.isFile()) return;
  const same = expected.identity && sameIdentity(identityOf(stat), expected.identity);
  if (!same) {
    try {
      if (sha256(readRegular(file).content) !== expected.sha256) return;
    } catch {
      return;
    }
  }
  fs.rmSync(file, { force: true });
}

/** Whether two identities name the same unchanged file. */
export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.mode === b.mode;
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty (the user's files are there), or gone already
  }
}

/** The plan of one transaction. */
export interface TransactionPlan {
  readonly writes: readonly PlannedWrite[];
  readonly deletes: readonly PlannedDelete[];
  readonly rmdirs: readonly string[];
  /**
   * The manifest to install last, built once every temporary file is written (from their
   * identities, by final path): path relative to the base directory and its content.
   */
  readonly manifest?: { readonly path: string; readonly build: (written: ReadonlyMap<string, FileIdentity>) => string };
  /** Called once everything is written and before the commit point (tests fail or stop here). */
  readonly beforeCommit?: () => void;
}

/** Thrown for a failure after the commit point: the journal stays, and the next run completes it. */
export class AfterCommitError extends Error {
  constructor(public readonly cause: unknown, public readonly record: JournalRecord) {
    super(`interrupted after its commit point: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'AfterCommitError';
  }
}

/**
 * Runs one transaction in `base`, with its state in `stateDir` (which exists, and whose lock the
 * caller holds). Before the commit point any failure undoes everything and is rethrown; after it,
 * an AfterCommitError is thrown and the journal stays for the next run.
 */
export function runTransaction(stateDir: string, base: string, me: RunInfo, plan: TransactionPlan): void {
  const rel = (absolute: string) => path.relative(base, absolute);
  const writes = plan.writes.map((w) => ({ ...w, file: path.resolve(base, w.path), temporary: temporaryName(path.resolve(base, w.path), me.run) }));
  const manifestFile = plan.manifest ? path.resolve(base, plan.manifest.path) : undefined;
  const manifestTemporary = manifestFile ? temporaryName(manifestFile, me.run) : undefined;

  const mkdirs: string[] = [];
  const known = new Map<string, boolean>();
  const exists = (dir: string): boolean => {
    let found = known.get(dir);
    if (found === undefined) {
      const stat = lstatIfExists(dir);
      found = stat !== undefined;
      known.set(dir, found);
    }
    return found;
  };
  const needDir = (dir: string) => {
    if (exists(dir)) return;
    needDir(path.dirname(dir));
    mkdirs.push(dir);
    known.set(dir, true);
  };
  for (const w of writes) needDir(path.dirname(w.file));

  const record: JournalRecord = {
    topograph: 1,
    owner: me,
    mkdirs: mkdirs.map(rel),
    renames: writes.map((w) => ({ from: rel(w.temporary), to: w.path })),
    ...(manifestFile && manifestTemporary ? { manifest: { from: rel(manifestTemporary), to: rel(manifestFile) } } : {}),
    deletes: plan.deletes,
    rmdirs: plan.rmdirs,
  };
  const pending = path.join(stateDir, `${PENDING}${me.run}.json`);
  const journal = path.join(stateDir, `${JOURNAL}${me.run}.json`);
  const part = `${pending}${PART}`;

  createDurable(part, JSON.stringify(record));
  fs.renameSync(part, pending);
  let committed = false;
  try {
    for (const dir of mkdirs) fs.mkdirSync(dir, { mode: 0o755 });
    const written = new Map<string, FileIdentity>();
    for (const w of writes) written.set(w.path, createExclusive(w.temporary, w.content, w.mode));
    if (plan.manifest && manifestTemporary) createExclusive(manifestTemporary, plan.manifest.build(written), 0o644);
    plan.beforeCommit?.();
    syncDir(stateDir);
    fs.renameSync(pending, journal);
    committed = true;
  } catch (error) {
    if (!committed) {
      try {
        rollBack(record, base);
        fs.rmSync(pending, { force: true });
      } catch {
        // the intent stays: the next run rolls it back
      }
    }
    throw error;
  }
  try {
    rollForward(record, base);
    fs.rmSync(journal, { force: true });
  } catch (error) {
    throw new AfterCommitError(error, record);
  }
}

/** Creates a state directory (and its .gitignore: the state is local to a checkout, never committed). */
export function createStateDir(stateDir: string): void {
  try {
    fs.mkdirSync(stateDir, { mode: 0o755 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = fs.lstatSync(stateDir);
  if (!stat.isDirectory()) throw Object.assign(new Error(`${stateDir} is not a directory`), { code: 'ENOTDIR', syscall: 'mkdir', path: stateDir });
  try {
    fs.writeFileSync(path.join(stateDir, '.gitignore'), '# topograph state (lock, journal, manifest): local to this checkout\n*\n', { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
