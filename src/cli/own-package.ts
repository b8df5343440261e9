/**
 * The topograph package this CLI runs from, and the npm spec that installs that same copy into a
 * new project (`init --typescript`). topograph is not on the npm registry, so a `^0.1.0` spec would
 * not install; what installs is a `file:` spec to the checkout, or to the tarball this copy was
 * installed from when npm recorded it (README "Install").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** topograph's own package.json, as far as the scaffold needs it. */
export interface OwnPackage {
  /** Where it is (symlinks resolved). */
  readonly dir: string;
  readonly version: string;
  readonly dependencies: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/** How a new project installs the running topograph. */
export interface InstallSpec {
  /** The npm spec, e.g. `file:/home/me/topograph-0.1.0.tgz`. */
  readonly spec: string;
  /** What it points at: a checkout (a directory not inside node_modules), the tarball npm installed this copy from, or the installed package directory. */
  readonly source: 'checkout' | 'tarball' | 'package-directory';
  /** Whether the spec is a directory: npm then needs `install-links=true` to copy it rather than link it (one copy of constructs). */
  readonly isDirectory: boolean;
}

/** topograph's package.json: the nearest one above this file (lib/src/cli or src/cli). */
export function ownPackage(from: string = __dirname): OwnPackage {
  for (let dir = fs.realpathSync(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<OwnPackage, 'dir'>;
      return { ...pkg, dir };
    }
    if (path.dirname(dir) === dir) throw new Error('topograph package.json not found');
  }
}

/**
 * The spec that installs `pkg` elsewhere: the checkout itself; for a copy installed by npm, the
 * tarball its project's lockfile says it came from (when that file still exists), else the
 * installed directory.
 */
export function installSpecOf(pkg: Pick<OwnPackage, 'dir'>): InstallSpec {
  const parts = pkg.dir.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return { spec: `file:${pkg.dir}`, source: 'checkout', isDirectory: true };
  const root = parts.slice(0, at).join(path.sep) || path.sep;
  const key = path.relative(root, pkg.dir).split(path.sep).join('/');
  for (const lockfile of [path.join(root, 'node_modules', '.package-lock.json'), path.join(root, 'package-lock.json')]) {
    let resolved: unknown;
    try {
      resolved = (JSON.parse(fs.readFileSync(lockfile, 'utf8')) as { packages?: Record<string, { resolved?: unknown }> }).packages?.[key]?.resolved;
    } catch {
      continue;
    }
    if (typeof resolved === 'string' && resolved.startsWith('file:') && /\.t(ar\.)?gz$/.test(resolved)) {
      const tarball = path.resolve(root, resolved.slice('file:'.length));
      if (fs.existsSync(tarball)) return { spec: `file:${tarball}`, source: 'tarball', isDirectory: false };
    }
  }
  return { spec: `file:${pkg.dir}`, source: 'package-directory', isDirectory: true };
}

/** Whether an npm spec names a local directory (`file:` not ending in a tarball extension). */
export function isDirectorySpec(spec: string): boolean {
  return spec.startsWith('file:') && !/\.t(ar\.)?gz$/.test(spec);
}
