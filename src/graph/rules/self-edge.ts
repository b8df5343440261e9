import type { EdgeRule } from './types';

/** An edge joins two different nodes. */
export const selfEdge: EdgeRule = {
  id: 'self-edge',
  scope: 'edge',
  description: 'An edge joins two different nodes: a service does not depend on itself.',
  check({ edge, status }, { source }) {
    if (status !== 'self') return [];
    return [
      {
        message: `Service '${edge.from}' depends on itself`,
        value: `${edge.where}`,
        expected: 'an edge between two different nodes',
        action: `Remove ${edge.where} from ${source}`,
      },
    ];
  },
};
