/**
 * Usage errors (unknown command or option, a missing or invalid option value, too many arguments)
 * in the project's error style, so they read like every other error and come out as JSON with
 * `--json`. commander finds them; this turns its message into a Problem.
 */
import type { CommanderError } from 'commander';
import type { Problem } from '../graph/problems';

/** Whether the command line asks for JSON: `--json` (or a mistaken `--json=…`) before any `--`. */
export function jsonRequested(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--json' || arg.startsWith('--json=')) return true;
  }
  return false;
}

/** The command the line names (the first word that is one of `commands`), or undefined. */
export function commandIn(argv: readonly string[], commands: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (commands.includes(arg)) return arg;
  }
  return undefined;
}

function quoted(value: string): string {
  return JSON.stringify(value);
}

/** commander's "(Did you mean x?)" suffix, as a sentence for the action. */
function suggestionOf(message: string): { text: string; hint?: string } {
  const match = /\n\(Did you mean (?:one of )?(.+)\?\)$/.exec(message);
  if (!match) return { text: message };
  return { text: message.slice(0, match.index), hint: `Did you mean ${match[1]}? ` };
}

/** A commander usage error as a Problem; `command` is the command it concerns ("topograph" for the program). */
export function usageProblem(error: CommanderError, command: string, commands: readonly string[]): Problem {
  const help = command === 'topograph' ? "'topograph --help'" : `'topograph ${command} --help'`;
  const { text, hint = '' } = suggestionOf(error.message.replace(/^error: /, ''));
  let m: RegExpExecArray | null;
  switch (error.code) {
    case 'commander.unknownCommand':
      m = /^unknown command '(.*)'$/.exec(text);
      return {
        message: `Unknown command${m ? ` '${m[1]}'` : ''}`,
        ...(m ? { value: quoted(m[1]) } : {}),
        expected: `one of: ${commands.join(', ')}`,
        action: `${hint}Run 'topograph --help' for what each command does`,
      };
    case 'commander.unknownOption':
      m = /^unknown option '(.*)'$/.exec(text);
      if (m && m[1].startsWith('--json=')) {
        return { message: '--json takes no value', value: quoted(m[1]), expected: '--json on its own', action: 'Write --json without "=…"' };
      }
      return {
        message: `Unknown option${m ? ` '${m[1]}'` : ''} for ${command}`,
        ...(m ? { value: quoted(m[1]) } : {}),
        expected: `an option listed by ${help}`,
        action: `${hint}Remove it, or run ${help} for the options`,
      };
    case 'commander.invalidArgument':
      m = /^option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s.exec(text);
      if (m) {
        return { message: `Invalid value for ${longFlag(m[1])}`, value: quoted(m[2]), expected: `one of: ${m[3]}`, action: `Pass one of them, e.g. ${longFlag(m[1])} ${m[3].split(', ').pop()} (see ${help})` };
      }
      m = /^command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.$/s.exec(text);
      if (m) return { message: `Invalid ${m[2]}`, value: quoted(m[1]), expected: `one of: ${m[3]}`, action: `Pass one of them (see ${help})` };
      break;
    case 'commander.optionMissingArgument':
      m = /^option '(.*)' argument missing$/.exec(text);
      if (m) return { message: `${longFlag(m[1])} needs a value`, expected: m[1], action: `Give ${longFlag(m[1])} a value (see ${help})` };
      break;
    case 'commander.missingArgument':
      m = /^missing required argument '(.*)'$/.exec(text);
      if (m) return { message: `Missing argument <${m[1]}> for ${command}`, expected: `topograph ${command} <${m[1]}>`, action: `Pass it (see ${help})` };
      break;
    case 'commander.excessArguments':
      m = /^too many arguments(?: for '.*')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(text);
      if (m) {
        return {
          message: `Too many arguments for ${command}`,
          value: `${m[2]} given`,
          expected: `at most ${m[1]}`,
          action: `Remove the extra arguments (see ${help}); quote a path that contains spaces`,
        };
      }
      break;
    default:
      break;
  }
  return { message: text.charAt(0).toUpperCase() + text.slice(1), action: `${hint}Run ${help} for usage` };
}

/** The long form of an option's flags: "-t, --target <target>" → "--target". */
function longFlag(flags: string): string {
  return /--[\w-]+/.exec(flags)?.[0] ?? flags;
}
