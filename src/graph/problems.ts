/**
 * Problems found in a topology, reported the way the product notes show them:
 *
 *   ERROR: Invalid CPU value for catalog
 *   Value: "not-a-number"
 *   Expected: numeric (e.g., 2, 0.5)
 *   Action: Fix services[catalog].resources.limits.cpu in topology-graph.json
 */
import { terminalLine } from '../escape/terminal';

/** One problem: what is wrong, the value, what was expected and the action to take. */
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

/**
 * Renders a value for an error message: strings quoted (JSON style, every control character
 * escaped), long values cut; lists and objects by their shape only, never their contents, so a
 * secret nested in a misplaced value is never echoed (docs/security.md#secrets).
 */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'string') text = terminalLine(JSON.stringify(value));
  else if (Array.isArray(value)) text = `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  else if (typeof value === 'object' && value !== null) text = objectShape(value);
  else text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `an object with keys "a", "b"` (keys escaped and cut). */
function objectShape(value: object): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 5).map((k) => terminalLine(JSON.stringify(k.length > 40 ? `${k.slice(0, 37)}...` : k)));
  return `an object with key${keys.length === 1 ? '' : 's'} ${shown.join(', ')}${keys.length > 5 ? `, … (${keys.length})` : ''}`;
}

/**
 * What a value of a field that may hold a secret is, without the value: `a string of 6 characters
 * (not shown: it may be a secret)`.
 */
export function hiddenValue(value: unknown): string {
  const kind =
    typeof value === 'string'
      ? `a string of ${value.length} character${value.length === 1 ? '' : 's'}`
      : Array.isArray(value) || (typeof value === 'object' && value !== null)
        ? showValue(value)
        : value === undefined || value === null || typeof value === 'boolean'
          ? String(value)
          : `a ${typeof value}`;
  return `${kind} (not shown: it may be a secret)`;
}

/** One problem as the lines the CLI prints: message, value, expected, action; user text never reaches the terminal raw. */
export function formatProblem(problem: Problem): string {
  const lines = [`ERROR: ${terminalLine(problem.message)}`];
  if (problem.value !== undefined) lines.push(`Value: ${terminalLine(problem.value)}`);
  if (problem.expected !== undefined) lines.push(`Expected: ${terminalLine(problem.expected)}`);
  lines.push(`Action: ${terminalLine(problem.action)}`);
  return lines.join('\n');
}

/** A warning (something that works but should change) as the CLI prints it: as a problem, marked WARNING. */
export function formatWarning(warning: Problem): string {
  return formatProblem(warning).replace(/^ERROR: /, 'WARNING: ');
}

/**
 * Several problems, ending with how many there were and what did not happen because of them
 * (`outcome`, "nothing was written" by default; none for a command that writes nothing anyway).
 */
export function formatProblems(problems: readonly Problem[], outcome: string | null = 'nothing was written'): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `${problems.map(formatProblem).join('\n\n')}\n\n${count} found${outcome ? `; ${outcome}` : ''}.`;
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
