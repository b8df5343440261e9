import type { Problem } from '../graph/problems';

/** A failure the CLI reports as problems (the form docs/topology-graph.md#errors shows) with an exit code, never as a stack trace. */
export class CliError extends Error {
  constructor(
    public readonly problems: readonly Problem[],
    public readonly exitCode: number = 1,
  ) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'CliError';
  }
}
