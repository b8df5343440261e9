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
  // The ready nodes in a min-heap: always the smallest name next, in O(log n) per step (sorting the
  // whole ready list after every step was quadratic on large topologies).
  const ready = new MinHeap();
  for (const n of members) if (waitingOn.get(n) === 0) ready.push(n);
  const order: string[] = [];
  while (ready.size > 0) {
    const node = ready.pop();
    order.push(node);
    for (const dependant of neededBy.get(node) ?? []) {
      const left = waitingOn.get(dependant)! - 1;
      waitingOn.set(dependant, left);
      if (left === 0) ready.push(dependant);
    }
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

/** Binary min-heap of strings, ordered as `<` orders them (as Array.prototype.sort does for strings). */
class MinHeap {
  private readonly items: string[] = [];

  public get size(): number {
    return this.items.length;
  }

  public push(item: string): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!(items[i] < items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  public pop(): string {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left] < items[smallest]) smallest = left;
        if (right < items.length && items[right] < items[smallest]) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}
