/**
 * Writing a synthesized `{path: content}` map to disk — the only place topograph touches the
 * output directory (docs/security.md, "The output directory").
 *
 * - The output directory is empty (or absent) or holds topograph's output, recognised by
 *   `.topograph/manifest.json` (every generated path with its content hash, target and the run
 *   that wrote it) or, for output written before the manifest existed, by the `@generated`
 *   marker in its files. Anything else — a regular file, `$HOME`, a project — is refused.
 * - Only topograph's own files are written, renamed or deleted; entries of the user inside the
 *   output directory are never read, copied or moved. Only what changed is written.
 * - One run at a time holds `.topograph/lock`; a write is all-or-nothing through a journal
 *   (src/output/journal.ts), and the next run recovers an interrupted one before it plans.
 * - Files without the @generated marker at generated paths belong to the user: never overwritten
 *   without `force`; a build context's own `.dockerignore` is left as it is.
 *
 * `writeProjectFiles` (at the end) writes `topograph deploy`'s files into a project directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Problem } from './graph/problems';
import { displayPath } from './paths';
import { isGenerated } from './render/marker';
import type { Target } from './synth';
import { fsProblem, isFsError, OutputError } from './output/errors';
import { compareWithGenerated, HEAD_BYTES, notRegularProblem } from './output/generated';
import { AfterCommitError, createStateDir, findLeftovers, type PlannedDelete, type PlannedWrite, recover, type RecoveryReport, runTransaction, sameIdentity } from './output/journal';
import { acquireLock, describeHolder, liveHolder, newRun, type RunInfo } from './output/lock';
import { contains, type FileIdentity, identityOf, kindOf, lstatIfExists, NotRegularError, readRegular, realPathOf, sha256, TEMP_SUFFIX } from './output/safe-fs';
import { byName, compareStrings } from './sort';

export { OutputError } from './output/errors';
export type { RecoveryReport } from './output/journal';

/** What writing does to one file; `kept` and `skipped` files are the user's and stay untouched. */
export type FileStatus = 'created' | 'updated' | 'unchanged' | 'deleted' | 'kept' | 'skipped';

/** What writing did (or would do) to one file. */
export interface FileChange {
  /** Path relative to the output directory (POSIX); a directory of the user's ends with "/". */
  readonly path: string;
  /** What happened to it: created, updated, unchanged, deleted, kept (a user file) or skipped. */
  readonly status: FileStatus;
  /** Why, for `kept` and `skipped`. */
  readonly reason?: string;
}

/** Options for `writeFiles` and `planWrite`. */
export interface WriteOptions {
  /** Overwrite files at generated paths even when the user wrote them. @default false */
  readonly force?: boolean;
  /**
   * The targets `files` holds: only generated files of these targets are deleted when no longer
   * produced; those of other targets stay as they are and are not reported. @default every target
   */
  readonly targets?: readonly Target[];
  /** Which target a path belongs to. @default by the output layout (docker/Dockerfile.* and .dockerignore: docker; docker/*: compose; else k8s) */
  readonly targetOf?: (relativePath: string) => Target;
  /** Called once every new file is written in full and before the commit point (tests fail or stop here). @default none */
  readonly beforeCommit?: () => void;
  /** @deprecated the old name of `beforeCommit`. @default none */
  readonly beforeSwap?: () => void;
  /** Seconds to wait for another run that holds the output directory's lock. @default $TOPOGRAPH_LOCK_TIMEOUT, else 30 */
  readonly lockTimeout?: number;
  /** Called once when another run holds the lock and this one starts waiting, with who holds it. @default none */
  readonly onLockWait?: (holder: string) => void;
  /** Called when this run completed or undid an interrupted earlier run before writing. @default none */
  readonly onRecover?: (report: RecoveryReport) => void;
  /** What the run is, recorded in the lock and journal for messages. @default "topograph synth" */
  readonly command?: string;
}

/** A user file that stands where topograph would write. */
export class ConflictError extends Error {
  constructor(public readonly paths: readonly string[]) {
    super(
      `Refusing to overwrite ${paths.length === 1 ? 'a file' : `${paths.length} files`} topograph did not generate:\n` +
        paths.map((p) => `  ${p}`).join('\n') +
        '\nAction: move them away, add them to another directory, or re-run with --force to overwrite them',
    );
    this.name = 'ConflictError';
  }
}

/** The directory topograph keeps its state in, inside the output directory. */
export const STATE_DIR = '.topograph';
/** The manifest of the output, inside STATE_DIR. */
export const MANIFEST_FILE = 'manifest.json';

/** Executable files: the helper scripts. */
export function fileMode(relativePath: string): number {
  return relativePath.endsWith('.sh') ? 0o755 : 0o644;
}

/** Whether a key points outside the output directory (a build context's .dockerignore). */
export function isOutside(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith('../') || path.isAbsolute(relativePath);
}

/** The target of a generated path, by the output layout of `synthFiles`. */
export function targetOfPath(relativePath: string): Target {
  if (isOutside(relativePath) || path.posix.basename(relativePath) === '.dockerignore') return 'docker';
  const parts = relativePath.split('/');
  for (let i = 0; i < Math.min(2, parts.length - 1); i++) {
    if (parts[i] === 'kubernetes') return 'k8s';
    if (parts[i] === 'docker') return parts.length === i + 2 && parts[i + 1].startsWith('Dockerfile.') ? 'docker' : 'compose';
  }
  return 'k8s';
}

const ALL_TARGETS: readonly Target[] = ['docker', 'compose', 'k8s'];

/** One generated file as the manifest records it. */
interface ManifestEntry extends FileIdentity {
  readonly sha256: string;
  readonly target: Target;
  /** The run that wrote this content. */
  readonly run: string;
}

/** `.topograph/manifest.json`. */
interface Manifest {
  readonly topograph: 1;
  /** The run that wrote the manifest. */
  readonly run: string;
  /** Every generated file (paths relative to the output directory; a build context's .dockerignore starts with ../). */
  readonly files: Record<string, ManifestEntry>;
  /** Directories topograph created in the output directory: removed when they no longer hold anything. */
  readonly dirs: readonly string[];
}

function readManifest(stateDir: string, show: (p: string) => string): Manifest | undefined {
  const file = path.join(stateDir, MANIFEST_FILE);
  const stat = lstatIfExists(file);
  if (!stat) return undefined;
  try {
    const manifest = JSON.parse(readRegular(file).content.toString('utf8')) as Manifest;
    if (manifest.topograph !== 1 || typeof manifest.files !== 'object' || !Array.isArray(manifest.dirs)) throw new Error('unknown format');
    return { ...manifest, files: Object.assign(Object.create(null), manifest.files) };
  } catch (error) {
    throw new OutputError([
      {
        message: `The manifest of the output is unreadable: ${show(file)}`,
        value: error instanceof Error ? error.message.split('\n')[0] : String(error),
        expected: 'the JSON file topograph wrote there',
        action: `Remove ${show(file)}: the next run then recognises the output by the @generated marker in its files`,
      },
    ]);
  }
}

function serializeManifest(manifest: Manifest): string {
  const files = Object.keys(manifest.files)
    .sort()
    .map((p) => `    ${JSON.stringify(p)}: ${JSON.stringify(manifest.files[p])}`);
  return `{\n  "topograph": 1,\n  "run": ${JSON.stringify(manifest.run)},\n  "files": {\n${files.join(',\n')}\n  },\n  "dirs": ${JSON.stringify([...manifest.dirs].sort())}\n}\n`;
}

/** The output directory, resolved and checked. */
interface Root {
  /** Absolute, symbolic links resolved. */
  readonly dir: string;
  /** As the user named it (absolute), for messages. */
  readonly given: string;
  readonly exists: boolean;
  readonly show: (absolute: string) => string;
}

function refuse(problems: Problem[]): never {
  throw new OutputError(problems);
}

/**
 * Resolves `outdir` (symbolic links included) and refuses what can never be an output directory:
 * something that is not a directory, the filesystem root, the home directory or one holding it,
 * the working directory or one holding it.
 */
function resolveRoot(outdir: string): Root {
  const given = path.resolve(outdir);
  const cwd = process.cwd();
  const show = (absolute: string) => displayPath(cwd, absolute);
  const expected = 'an empty or new directory, or one holding topograph output';
  const stat = lstatIfExists(given);
  if (stat?.isSymbolicLink()) {
    let target: fs.Stats | undefined;
    try {
      target = fs.statSync(given);
    } catch {
      target = undefined;
    }
    if (!target) refuse([{ message: `The output directory ${show(given)} is a symbolic link to nothing`, value: fs.readlinkSync(given), expected, action: 'Point --out at a real directory' }]);
    if (!target.isDirectory()) refuse([{ message: `The output directory ${show(given)} is a symbolic link to ${kindOf(target)}, not a directory`, value: fs.readlinkSync(given), expected, action: 'Choose another --out, e.g. --out dist' }]);
  } else if (stat && !stat.isDirectory()) {
    refuse([
      {
        message: `The output directory ${show(given)} is ${kindOf(stat)}, not a directory`,
        value: show(given),
        expected,
        action: `Choose another --out (e.g. --out dist), or move ${show(given)} away; topograph never replaces it`,
      },
    ]);
  }
  let dir: string;
  try {
    dir = realPathOf(given);
  } catch (error) {
    refuse([fsProblem(error, show(given), 'resolve the output directory')]);
  }
  const why = (reason: string): never =>
    refuse([{ message: `Refusing to use ${show(given)} as the output directory: ${reason}`, value: dir === given ? show(given) : `${show(given)} → ${dir}`, expected, action: 'Choose another --out, e.g. --out dist' }]);
  if (path.dirname(dir) === dir) why('it is the filesystem root');
  const home = process.env.HOME ? safeRealPath(process.env.HOME) : undefined;
  if (home && dir === home) why('it is your home directory');
  if (home && contains(dir, home)) why('it contains your home directory');
  const realCwd = safeRealPath(cwd) ?? cwd;
  if (contains(dir, realCwd)) why('it is the working directory or contains it');
  return { dir, given, exists: stat !== undefined, show };
}

function safeRealPath(p: string): string | undefined {
  try {
    return fs.realpathSync(path.resolve(p));
  } catch {
    return undefined;
  }
}


function headIsGenerated(file: string): boolean {
  try {
    return isGenerated(readRegular(file, HEAD_BYTES).content.toString('utf8'));
  } catch {
    return false;
  }
}

/**
 * Whether an output directory without a manifest may be written: it is empty, or holds output of
 * an earlier topograph (a file at a generated path, or directly in docker/ or kubernetes/, carries
 * the @generated marker). Returns the refusal otherwise.
 */
function adoptionProblem(root: Root, files: Readonly<Record<string, string>>): Problem | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync(root.dir).filter((e) => e !== STATE_DIR);
  } catch (error) {
    return fsProblem(error, root.show(root.dir), 'read the output directory');
  }
  if (entries.length === 0) return undefined;
  const inside = Object.keys(files).filter((p) => !isOutside(p));
  for (const rel of inside) {
    const stat = lstatIfExists(path.join(root.dir, rel));
    if (stat?.isFile() && headIsGenerated(path.join(root.dir, rel))) return undefined;
  }
  const layoutDirs = new Set(['docker', 'kubernetes']);
  for (const rel of inside) {
    const parts = rel.split('/');
    if (parts.length > 2) layoutDirs.add(`${parts[0]}/${parts[1]}`);
  }
  for (const dir of layoutDirs) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(root.dir, dir)).slice(0, 200);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(root.dir, dir, name);
      if (lstatIfExists(file)?.isFile() && headIsGenerated(file)) return undefined;
    }
  }
  const shown = entries.sort().slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  return {
    message: `Refusing to write into ${root.show(root.given)}: it is not empty and holds no topograph output (no ${STATE_DIR}/${MANIFEST_FILE}, no generated file)`,
    value: shown,
    expected: 'an empty or new directory, or one holding topograph output',
    action: `Choose another --out (e.g. --out dist), or move what is in ${root.show(root.given)} elsewhere; topograph never writes among files it does not know`,
  };
}

/** The plan of one write, and what it changes. */
interface WritePlan {
  readonly changes: FileChange[];
  readonly conflicts: string[];
  readonly unsafe: Problem[];
  readonly writes: PlannedWrite[];
  readonly deletes: PlannedDelete[];
  readonly rmdirs: string[];
  /** The new manifest, given the identities of the files written. */
  readonly manifest: (written: ReadonlyMap<string, FileIdentity>) => Manifest;
}

interface PlanOptions {
  readonly force: boolean;
  readonly targets: ReadonlySet<Target>;
  readonly targetOf: (rel: string) => Target;
  readonly run: string;
}

/** Everything the write would do, from the manifest (when there is one) and the disk, without changing anything. */
function plan(root: Root, files: Readonly<Record<string, string>>, manifest: Manifest | undefined, options: PlanOptions): WritePlan {
  const changes: FileChange[] = [];
  const conflicts: string[] = [];
  const unsafe: Problem[] = [];
  const writes: PlannedWrite[] = [];
  const deletes: PlannedDelete[] = [];
  const entries = new Map<string, { sha256: string; target: Target; run?: string; identity?: FileIdentity }>();
  // A build context's .dockerignore (../…) is relative to the output directory as named: when that
  // is a symbolic link, its real location is elsewhere, and the transaction's base is the real one.
  const locate = (rel: string) => (isOutside(rel) ? path.resolve(root.given, rel) : path.resolve(root.dir, rel));
  const baseRelative = (rel: string) => (isOutside(rel) ? path.relative(root.dir, locate(rel)) : rel);
  const show = (rel: string) => root.show(locate(rel));
  const generatedKeys = new Set(Object.keys(files));
  const missingDirs = new Set<string>();

  // Directories between the output directory and a generated file: real directories only.
  const dirState = new Map<string, 'ok' | 'missing' | 'bad'>();
  const checkDir = (rel: string): 'ok' | 'missing' | 'bad' => {
    if (rel === '' || rel === '.') return root.exists || lstatIfExists(root.dir) ? 'ok' : 'missing';
    const known = dirState.get(rel);
    if (known) return known;
    let state = checkDir(path.posix.dirname(rel));
    if (state === 'ok') {
      try {
        const stat = lstatIfExists(path.join(root.dir, rel));
        if (!stat) state = 'missing';
        else if (stat.isSymbolicLink()) {
          unsafe.push({ message: `${show(rel)} is a symbolic link: topograph writes only into real directories inside the output directory`, value: `${show(rel)} → ${fs.readlinkSync(path.join(root.dir, rel))}`, action: `Replace ${show(rel)} by a real directory, or choose another --out` });
          state = 'bad';
        } else if (!stat.isDirectory()) {
          unsafe.push({ message: `${show(rel)} is ${kindOf(stat)} where topograph writes a directory of generated files`, value: show(rel), action: `Move ${show(rel)} away, or choose another --out` });
          state = 'bad';
        }
      } catch (error) {
        unsafe.push(fsProblem(error, show(rel), 'read'));
        state = 'bad';
      }
    }
    if (state === 'missing') missingDirs.add(rel);
    dirState.set(rel, state);
    return state;
  };

  for (const rel of Object.keys(files).sort()) {
    const content = files[rel];
    const hash = sha256(content);
    const mode = fileMode(rel);
    const target = options.targetOf(rel);
    const outside = isOutside(rel);
    const file = locate(rel);
    const write = () => writes.push({ path: baseRelative(rel), content, mode });
    if (outside) {
      let parent: fs.Stats | undefined;
      try {
        parent = fs.statSync(path.dirname(file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          unsafe.push(fsProblem(error, show(path.posix.dirname(rel)), 'read the build context'));
          continue;
        }
      }
      if (parent && !parent.isDirectory()) {
        unsafe.push({ message: `The build context ${show(path.posix.dirname(rel))} is ${kindOf(parent)}, not a directory`, value: show(path.posix.dirname(rel)), action: 'Point build.context at the directory of the service sources' });
        continue;
      }
    } else {
      const state = checkDir(path.posix.dirname(rel));
      if (state === 'bad') continue;
      if (state === 'missing') {
        changes.push({ path: rel, status: 'created' });
        entries.set(rel, { sha256: hash, target });
        write();
        continue;
      }
    }
    let stat: fs.Stats | undefined;
    try {
      stat = lstatIfExists(file);
    } catch (error) {
      unsafe.push(fsProblem(error, show(rel), 'read'));
      continue;
    }
    if (!stat) {
      changes.push({ path: rel, status: 'created' });
      entries.set(rel, { sha256: hash, target });
      write();
      continue;
    }
    if (!stat.isFile()) {
      const what = outside ? `The .dockerignore of a build context, ${show(rel)},` : `${show(rel)}, a path topograph generates,`;
      unsafe.push(notRegularProblem(what, show(rel), stat, stat.isSymbolicLink() ? fs.readlinkSync(file) : undefined));
      continue;
    }
    const previous = manifest?.files[rel];
    const identity = identityOf(stat);
    if (previous && sameIdentity(identity, previous)) {
      // Still exactly what topograph wrote: decided from the manifest, without reading it.
      if (previous.sha256 === hash && identity.mode === mode) {
        changes.push({ path: rel, status: 'unchanged' });
        entries.set(rel, { sha256: hash, target, run: previous.run, identity });
      } else {
        changes.push({ path: rel, status: 'updated' });
        entries.set(rel, { sha256: hash, target });
        write();
      }
      continue;
    }
    let existing: Buffer;
    try {
      existing = readRegular(file).content;
    } catch (error) {
      if (error instanceof NotRegularError) unsafe.push({ message: `${show(rel)} changed into ${error.kind} while topograph was reading it`, value: show(rel), action: 'Make sure nothing else changes the output directory at the same time, then run again' });
      else unsafe.push(fsProblem(error, show(rel), 'read'));
      continue;
    }
    const comparison = compareWithGenerated(existing, identity.mode === mode, content);
    if (comparison === 'unchanged') {
      changes.push({ path: rel, status: 'unchanged' });
      entries.set(rel, { sha256: hash, target, run: previous?.run ?? options.run, identity });
    } else if (comparison === 'updated') {
      changes.push({ path: rel, status: 'updated' });
      entries.set(rel, { sha256: hash, target });
      write();
    } else if (outside) {
      changes.push({ path: rel, status: 'skipped', reason: 'your own file: left as it is' });
    } else {
      conflicts.push(rel);
      changes.push({ path: rel, status: 'updated' });
      entries.set(rel, { sha256: hash, target });
      write();
    }
  }

  // Generated files no longer produced, and what else is in the directories topograph writes.
  const ownDirs = new Set(manifest?.dirs ?? []);
  const reported = new Set(changes.map((c) => c.path));
  const deletedDirs = new Set<string>();
  const remove = (rel: string, stat: fs.Stats, hash: string) => {
    deletes.push({ path: rel, sha256: hash, identity: identityOf(stat) });
    changes.push({ path: rel, status: 'deleted' });
    reported.add(rel);
    for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) deletedDirs.add(d);
  };
  if (manifest) {
    for (const rel of Object.keys(manifest.files).sort()) {
      if (generatedKeys.has(rel)) continue;
      const previous = manifest.files[rel];
      if (isOutside(rel)) continue;
      if (!options.targets.has(previous.target)) {
        entries.set(rel, { sha256: previous.sha256, target: previous.target, run: previous.run, identity: previous });
        continue;
      }
      const file = path.join(root.dir, rel);
      let stat: fs.Stats | undefined;
      try {
        stat = checkDir(path.posix.dirname(rel)) === 'ok' ? lstatIfExists(file) : undefined;
      } catch (error) {
        unsafe.push(fsProblem(error, show(rel), 'read'));
        continue;
      }
      if (!stat) continue;
      if (stat.isFile() && sameIdentity(identityOf(stat), previous)) {
        remove(rel, stat, previous.sha256);
        continue;
      }
      let content: Buffer | undefined;
      try {
        content = stat.isFile() ? readRegular(file).content : undefined;
      } catch (error) {
        unsafe.push(fsProblem(error, show(rel), 'read'));
        continue;
      }
      if (content && (sha256(content) === previous.sha256 || isGenerated(content.subarray(0, HEAD_BYTES).toString('utf8')))) remove(rel, stat, sha256(content));
      else {
        changes.push({ path: rel, status: 'kept', reason: 'not generated by topograph (you changed it): left as it is' });
        reported.add(rel);
      }
    }
  }

  // Directories to look into: those topograph writes files into (for this run's targets); with no
  // manifest, the layout directories of the targets, where an earlier run's files may remain.
  const walkInto = new Set<string>(['.']);
  const addAncestors = (rel: string) => {
    for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) walkInto.add(d);
  };
  for (const rel of Object.keys(files)) if (!isOutside(rel)) addAncestors(rel);
  if (manifest) {
    for (const [rel, entry] of Object.entries(manifest.files)) if (!isOutside(rel) && options.targets.has(entry.target)) addAncestors(rel);
  }
  // Topology directories of an app with several topologies (`shop/docker/…`).
  const prefixes = new Set<string>(['']);
  for (const rel of Object.keys(files)) {
    const parts = rel.split('/');
    if (!isOutside(rel) && parts.length > 2 && parts[0] !== 'docker' && parts[0] !== 'kubernetes') prefixes.add(`${parts[0]}/`);
  }
  const scanRoots = new Set<string>();
  if (!manifest) {
    for (const prefix of prefixes) {
      if (options.targets.has('docker') || options.targets.has('compose')) scanRoots.add(`${prefix}docker`);
      if (options.targets.has('k8s')) scanRoots.add(`${prefix}kubernetes`);
    }
  }
  const ownedByOtherTargets = new Set<string>();
  if (manifest) {
    for (const [rel, entry] of Object.entries(manifest.files)) {
      if (isOutside(rel) || options.targets.has(entry.target)) continue;
      ownedByOtherTargets.add(rel);
      for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) ownedByOtherTargets.add(d);
    }
  }
  const underScanRoot = (rel: string) => [...scanRoots].some((r) => rel === r || rel.startsWith(`${r}/`));
  // Without a manifest, only the directories earlier versions wrote into are searched for their
  // files (docker/, docker/init/<dependency>/, kubernetes/, kubernetes/tools/): never a folder of
  // the user's, such as a bind-mounted database directory.
  const legacyDir = (rel: string) => {
    const inner = [...prefixes].reduce((r, p) => (p && r.startsWith(p) ? r.slice(p.length) : r), rel);
    return /^(docker(\/init(\/[^/]+)?)?|kubernetes(\/tools)?)$/.test(inner);
  };
  const walk = (relDir: string) => {
    const abs = relDir === '.' ? root.dir : path.join(root.dir, relDir);
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (walkInto.has(relDir) && relDir !== '.') unsafe.push(fsProblem(error, show(relDir), 'read'));
      else if (relDir === '.') unsafe.push(fsProblem(error, root.show(root.dir), 'read the output directory'));
      else changes.push({ path: `${relDir}/`, status: 'kept', reason: 'not generated by topograph (a directory topograph cannot read): left as it is' });
      return;
    }
    for (const dirent of dirents.sort(byName)) {
      const rel = relDir === '.' ? dirent.name : `${relDir}/${dirent.name}`;
      if (relDir === '.' && dirent.name === STATE_DIR) continue;
      if (reported.has(rel) || generatedKeys.has(rel) || (manifest && rel in manifest.files)) continue;
      if (ownedByOtherTargets.has(rel) && dirent.isDirectory()) continue;
      if (dirent.isDirectory()) {
        if (walkInto.has(rel) || (underScanRoot(rel) && legacyDir(rel))) walk(rel);
        else if (!(manifest && ownDirs.has(rel))) changes.push({ path: `${rel}/`, status: 'kept', reason: 'not generated by topograph: left as it is' });
        continue;
      }
      if (!manifest && dirent.isFile() && underScanRoot(rel) && options.targets.has(options.targetOf(rel))) {
        const file = path.join(root.dir, rel);
        if (headIsGenerated(file)) {
          try {
            const { content, stat } = readRegular(file);
            remove(rel, stat, sha256(content));
          } catch (error) {
            unsafe.push(fsProblem(error, show(rel), 'read'));
          }
          continue;
        }
      }
      if (!manifest && dirent.isFile() && underScanRoot(rel) && !options.targets.has(options.targetOf(rel)) && headIsGenerated(path.join(root.dir, rel))) continue;
      changes.push({ path: rel, status: 'kept', reason: 'not generated by topograph' });
    }
  };
  if (root.exists && checkDir('.') === 'ok') walk('.');

  // Directories topograph created that hold none of its files any more are removed (when empty).
  const live = new Set<string>();
  for (const rel of entries.keys()) if (!isOutside(rel)) for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) live.add(d);
  const candidates = manifest ? [...ownDirs] : [...deletedDirs];
  const rmdirs = candidates.filter((d) => !live.has(d)).sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? 1 : -1));
  const dirs = [...live].filter((d) => ownDirs.has(d) || missingDirs.has(d) || !manifest).sort();

  const build = (written: ReadonlyMap<string, FileIdentity>): Manifest => {
    const out: Record<string, ManifestEntry> = {};
    for (const rel of [...entries.keys()].sort()) {
      const entry = entries.get(rel)!;
      const identity = written.get(baseRelative(rel)) ?? entry.identity;
      if (!identity) continue;
      out[rel] = {
        sha256: entry.sha256,
        target: entry.target,
        run: written.has(baseRelative(rel)) ? options.run : (entry.run ?? options.run),
        size: identity.size,
        mtimeMs: identity.mtimeMs,
        ino: identity.ino,
        mode: identity.mode,
      };
    }
    return { topograph: 1, run: options.run, files: out, dirs };
  };

  changes.sort((a, b) => compareStrings(a.path, b.path));
  return { changes, conflicts, unsafe, writes, deletes, rmdirs, manifest: build };
}

function lockTimeoutOf(options: WriteOptions): number {
  if (options.lockTimeout !== undefined) return options.lockTimeout;
  const env = Number(process.env.TOPOGRAPH_LOCK_TIMEOUT);
  return Number.isFinite(env) && env >= 0 ? env : 30;
}

/** The final file a temporary name stands for, so messages name the file the user knows. */
function shownPathOf(file: string): string {
  const base = path.basename(file);
  if (!base.endsWith(TEMP_SUFFIX)) return file;
  const parts = base.slice(1, -TEMP_SUFFIX.length).split('.');
  return path.join(path.dirname(file), parts.slice(0, -2).join('.'));
}

const DOING: Record<string, string> = {
  open: 'write',
  write: 'write',
  read: 'read',
  scandir: 'read',
  lstat: 'read',
  stat: 'read',
  rename: 'replace',
  unlink: 'delete',
  rmdir: 'remove',
  mkdir: 'create the directory',
  link: 'create',
  fsync: 'write',
  fchmod: 'set the mode of',
};

/** A filesystem error of a write, as an OutputError naming the path and what to do. */
function asOutputError(error: unknown, root: Root, consequence: string): unknown {
  if (error instanceof AfterCommitError) {
    return new OutputError([
      {
        ...fsProblem(error.cause, root.show(shownPathOf(String((error.cause as NodeJS.ErrnoException)?.path ?? root.dir))), DOING[(error.cause as NodeJS.ErrnoException)?.syscall ?? ''] ?? 'write', 'the write was interrupted after its commit point'),
        action: `Fix the cause, then run topograph synth again: it completes the interrupted write first (${STATE_DIR}/journal-${error.record.owner.run}.json)`,
      },
    ]);
  }
  if (!isFsError(error)) return error;
  const where = error.path ? root.show(shownPathOf(error.path)) : root.show(root.dir);
  return new OutputError([fsProblem(error, where, DOING[error.syscall ?? ''] ?? 'write', consequence)]);
}

function checkStateDir(root: Root): void {
  const stateDir = path.join(root.dir, STATE_DIR);
  const stat = lstatIfExists(stateDir);
  if (stat && !stat.isDirectory()) {
    refuse([{ message: `${root.show(stateDir)} is ${kindOf(stat)}; topograph keeps its state in that directory`, value: root.show(stateDir), action: `Move ${root.show(stateDir)} away` }]);
  }
}

/**
 * Writes `files` (paths relative to `outdir`) and returns what changed. Throws, before changing
 * anything: ConflictError when a user's file stands at a generated path and `force` is off;
 * OutputError when the output directory cannot be used (not a directory, not topograph's, a
 * special file or symbolic link in the way, unreadable, a full disk, another run holding it).
 */
export function writeFiles(outdir: string, files: Readonly<Record<string, string>>, options: WriteOptions = {}): FileChange[] {
  const root = resolveRoot(outdir);
  checkStateDir(root);
  const me = newRun(options.command ?? 'topograph synth');
  const stateDir = path.join(root.dir, STATE_DIR);
  const createdDirs: string[] = [];
  let release: (() => void) | undefined;
  let finished = false;
  try {
    if (!root.exists) {
      for (let d = root.dir; !lstatIfExists(d); d = path.dirname(d)) createdDirs.unshift(d);
      fs.mkdirSync(root.dir, { recursive: true, mode: 0o755 });
    }
    if (!lstatIfExists(stateDir)) {
      const problem = adoptionProblem({ ...root, exists: true }, files);
      if (problem) refuse([problem]);
      createStateDir(stateDir);
    }
    release = acquireLock(stateDir, me, {
      timeoutSeconds: lockTimeoutOf(options),
      onWait: (holder) => options.onLockWait?.(describeHolder(holder)),
      show: root.show,
      what: root.show(root.given),
    });
    const report = recover(stateDir, root.dir, me);
    if (report.completed.length + report.undone.length > 0) options.onRecover?.(report);
    const manifest = readManifest(stateDir, root.show);
    if (!manifest) {
      const problem = adoptionProblem({ ...root, exists: true }, files);
      if (problem) refuse([problem]);
    }
    const result = plan({ ...root, exists: true }, files, manifest, {
      force: options.force ?? false,
      targets: new Set(options.targets ?? ALL_TARGETS),
      targetOf: options.targetOf ?? targetOfPath,
      run: me.run,
    });
    if (result.unsafe.length > 0) throw new OutputError(result.unsafe);
    if (result.conflicts.length > 0 && !options.force) throw new ConflictError(result.conflicts);
    const manifestRel = path.join(STATE_DIR, MANIFEST_FILE);
    const unchangedManifest = !result.writes.length && !result.deletes.length && manifest && serializeManifest({ ...result.manifest(new Map()), run: manifest.run }) === serializeManifest(manifest);
    if (!unchangedManifest) {
      runTransaction(stateDir, root.dir, me, {
        writes: result.writes,
        deletes: result.deletes,
        rmdirs: result.rmdirs,
        manifest: { path: manifestRel, build: (written) => serializeManifest(result.manifest(written)) },
        beforeCommit: options.beforeCommit ?? options.beforeSwap,
      });
    }
    finished = true;
    return result.changes;
  } catch (error) {
    throw asOutputError(error, root, 'nothing was changed');
  } finally {
    if (!finished && release && !lstatIfExists(path.join(stateDir, MANIFEST_FILE)) && noLeftovers(stateDir)) {
      // A first run that wrote nothing leaves nothing behind, not even its state directory.
      fs.rmSync(path.join(stateDir, '.gitignore'), { force: true });
    }
    release?.();
    if (!finished && !lstatIfExists(path.join(stateDir, MANIFEST_FILE))) {
      removeIfEmpty(stateDir);
      for (const dir of [...createdDirs].reverse()) removeIfEmpty(dir);
    }
  }
}

function noLeftovers(stateDir: string): boolean {
  try {
    const leftovers = findLeftovers(stateDir);
    return leftovers.pending.length + leftovers.journals.length === 0;
  } catch {
    return false;
  }
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or gone
  }
}

/** A run that did not finish, found by a read-only check. */
export interface InterruptedRun {
  /** The run's id, pid, host and start. */
  readonly owner: RunInfo;
  /** Whether it had reached its commit point (the next run completes it) or not (the next run undoes it). */
  readonly committed: boolean;
}

/** The result of `planWrite`. */
export interface WritePlanResult {
  /** What writing would do to each file. */
  changes: FileChange[];
  /** User files at generated paths (a write would refuse them without `force`). */
  conflicts: string[];
  /** Runs interrupted in this output directory: the next write completes or undoes them first. */
  interrupted: InterruptedRun[];
  /** A live run writing this output directory right now (pid, command, start), if any. */
  busy?: string;
}

/**
 * What writing `files` into `outdir` would change, without changing anything (no lock, no
 * recovery: an interrupted run is reported in `interrupted`). Throws OutputError for an output
 * directory that can never be used, or a special file or symbolic link at a generated path.
 */
export function planWrite(outdir: string, files: Readonly<Record<string, string>>, options: WriteOptions = {}): WritePlanResult {
  const root = resolveRoot(outdir);
  const stateDir = path.join(root.dir, STATE_DIR);
  try {
    checkStateDir(root);
    const leftovers = findLeftovers(stateDir);
    const holder = root.exists ? liveHolder(stateDir) : false;
    const manifest = root.exists ? readManifest(stateDir, root.show) : undefined;
    const result = plan(root, files, manifest, {
      force: options.force ?? false,
      targets: new Set(options.targets ?? ALL_TARGETS),
      targetOf: options.targetOf ?? targetOfPath,
      run: 'check',
    });
    if (result.unsafe.length > 0) throw new OutputError(result.unsafe);
    return {
      changes: result.changes,
      conflicts: result.conflicts,
      interrupted: [...leftovers.pending.map((r) => ({ owner: r.owner, committed: false })), ...leftovers.journals.map((r) => ({ owner: r.owner, committed: true }))],
      ...(holder !== false ? { busy: describeHolder(holder) } : {}),
    };
  } catch (error) {
    throw asOutputError(error, root, 'nothing was changed');
  }
}

/**
 * Completes or undoes an interrupted write in `outdir` (taking its lock), without writing
 * anything new. What every write does first; the kill test calls it to look at the state
 * recovery leaves.
 * @internal
 */
export function recoverOutput(outdir: string, options: Pick<WriteOptions, 'lockTimeout' | 'command'> = {}): RecoveryReport {
  const root = resolveRoot(outdir);
  const stateDir = path.join(root.dir, STATE_DIR);
  if (!lstatIfExists(stateDir)) return { completed: [], undone: [] };
  const me = newRun(options.command ?? 'topograph recover');
  const release = acquireLock(stateDir, me, { timeoutSeconds: lockTimeoutOf(options), show: root.show, what: root.show(root.given) });
  try {
    return recover(stateDir, root.dir, me);
  } catch (error) {
    throw asOutputError(error, root, 'recovery stopped');
  } finally {
    release();
  }
}

/**
 * Staging trees an older topograph (one that rebuilt the output beside it and swapped it in) left
 * beside `outdir` when it was killed: `.<name>.topograph-*`. They may hold a copy of docker/.env or
 * the only copy of a directory, so they are reported, never deleted automatically.
 * @internal
 */
export function legacyLeftovers(outdir: string): string[] {
  const given = path.resolve(outdir);
  try {
    return fs.readdirSync(path.dirname(given)).filter((n) => n.startsWith(`.${path.basename(given)}.topograph-`)).sort().map((n) => path.join(path.dirname(given), n));
  } catch {
    return [];
  }
}

// ---- Writing into a project directory (`topograph deploy`) ----
//
// Unlike an output directory, the directory is the user's own, so the output-directory semantics
// above do not apply: it is never empty and is often the working directory; nothing in it is
// topograph's but the files listed, so nothing is deleted and no manifest is kept; and some paths
// are the user's by nature (a health module: skipped even with force). What is the same: each file
// is decided as above (compareWithGenerated), a file the user wrote at a generated path stops the
// whole write with a ConflictError (unless `force`), and the write is all-or-nothing with exclusive
// temporary files, a journal in `<project>/.topograph/` (removed once done) and one run at a time.

/** Options for `writeProjectFiles` and `planProjectWrite`. */
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
