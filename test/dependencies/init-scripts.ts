/** Runs a generated init script under bash against a fake client that records its arguments and stdin. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ScriptRun {
  readonly status: number | null;
  readonly stderr: string;
  readonly stdout: string;
  /** The fake client's arguments, one per element; undefined when it never ran. */
  readonly argv?: string[];
  readonly stdin?: string;
  /** Files named by `--defaults-extra-file=` arguments, read while the client ran. */
  readonly optionFile?: string;
}

/** Runs `script` (executed, or sourced as the images' entrypoints do) with `client` faked. */
export function runScript(script: string, client: string, env: Record<string, string>, mode: 'execute' | 'source' = 'execute'): ScriptRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-init-'));
  fs.writeFileSync(path.join(dir, 'init.sh'), script, { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(
    path.join(dir, 'bin', client),
    [
      '#!/usr/bin/env bash',
      `printf '%s\\0' "$@" > "${dir}/argv"`,
      'for a in "$@"; do case $a in --defaults-extra-file=*) cat "${a#--defaults-extra-file=}" > "' + dir + '/options";; esac; done',
      `cat > "${dir}/stdin"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const command = mode === 'execute' ? [path.join(dir, 'init.sh')] : ['-c', `set -Eeo pipefail; . ${path.join(dir, 'init.sh')}; echo sourced-ok`];
  const result = spawnSync('bash', ['--norc', '--noprofile', ...command], { encoding: 'utf8', env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, ...env } });
  const read = (name: string) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : undefined);
  const argv = read('argv');
  const run = { status: result.status, stderr: result.stderr, stdout: result.stdout, argv: argv?.split('\0').slice(0, -1), stdin: read('stdin'), optionFile: read('options') };
  fs.rmSync(dir, { recursive: true, force: true });
  return run;
}
