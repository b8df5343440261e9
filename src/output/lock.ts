/**
 * The output directory's lock: one topograph run at a time writes (and recovers) an output
 * directory. `.topograph/lock` is created exclusively and holds the run's pid, the process start
 * time and the host; a lock whose process is gone is taken over, a live one is waited for, up to
 * a timeout, then the run fails naming the holder. docs/security.md ("The output directory").
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutputError } from './errors';
import { createExclusive, NotRegularError, randomHex, readRegular, sleepSync, TEMP_SUFFIX } from './safe-fs';

/** Who a run is: recorded in the lock, the journal and the names of its temporary files. */
export interface RunInfo {
  /** Random id of the run (letters and digits only). */
  readonly run: string;
  /** Its process id. */
  readonly pid: number;
  /** Start time of the process (Linux: clock ticks since boot, from /proc), to tell a reused pid apart. */
  readonly started?: string;
  /** The host it runs on (os.hostname()). */
  readonly host: string;
  /** When the run began (ISO time). */
  readonly since: string;
  /** What the run is, e.g. "topograph synth". */
  readonly command: string;
}

/** Start time of a process from /proc (Linux), undefined elsewhere. */
function processStart(pid: number | 'self'): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** A new run of this process. */
export function newRun(command: string): RunInfo {
  return {
    run: `r${Date.now().toString(36)}${randomHex(4)}`,
    pid: process.pid,
    started: processStart('self'),
    host: os.hostname(),
    since: new Date().toISOString(),
    command,
  };
}

/**
 * Whether the process of a run is certainly gone: same host, and no such pid or a pid now used
 * by a process that started at another time. A run on another host is never considered gone.
 */
export function isGone(info: RunInfo): boolean {
  if (info.host !== os.hostname()) return false;
  if (!Number.isInteger(info.pid) || info.pid <= 0) return true;
  try {
    process.kill(info.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  if (info.started !== undefined) {
    const now = processStart(info.pid);
    if (now !== undefined && now !== info.started) return true;
  }
  return false;
}

/** One lock-like state file: its parsed holder (undefined while being written) and a key naming this very file. */
interface Held {
  readonly info?: RunInfo;
  readonly key: string;
  readonly mtimeMs: number;
}

function readHeld(file: string): Held | undefined {
  let text: string;
  let stat: fs.Stats;
  try {
    // Never blocks: a FIFO planted as the lock is refused, not opened for reading.
    const read = readRegular(file, 64 * 1024);
    text = read.content.toString('utf8');
    stat = read.stat;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof NotRegularError) {
      throw new OutputError([{ message: `${file} is ${error.kind}, not topograph's lock file`, value: file, action: `Remove ${file}, then run again` }]);
    }
    throw error;
  }
  try {
    const info = JSON.parse(text) as RunInfo;
    if (typeof info.run === 'string' && /^[A-Za-z0-9]+$/.test(info.run)) return { info, key: info.run, mtimeMs: stat.mtimeMs };
  } catch {
    // written by a process killed half-way (only possible where hard links are not supported)
  }
  return { key: `i${stat.ino}m${Math.floor(stat.mtimeMs)}`, mtimeMs: stat.mtimeMs };
}

/** A file without a readable holder is stale once it is older than this (it was being written when its writer died). */
const UNREADABLE_STALE_MS = 10_000;

function isStale(held: Held): boolean {
  return held.info ? isGone(held.info) : Date.now() - held.mtimeMs > UNREADABLE_STALE_MS;
}

/**
 * Creates `dir/name` holding `me`, atomically (a complete temporary file hard-linked into place,
 * so the file is never seen half-written). False when it already exists.
 */
function createHeld(dir: string, name: string, me: RunInfo): boolean {
  const content = JSON.stringify(me);
  const temporary = path.join(dir, `.${name.slice(0, 60)}.${me.run}.${randomHex(6)}${TEMP_SUFFIX}`);
  createExclusive(temporary, content, 0o644);
  try {
    fs.linkSync(temporary, path.join(dir, name));
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT') return false; // our temporary was cleaned up by the holder: try again
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK') {
      // No hard links here: exclusive create (a reader may briefly see it empty; see UNREADABLE_STALE_MS).
      try {
        createExclusive(path.join(dir, name), content, 0o644);
        return true;
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw inner;
      }
    }
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Removes the stale state file `name` (identified by `key`). Only the run that creates the marker
 * `<name>.break-<key>` may remove it, and a file with that key never comes back once removed, so
 * two runs taking over the same stale lock never remove a fresh one. A marker left by a run that
 * died while taking over is itself stale and is taken over the same way, one level down.
 */
function breakStale(dir: string, name: string, key: string, me: RunInfo, depth = 0): void {
  if (depth > 6) return;
  const marker = `${name}.break-${key}`;
  if (createHeld(dir, marker, me)) {
    try {
      const held = readHeld(path.join(dir, name));
      if (held && held.key === key) fs.rmSync(path.join(dir, name), { force: true });
    } finally {
      fs.rmSync(path.join(dir, marker), { force: true });
    }
    return;
  }
  const breaker = readHeld(path.join(dir, marker));
  if (breaker && isStale(breaker)) breakStale(dir, marker, breaker.key, me, depth + 1);
}

/** Options for `acquireLock`. */
export interface LockOptions {
  /** How long to wait for another run, in seconds. */
  readonly timeoutSeconds: number;
  /** Called once when the lock is held by a live run and this run starts waiting. */
  readonly onWait?: (holder: RunInfo | undefined) => void;
  /** A path as the user should read it. */
  readonly show: (absolute: string) => string;
  /** The output directory as the user should read it, for messages. */
  readonly what: string;
}

export const LOCK_FILE = 'lock';

/** Describes a holder for a message. */
export function describeHolder(info: RunInfo | undefined): string {
  if (!info) return 'a run whose lock file is still being written';
  return `pid ${info.pid}${info.host !== os.hostname() ? ` on host ${info.host}` : ''} (${info.command}, started ${info.since})`;
}

/** Takes the lock of a state directory (which must exist); returns the function that releases it. */
export function acquireLock(stateDir: string, me: RunInfo, options: LockOptions): () => void {
  const file = path.join(stateDir, LOCK_FILE);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let waiting = false;
  for (;;) {
    if (createHeld(stateDir, LOCK_FILE, me)) break;
    const held = readHeld(file);
    if (!held) continue;
    if (isStale(held)) {
      breakStale(stateDir, LOCK_FILE, held.key, me);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputError([
        {
          message: `Another topograph run is writing ${options.what}: ${describeHolder(held.info)} holds ${options.show(file)}`,
          value: options.show(file),
          expected: 'one run at a time per output directory',
          action: `Wait until it has finished and run again (this run waited ${options.timeoutSeconds} s; TOPOGRAPH_LOCK_TIMEOUT=<seconds> waits longer). If no such process runs (another host or container), remove ${options.show(file)}`,
        },
      ]);
    }
    if (!waiting) options.onWait?.(held.info);
    waiting = true;
    sleepSync(25 + Math.floor(Math.random() * 50));
  }
  removeLockDebris(stateDir, me);
  return () => {
    const held = readHeld(file);
    if (held && held.key === me.run) fs.rmSync(file, { force: true });
  };
}

/** What runs that died while taking the lock over leave: markers and temporaries of the lock. Safe once we hold the lock. */
function removeLockDebris(stateDir: string, me: RunInfo): void {
  for (const name of fs.readdirSync(stateDir)) {
    const markerOfOld = name.startsWith(`${LOCK_FILE}.break-`) && !name.includes(me.run);
    const temporary = name.startsWith(`.${LOCK_FILE}.`) && name.endsWith(TEMP_SUFFIX) && !name.includes(`.${me.run}.`);
    if (markerOfOld || temporary) fs.rmSync(path.join(stateDir, name), { force: true });
  }
}

/** The holder of a state directory's lock when it is held by a live run, for read-only checks. */
export function liveHolder(stateDir: string): RunInfo | undefined | false {
  const held = readHeld(path.join(stateDir, LOCK_FILE));
  if (!held || isStale(held)) return false;
  return held.info;
}
