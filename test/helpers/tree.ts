/** Snapshots of a directory tree for before/after comparisons in the output-safety tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Options for `treeOf`. */
export interface TreeOptions {
  /** Record inode, owner and link count too (proves an entry was left in place, not copied). */
  readonly identity?: boolean;
  /** Entries (relative paths) not to look into. */
  readonly skip?: (rel: string) => boolean;
}

/** Every entry below `dir`: type, mode, content of files, target of links (and identity on request). */
export function treeOf(dir: string, options: TreeOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string, prefix: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(current).sort();
    } catch {
      out[`${prefix}/*`] = 'unreadable';
      return;
    }
    for (const name of names) {
      const file = path.join(current, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (options.skip?.(rel)) continue;
      const stat = fs.lstatSync(file);
      const id = options.identity ? ` ino=${stat.ino} uid=${stat.uid} gid=${stat.gid} nlink=${stat.nlink}` : '';
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isDirectory()) {
        out[`${rel}/`] = `dir ${mode}${id}`;
        walk(file, rel);
      } else if (stat.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(file)}${id}`;
      else if (stat.isFile()) out[rel] = `file ${mode}${id} ${fs.readFileSync(file).toString('base64')}`;
      else out[rel] = `${stat.isFIFO() ? 'fifo' : stat.isSocket() ? 'socket' : 'special'} ${mode}${id}`;
    }
  };
  walk(dir, '');
  return out;
}

/** Every path below `dir` whose name says topograph left it there (temporaries, journals, old staging trees). */
export function leftoversIn(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string, prefix: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(current);
    } catch {
      return;
    }
    for (const name of names) {
      const rel = prefix ? `${prefix}/${name}` : name;
      const file = path.join(current, name);
      // Temporaries (.x.<run>.<random>.topograph-tmp), old staging trees (.out.topograph-*), journals, locks.
      if (name.includes('.topograph-') || /^(pending|journal)-/.test(name) || (path.basename(current) === '.topograph' && (name === 'lock' || name.startsWith('lock.')))) found.push(rel);
      if (fs.lstatSync(file).isDirectory()) walk(file, rel);
    }
  };
  walk(dir, '');
  return found.sort();
}
