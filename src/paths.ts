import * as path from 'node:path';

/** A path as the user should read it: relative to `cwd` when inside it, else absolute. */
export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

/** A native path in POSIX form, as generated files spell paths. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
