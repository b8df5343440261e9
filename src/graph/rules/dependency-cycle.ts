import { initializationOrder } from '../order';
import type { TopologyRule } from './types';

/** The service edges form no loop, so there is a start-up order. */
export const dependencyCycle: TopologyRule = {
  id: 'dependency-cycle',
  scope: 'topology',
  description: 'The edges between services form no loop, so there is a start-up order.',
  check({ services, edges, source }) {
    const needs = new Map<string, string[]>();
    for (const { edge, status, targetService } of edges) {
      if (status === 'ok' && targetService) needs.set(edge.from, [...(needs.get(edge.from) ?? []), edge.to]);
    }
    return initializationOrder([...services.keys()], needs).cycles.map((cycle) => ({
      message: 'Dependency cycle between services',
      value: cycle.join(' → '),
      expected: 'edges that form no loop, so there is a start-up order',
      action: `Remove one edge of the cycle in ${source}`,
    }));
  },
};
