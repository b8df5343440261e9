/**
 * The topograph command line. `run(argv, io)` is the whole CLI as a function returning the exit
 * code: 0 ok, 1 invalid input / drift / refused, 2 usage error. Each command, with its arguments and
 * options, is defined in its own file under commands/; this file holds the global options and errors.
 */
import { Command, CommanderError } from 'commander';
import { formatProblems, type Problem, TopologyError } from '../graph/problems';
import { addGraphCommand } from './commands/graph';
import { addInitCommand } from './commands/init';
import { addLintCommand } from './commands/lint';
import { addSynthCommand } from './commands/synth';
import { addValidateCommand } from './commands/validate';
import { addDeployCommand } from './commands/deploy';
import { CliError } from './errors';
import { commandIn, jsonRequested, usageProblem } from './usage';
import { terminalOutput } from '../escape/terminal';
import { type Bind, type CliIO, type CommandAction, EXIT, Style } from './io';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../../package.json').version;

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
  const bind: Bind =
    (action: CommandAction) =>
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

  // One file per command, each defining its own arguments and options; help lists them in this order.
  addSynthCommand(program, bind);
  addValidateCommand(program, bind);
  addGraphCommand(program, bind);
  addInitCommand(program, bind);
  addLintCommand(program, bind);
  addDeployCommand(program, bind);

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
