import * as fs from 'node:fs';
import * as path from 'node:path';
import { DNS_LABEL } from '../../graph/schema';
import { CliError } from '../errors';
import type { Command } from 'commander';
import { type Bind, type CliIO, EXIT, type GlobalOptions, Style } from '../io';
import { DEFAULT_GRAPH } from '../load-topology';
import { starterGraph } from '../starter';
import { CDK8S_SYNTH, typescriptStarter } from '../starter-typescript';
import { type InstallSpec, installSpecOf, isDirectorySpec, ownPackage } from '../own-package';

/** Options of `topograph init`. */
export interface InitCommandOptions extends GlobalOptions {
  /** Topology name. @default the directory name */
  readonly name?: string;
  /** Scaffold a TypeScript infra repo (constructs, cdk8s, jest) instead of a graph file. @default false */
  readonly typescript?: boolean;
  /** npm spec of topograph the TypeScript scaffold depends on. @default a file: spec to this copy: its checkout, or the tarball it was installed from */
  readonly topographSpec?: string;
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

/** Adds `init`, its argument and its options to the program. */
export function addInitCommand(program: Command, bind: Bind): void {
  program
    .command('init')
    .description('write a commented starter topology-graph.json, or with --typescript a TypeScript infra repo (never overwrites)')
    .argument('[directory]', 'where to write (created when missing)', undefined)
    .option('-n, --name <name>', 'topology name (default: the directory name)')
    .option('--typescript', 'scaffold a TypeScript infra repo instead: constructs in code, cdk8s synth, jest snapshot test')
    .option('--topograph-spec <spec>', 'with --typescript: the npm spec of topograph to depend on (default: a file: spec to this copy of topograph, its checkout or the tarball it was installed from)')
    .addHelpText('after', '\nExamples:\n  topograph init\n  topograph init --name shop\n  topograph init --typescript my-infra --name shop')
    .action(bind((c, io) => initCommand(c.optsWithGlobals(), io, c.args[0])));
}

/** `topograph init [directory]`: a starter graph, or with --typescript a starter infra repo. Never overwrites. */
export function initCommand(options: InitCommandOptions, io: CliIO, directory?: string): number {
  const dir = path.resolve(io.cwd, directory ?? '.');
  const name = options.name ?? defaultName(dir);
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
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new CliError([
      { message: 'Not a directory', value: dir, expected: 'a directory to write the starter files into', action: 'Pass a directory (it is created when missing)' },
    ]);
  }
  if (options.typescript) return initTypescript(name, dir, options, io);
  if (directory !== undefined) fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, DEFAULT_GRAPH);
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
  const schema = installedSchema(dir);
  fs.writeFileSync(file, starterGraph(name, schema), { flag: 'wx' });
  if (options.json) io.stdout(`${JSON.stringify({ ok: true, command: 'init', created: [DEFAULT_GRAPH], name, schema: schema ?? null }, null, 2)}\n`);
  else if (!options.quiet) {
    const editor = schema
      ? ''
      : `  (For completion in your editor, install topograph in this project and add\n   "$schema": "./node_modules/topograph/${SCHEMA_IN_PACKAGE}".)\n`;
    io.stdout(
      `${new Style(io).green('✓')} Created ${DEFAULT_GRAPH} (topology '${name}')\n\nNext steps:\n  1. Edit ${DEFAULT_GRAPH}: your services, dependencies and edges\n  2. topograph validate\n  3. topograph synth    # writes dist/docker and dist/kubernetes\n${editor}`,
    );
  }
  return EXIT.OK;
}

/** Where the graph's JSON Schema is inside the topograph package. */
const SCHEMA_IN_PACKAGE = 'schemas/topology-graph.schema.json';

/**
 * The `$schema` reference for a file written in `dir`: the schema (`schemas/…` in the package) of a
 * topograph installed in the project (node_modules in `dir` or above it, as Node would find it),
 * relative to `dir`; undefined when there is none (a reference to this running copy would hold a
 * machine-specific path).
 */
export function installedSchema(dir: string, schema: string = SCHEMA_IN_PACKAGE): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', 'topograph', ...schema.split('/'));
    if (fs.existsSync(candidate)) {
      const rel = path.relative(dir, candidate).split(path.sep).join('/');
      return rel.startsWith('.') ? rel : `./${rel}`;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** How the summary explains the topograph spec the scaffold depends on. */
const SPEC_SOURCES: Record<InstallSpec['source'] | 'option', string> = {
  checkout: 'the checkout this topograph runs from',
  tarball: 'the tarball this topograph was installed from',
  'package-directory': 'the installed package this topograph runs from (npm did not record a tarball)',
  option: 'as given with --topograph-spec',
};

function initTypescript(name: string, dir: string, options: InitCommandOptions, io: CliIO): number {
  const own = ownPackage();
  const install: Omit<InstallSpec, 'source'> & { readonly source: InstallSpec['source'] | 'option' } = options.topographSpec
    ? { spec: options.topographSpec, source: 'option', isDirectory: isDirectorySpec(options.topographSpec) }
    : installSpecOf(own);
  const files = typescriptStarter(name, {
    topograph: install.spec,
    packages: { ...(own.devDependencies ?? {}), ...own.dependencies },
  });
  const existing = Object.keys(files).filter((rel) => fs.existsSync(path.join(dir, rel))).sort();
  if (existing.length > 0) {
    throw new CliError([
      {
        message: `Refusing to overwrite ${existing.length === 1 ? 'a file' : `${existing.length} files`} in ${dir}`,
        value: existing.join(', '),
        expected: 'a directory without any of the starter files',
        action: 'Run init --typescript in a new or empty directory (e.g. topograph init --typescript my-infra)',
      },
    ]);
  }
  // Write everything or nothing: a failure part-way removes what this run created.
  const created: string[] = [];
  try {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, { flag: 'wx' });
      created.push(file);
    }
  } catch (error) {
    for (const file of created) fs.rmSync(file, { force: true });
    throw new CliError([
      {
        message: `Could not write the starter files: ${(error as Error).message.split('\n')[0]}`,
        value: dir,
        expected: 'a writable directory',
        action: 'Check the permissions of the directory, or pick another one',
      },
    ]);
  }
  const list = Object.keys(files);
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: true, command: 'init', created: list, name, directory: dir, topograph: { spec: install.spec, source: install.source } }, null, 2)}\n`);
  } else if (!options.quiet) {
    const relative = path.relative(io.cwd, dir);
    const cd = relative.startsWith('..') ? dir : relative;
    io.stdout(
      [
        `${new Style(io).green('✓')} Created a TypeScript infra repo for topology '${name}':`,
        ...list.map((f) => `  ${f}`),
        '',
        `It depends on "topograph": "${install.spec}"`,
        `  (${SPEC_SOURCES[install.source]}; topograph is not on the npm registry${install.source === 'option' ? '' : '; choose another with --topograph-spec'}).`,
        '',
        'Next steps:',
        ...(cd ? [`  cd ${cd}`] : []),
        '  npm install',
        `  ${CDK8S_SYNTH}   # writes dist/docker and dist/kubernetes`,
        `  ${'npm test'.padEnd(CDK8S_SYNTH.length)}   # snapshot + assertions (the first run writes the snapshot)`,
        '',
      ].join('\n'),
    );
  }
  return EXIT.OK;
}
