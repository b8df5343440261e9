import type { IConstruct } from 'constructs';
import { TopologyError } from '../src/graph/problems';
import type { Topology } from './topology';

/** Marks Topology instances without importing the class (services and dependencies need it first). */
export const TOPOLOGY_MARKER = Symbol.for('topograph.Topology');

/** The topology a construct is inside. Throws a clear error when there is none. */
export function topologyOf(construct: IConstruct): Topology {
  const found = construct.node.scopes
    .slice()
    .reverse()
    .find((s) => (s as unknown as Record<symbol, unknown>)[TOPOLOGY_MARKER] === true);
  if (!found) {
    throw new TopologyError([
      {
        message: `'${construct.node.path}' is not inside a Topology`,
        expected: 'services and dependencies created with a Topology (or a construct inside one) as scope',
        action: 'Create a Topology first and pass it as the scope: new WebService(topology, "api", { … })',
      },
    ]);
  }
  return found as unknown as Topology;
}

/**
 * `id`, when the constructs library can hold it. Its children live in a plain object, so an id
 * that names an `Object.prototype` member (`constructor`, `toString`, …) collides with it; such an
 * id is refused with a clear error before the construct is created (docs/topology-graph.md#grammar).
 */
export function constructId(id: string, what: string): string {
  if (typeof id === 'string' && id in Object.prototype) {
    throw new TopologyError([
      {
        message: `Invalid name for ${what} ${JSON.stringify(id)}: it is reserved`,
        value: JSON.stringify(id),
        expected: 'a name other than the members of JavaScript objects ("constructor", "toString", …), which the constructs library cannot hold as ids',
        action: 'Rename the construct id',
      },
    ]);
  }
  return id;
}
