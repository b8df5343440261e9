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
