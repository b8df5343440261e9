import type { Command } from 'commander';
export { displayPath } from '../paths';

/** What the CLI writes to, injectable so tests can run commands in-process too. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour, prompts). */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Asks a question on the terminal (only called when isTTY). */
  readonly prompt: (question: string, choices: string[]) => Promise<string>;
}

/** What a command does once commander has parsed its line; returns the exit code. */
export type CommandAction = (command: Command, io: CliIO) => number | Promise<number>;

/** Wraps a command's action for commander: runs it with the CLI's IO and keeps its exit code. */
export type Bind = (action: CommandAction) => (...args: unknown[]) => Promise<void>;

/** Options every command accepts. */
export interface GlobalOptions {
  readonly quiet?: boolean;
  readonly json?: boolean;
}

/** ANSI styling, on only for a terminal and never when NO_COLOR is set (https://no-color.org). */
export class Style {
  /** Whether colour is on: a terminal, without NO_COLOR, not TERM=dumb. */
  public readonly enabled: boolean;

  constructor(io: Pick<CliIO, 'isTTY' | 'env'>) {
    this.enabled = io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  }

  private wrap(code: number, text: string): string {
    return this.enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  bold(text: string): string {
    return this.wrap(1, text);
  }

  green(text: string): string {
    return this.wrap(32, text);
  }

  yellow(text: string): string {
    return this.wrap(33, text);
  }

  red(text: string): string {
    return this.wrap(31, text);
  }

  dim(text: string): string {
    return this.wrap(2, text);
  }
}

/** Exit codes, as documented in the README. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

