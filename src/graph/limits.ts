/**
 * How large one topology may be. Synthesis time and memory grow linearly with the graph
 * (docs/performance.md), so these bound what a run can cost: a graph over a limit is refused up
 * front with a message saying what to do, instead of running for minutes or out of memory.
 */
import type { Problem } from './problems';

/** Largest graph file read, in bytes; larger files are refused before they are read. */
export const MAX_GRAPH_BYTES = 20 * 1024 * 1024;

/** Most services, dependencies and edges in one topology. */
export const MAX_SERVICES = 5000;
export const MAX_DEPENDENCIES = 1000;
export const MAX_EDGES = 25000;

/** Problems for lists longer than the limits; checked before anything else looks at the lists. */
export function sizeProblems(graph: Record<string, unknown>, file: string): Problem[] {
  const problems: Problem[] = [];
  const check = (key: 'services' | 'dependencies' | 'edges', limit: number) => {
    const list = graph[key];
    if (!Array.isArray(list) || list.length <= limit) return;
    problems.push({
      message: `${file} has ${list.length} ${key}, more than topograph synthesizes in one topology`,
      value: String(list.length),
      expected: `at most ${limit} ${key} per topology`,
      action: 'Split the system into several topologies, one graph file each (for example one per team or domain)',
    });
  };
  check('services', MAX_SERVICES);
  check('dependencies', MAX_DEPENDENCIES);
  check('edges', MAX_EDGES);
  return problems;
}
