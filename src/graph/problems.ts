/**
 * Problems found in a topology, reported the way the product notes show them:
 *
 *   ERROR: Invalid CPU value for catalog
 *   Value: "not-a-number"
 *   Expected: numeric (e.g., 2, 0.5)
 *   Action: Fix services[catalog].resources.limits.cpu in topology-graph.json
 */

export interface Problem {
  /** What is wrong, one line, naming the service/dependency/edge. */
  readonly message: string;
  /** The offending value as written, when there is one. */
  readonly value?: string;
  /** What would have been accepted. */
  readonly expected?: string;
  /** What to do about it. */
  readonly action: string;
  /** Where in the graph, e.g. `services[catalog].port`. */
  readonly path?: string;
}

/** Thrown when a topology cannot be synthesized; carries every problem found, not just the first. */
export class TopologyError extends Error {
  /** Every problem found. */
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(formatProblems(problems));
    this.name = 'TopologyError';
    this.problems = problems;
  }

  /** Returns true when `x` is a TopologyError (also across copies of the module). */
  static isTopologyError(x: unknown): x is TopologyError {
    return x instanceof Error && Array.isArray((x as TopologyError).problems);
  }
}

/** Renders a value for an error message: strings quoted, long values cut. */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One problem as the lines the CLI prints: message, value, expected, action. */
export function formatProblem(problem: Problem): string {
  const lines = [`ERROR: ${problem.message}`];
  if (problem.value !== undefined) lines.push(`Value: ${problem.value}`);
  if (problem.expected !== undefined) lines.push(`Expected: ${problem.expected}`);
  lines.push(`Action: ${problem.action}`);
  return lines.join('\n');
}

/** A warning (something that works but should change) as the CLI prints it: as a problem, marked WARNING. */
export function formatWarning(warning: Problem): string {
  return formatProblem(warning).replace(/^ERROR: /, 'WARNING: ');
}

/** Several problems, numbered, ending with how many there were and that nothing was written. */
export function formatProblems(problems: readonly Problem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `${problems.map(formatProblem).join('\n\n')}\n\n${count} found; nothing was written.`;
}

/** Stable order and no repeats, so reports are deterministic whatever found them. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique: Problem[] = [];
  for (const p of problems) {
    const key = formatProblem(p);
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(p);
    }
  }
  return unique;
}
