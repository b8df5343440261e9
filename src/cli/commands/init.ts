import * as fs from 'node:fs';
import * as path from 'node:path';
import { DNS_LABEL } from '../../graph/schema';
import { CliError } from '../errors';
import { type CliIO, EXIT, type GlobalOptions, Style } from '../io';
import { DEFAULT_GRAPH } from '../load-topology';
import { starterGraph } from '../starter';

export interface InitCommandOptions extends GlobalOptions {
  readonly name?: string;
}

/** The working directory's name as a DNS label, or "my-topology". */
export function defaultName(cwd: string): string {
  const slug = path
    .basename(cwd)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return DNS_LABEL.test(slug) ? slug : 'my-topology';
}

export function initCommand(options: InitCommandOptions, io: CliIO): number {
  const name = options.name ?? defaultName(io.cwd);
  if (!DNS_LABEL.test(name)) {
    throw new CliError([
      {
        message: 'Invalid topology name',
        value: JSON.stringify(name),
        expected: 'a lower-case DNS label: a-z, 0-9 and "-", starting with a letter, at most 63 characters',
        action: 'Pass another --name, e.g. --name shop',
      },
    ]);
  }
  const file = path.join(io.cwd, DEFAULT_GRAPH);
  if (fs.existsSync(file)) {
    throw new CliError([
      {
        message: `${DEFAULT_GRAPH} already exists`,
        value: file,
        expected: 'a directory without a topology graph',
        action: 'Edit the existing file, or run init in another directory',
      },
    ]);
  }
  fs.writeFileSync(file, starterGraph(name), { flag: 'wx' });
  if (options.json) io.stdout(`${JSON.stringify({ ok: true, command: 'init', created: [DEFAULT_GRAPH], name }, null, 2)}\n`);
  else if (!options.quiet) {
    io.stdout(
      `${new Style(io).green('✓')} Created ${DEFAULT_GRAPH} (topology '${name}')\n\nNext steps:\n  1. Edit ${DEFAULT_GRAPH}: your services, dependencies and edges\n  2. topograph validate\n  3. topograph synth    # writes dist/docker and dist/kubernetes\n`,
    );
  }
  return EXIT.OK;
}
