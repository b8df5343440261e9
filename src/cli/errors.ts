import type { Problem } from '../graph/problems';

/** A failure the CLI reports as problems (seed style) with an exit code, never as a stack trace. */
export class CliError extends Error {
  constructor(
    public readonly problems: readonly Problem[],
    public readonly exitCode: number = 1,
  ) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'CliError';
  }
}
