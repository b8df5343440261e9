import { showValue } from '../problems';
import type { EdgeRule } from './types';

/** Only an edge to a postgres dependency names a database. */
export const databaseTarget: EdgeRule = {
  id: 'database-target',
  scope: 'edge',
  description: 'Only an edge to a postgres dependency names a "database".',
  check({ edge, status, targetService, targetDependency }, { source }) {
    if (status !== 'ok' || edge.database === undefined) return [];
    if (targetService) {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to} names a database, but '${edge.to}' is a service`,
          value: showValue(edge.database),
          expected: '"database" only on edges to a postgres dependency',
          action: `Remove "database" from ${edge.where} in ${source}`,
        },
      ];
    }
    if (targetDependency && targetDependency.type !== 'postgres') {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to} names a database, but '${edge.to}' is ${targetDependency.type ?? 'not postgres'}`,
          value: showValue(edge.database),
          expected: '"database" only on edges to a postgres dependency',
          action: `Remove "database" from ${edge.where} in ${source}`,
        },
      ];
    }
    return [];
  },
};
