import type { EdgeRule } from './types';

/** One edge per pair of nodes. */
export const duplicateEdge: EdgeRule = {
  id: 'duplicate-edge',
  scope: 'edge',
  description: 'One edge per pair of nodes.',
  check({ edge, status, firstWhere }, { source }) {
    if (status !== 'duplicate') return [];
    return [
      {
        message: `Duplicate edge ${edge.from} → ${edge.to}`,
        value: `${firstWhere} and ${edge.where}`,
        expected: 'one edge per pair',
        action: `Remove one of them from ${source}`,
      },
    ];
  },
};
