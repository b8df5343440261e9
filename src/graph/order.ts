/**
 * Start-up order, derived from the edges: a node starts after everything it needs.
 * Ties are broken by name so the order never depends on how the graph was written.
 */

export interface OrderResult {
  /** Nodes in start-up order (only complete when there is no cycle). */
  readonly order: string[];
  /** Each cycle found, as a closed walk: ['a', 'b', 'a']. */
  readonly cycles: string[][];
}

/**
 * Kahn's algorithm over `needs` (node → the nodes it needs), always taking the smallest ready name.
 * Nodes only mentioned as needed are ignored unless they are in `nodes`.
 */
export function initializationOrder(nodes: readonly string[], needs: ReadonlyMap<string, readonly string[]>): OrderResult {
  const members = new Set(nodes);
  const waitingOn = new Map<string, number>();
  const neededBy = new Map<string, string[]>();
  for (const node of members) {
    const deps = [...new Set(needs.get(node) ?? [])].filter((d) => members.has(d) && d !== node);
    waitingOn.set(node, deps.length);
    for (const dep of deps) {
      const list = neededBy.get(dep) ?? [];
      list.push(node);
      neededBy.set(dep, list);
    }
  }
  const ready = [...members].filter((n) => waitingOn.get(n) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const node = ready.shift()!;
    order.push(node);
    let added = false;
    for (const dependant of neededBy.get(node) ?? []) {
      const left = waitingOn.get(dependant)! - 1;
      waitingOn.set(dependant, left);
      if (left === 0) {
        ready.push(dependant);
        added = true;
      }
    }
    if (added) ready.sort();
  }
  const selfLoops = [...members].filter((n) => (needs.get(n) ?? []).includes(n)).sort();
  const cycles = selfLoops.map((n) => [n, n]);
  if (order.length < members.size) {
    cycles.push(...findCycles([...members].filter((n) => !order.includes(n)).sort(), needs));
  }
  return { order, cycles };
}

/** One cycle per strongly connected knot among the leftovers of Kahn's algorithm, each starting at its smallest name. */
function findCycles(stuck: string[], needs: ReadonlyMap<string, readonly string[]>): string[][] {
  const stuckSet = new Set(stuck);
  const covered = new Set<string>();
  const cycles: string[][] = [];
  for (const start of stuck) {
    if (covered.has(start)) continue;
    // Walk from start, always following the smallest stuck neighbour, until a node repeats.
    const path: string[] = [];
    const index = new Map<string, number>();
    let node: string | undefined = start;
    while (node !== undefined && !index.has(node)) {
      index.set(node, path.length);
      path.push(node);
      node = [...(needs.get(node) ?? [])].filter((d) => stuckSet.has(d) && d !== node).sort()[0];
    }
    if (node === undefined) continue;
    const loop = path.slice(index.get(node)!);
    loop.forEach((n) => covered.add(n));
    if (cycles.some((c) => c.slice(0, -1).every((n) => loop.includes(n)) && c.length - 1 === loop.length)) continue;
    const smallest = loop.indexOf([...loop].sort()[0]);
    const rotated = [...loop.slice(smallest), ...loop.slice(0, smallest)];
    cycles.push([...rotated, rotated[0]]);
  }
  return cycles;
}
