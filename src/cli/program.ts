/**
 * The topograph command line. `run(argv, io)` is the whole CLI as a function returning the exit
 * code: 0 ok, 1 invalid input / drift / refused, 2 usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { formatProblems, type Problem, TopologyError } from '../graph/problems';
import { graphCommand } from './commands/graph';
import { initCommand } from './commands/init';
import { lintCommand } from './commands/lint';
import { synthCommand, TARGET_CHOICES } from './commands/synth';
import { validateCommand } from './commands/validate';
import { addDeployCommand } from './commands/deploy';
import { DIAGRAM_FORMATS } from '../render/diagram';
import { CliError } from './errors';
import { commandIn, jsonRequested, usageProblem } from './usage';
import { terminalOutput } from '../escape/terminal';
import { type CliIO, EXIT, Style } from './io';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../../package.json').version;

type Action = (command: Command, io: CliIO) => number | Promise<number>;

/** Commands contributed by other modules (deploy). */
const extraCommands: Array<(program: Command, bind: (action: Action) => (...args: unknown[]) => Promise<void>) => void> = [];

/** @internal Adds a command to the program. */
export function _registerCommand(add: (program: Command, bind: (action: Action) => (...args: unknown[]) => Promise<void>) => void): void {
  extraCommands.push(add);
}

export async function run(argv: readonly string[], rawIo: CliIO): Promise<number> {
  // Every byte printed goes through the terminal escaper: user text (a graph value, a linted
  // file's content, an argument) can never send a control sequence to the terminal (docs/security.md).
  const styled = new Style(rawIo).enabled;
  const io: CliIO = {
    ...rawIo,
    stdout: (text) => rawIo.stdout(terminalOutput(text, styled)),
    stderr: (text) => rawIo.stderr(terminalOutput(text, styled)),
  };
  let exitCode: number = EXIT.OK;
  // Known before parsing, so that usage errors, help and the version come out as JSON too.
  const wantsJson = jsonRequested(argv);
  /** The command running, once commander has parsed the line. */
  let running: string | undefined;
  const bind =
    (action: Action) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      running = command.name();
      exitCode = await action(command, io);
    };
  // With --json, what commander prints (help, version) is collected and printed as JSON at the end;
  // its error messages are never printed as they are: they become problems (src/cli/usage.ts).
  let commanderOut = '';

  const program = new Command('topograph')
    .description('One topology graph → Dockerfiles, docker-compose.yml, helper scripts and Kubernetes manifests.')
    .version(VERSION, '-v, --version', 'print the topograph version')
    .option('-q, --quiet', 'print only errors')
    .option('--json', 'machine-readable output (results and errors as JSON on stdout)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (wantsJson ? (commanderOut += text) : io.stdout(text)),
      writeErr: (text) => (wantsJson ? undefined : io.stderr(text)),
      outputError: () => undefined,
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok · 1 invalid input, drift or refused write · 2 usage error

Examples:
  topograph init --name shop
  topograph validate
  topograph synth examples/shop/topology-graph.json --out dist
  topograph synth --check            # CI drift check: exit 1 when dist/ is stale
  topograph graph --format dot | dot -Tsvg > topology.svg`,
    );

  program
    .command('synth')
    .description('generate Dockerfiles, docker-compose.yml, scripts and Kubernetes manifests from a graph')
    .argument('[graph]', 'topology graph file', 'topology-graph.json')
    .option('-o, --out <dir>', 'output directory', 'dist')
    .addOption(new Option('-t, --target <target>', 'what to generate').choices([...TARGET_CHOICES]).default('all'))
    .option('--check', 'write nothing; exit 1 listing every file that differs from what would be generated')
    .option('--force', 'overwrite files at generated paths even when topograph did not write them')
    .option('--allow-outside-context', 'allow build contexts outside the graph file\'s directory (a .dockerignore is written into each)')
    .addHelpText(
      'after',
      `
Writes <out>/docker (Dockerfile.<service>, docker-compose.yml, .env.example, start/stop/logs.sh, init files),
<out>/kubernetes (manifests) and a .dockerignore into each build context. <out> must be empty, new, or hold
topograph output (<out>/.topograph/manifest.json). Only what changed is written, all or nothing; files
topograph did not generate are never overwritten (without --force), moved or deleted. One synth at a time
per <out>: another waits up to TOPOGRAPH_LOCK_TIMEOUT seconds (30). Details: docs/security.md

Examples:
  topograph synth                                   # ./topology-graph.json → ./dist
  topograph synth examples/shop/topology-graph.json --out out --target compose
  topograph synth --check && echo "dist/ is up to date"`,
    )
    .action(bind((c) => synthCommand(c.args[0], c.optsWithGlobals(), io)));

  program
    .command('validate')
    .description('check a graph and report every problem at once')
    .argument('[graph]', 'topology graph file', 'topology-graph.json')
    .addHelpText('after', '\nExamples:\n  topograph validate\n  topograph validate path/to/topology-graph.json --json')
    .action(bind((c) => validateCommand(c.args[0], c.optsWithGlobals(), io)));

  program
    .command('graph')
    .description('print the topology and its start-up order as a Mermaid or Graphviz diagram')
    .argument('[graph]', 'topology graph file', 'topology-graph.json')
    .addOption(new Option('-f, --format <format>', 'diagram format').choices([...DIAGRAM_FORMATS]).default('mermaid'))
    .addHelpText('after', '\nExamples:\n  topograph graph > topology.mmd\n  topograph graph --format dot | dot -Tpng > topology.png')
    .action(bind((c) => graphCommand(c.args[0], c.optsWithGlobals(), io)));

  program
    .command('init')
    .description('write a commented starter topology-graph.json, or with --typescript a TypeScript infra repo (never overwrites)')
    .argument('[directory]', 'where to write (created when missing)', undefined)
    .option('-n, --name <name>', 'topology name (default: the directory name)')
    .option('--typescript', 'scaffold a TypeScript infra repo instead: constructs in code, cdk8s synth, jest snapshot test')
    .option('--topograph-spec <spec>', 'with --typescript: the npm spec of topograph to depend on (default: a file: spec to this copy of topograph, its checkout or the tarball it was installed from)')
    .addHelpText('after', '\nExamples:\n  topograph init\n  topograph init --name shop\n  topograph init --typescript my-infra --name shop')
    .action(bind((c) => initCommand(c.optsWithGlobals(), io, c.args[0])));

  program
    .command('lint')
    .description('check Dockerfiles, compose files and Kubernetes manifests against the hardening rules')
    .argument('[paths...]', 'files or directories to check (default: the current directory)')
    .addHelpText(
      'after',
      `
Finds Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, *compose*.yml/.yaml and YAML manifests with
apiVersion and kind (not source files such as dockerfile.ts; skipping node_modules, build output such as
dist/ and lib/, and hidden directories). Exit 1 when any error-level finding remains.
'topograph synth' runs the same rules on what it generates. Rules: docs/lint.md

Examples:
  topograph lint
  topograph lint Dockerfile docker-compose.yml
  topograph lint deploy/ --json`,
    )
    .action(bind((c) => lintCommand(c.args, c.optsWithGlobals(), io)));

  addDeployCommand(program, bind);
  for (const add of extraCommands) add(program, bind);

  const commands = program.commands.map((c) => c.name());
  const commandName = () => running ?? commandIn(argv, commands) ?? 'topograph';
  const json = ({ ok, command, ...rest }: { ok: boolean; command?: string; [key: string]: unknown }) =>
    io.stdout(`${JSON.stringify({ ok, command: command ?? commandName(), ...rest }, null, 2)}\n`);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.version') {
        if (wantsJson) json({ ok: true, command: 'topograph', version: VERSION });
        return EXIT.OK;
      }
      if (error.code === 'commander.helpDisplayed' || (error.code === 'commander.help' && error.exitCode === 0)) {
        if (wantsJson) json({ ok: true, help: commanderOut });
        return EXIT.OK;
      }
      if (error.code === 'commander.help') {
        // No command given: the help was printed (on stderr); that is a usage error.
        if (wantsJson) report([{ message: 'No command given', expected: `one of: ${commands.join(', ')}`, action: "Run 'topograph --help' for what each command does" }], true, io, 'topograph', 'nothing was run');
        return EXIT.USAGE;
      }
      if (error.code === 'commander.executeSubCommandAsync') return EXIT.OK;
      report([usageProblem(error, commandName(), commands)], wantsJson, io, commandName(), 'nothing was run');
      return EXIT.USAGE;
    }
    if (error instanceof CliError) {
      report(error.problems, wantsJson, io, commandName(), error.exitCode === EXIT.USAGE ? outcomeOf(commandName()) : undefined);
      return error.exitCode;
    }
    if (TopologyError.isTopologyError(error)) {
      report(error.problems, wantsJson, io, commandName());
      return EXIT.FAILED;
    }
    const message = error instanceof Error ? error.message : String(error);
    report(
      [
        {
          message: `topograph failed unexpectedly: ${message.split('\n')[0]}`,
          action: 'Re-run with TOPOGRAPH_DEBUG=1 for details, and report it with the graph that caused it',
        },
      ],
      wantsJson,
      io,
      commandName(),
    );
    if (io.env.TOPOGRAPH_DEBUG) io.stderr(`${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.FAILED;
  }
}

/**
 * Problems on stderr in the project's style, or with --json as `{ok: false, command, problems}` on
 * stdout. `usage` is given for a usage error: how its report ends (commander's, found before
 * anything ran: "nothing was run"); JSON marks it `"usage": true`.
 */
function report(problems: readonly Problem[], json: boolean, io: CliIO, command: string, usage?: string | null): void {
  if (json) io.stdout(`${JSON.stringify({ ok: false, command, ...(usage !== undefined ? { usage: true } : {}), problems }, null, 2)}\n`);
  else io.stderr(`${formatProblems(problems, usage !== undefined ? usage : outcomeOf(command))}\n`);
}

/** How a failed command's error report ends: what did not happen, in its own words. */
function outcomeOf(command: string): string | null {
  switch (command) {
    case 'validate':
      return null;
    case 'graph':
      return 'no diagram was printed';
    case 'lint':
      return 'nothing was checked';
    default:
      return 'nothing was written';
  }
}
