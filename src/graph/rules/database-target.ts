import { showValue } from '../problems';
import type { EdgeRule } from './types';

/** Only an edge to a dependency whose kind has databases (postgres) names a database. */
export const databaseTarget: EdgeRule = {
  id: 'database-target',
  scope: 'edge',
  description: 'Only an edge to a dependency whose kind has databases (postgres) names a "database".',
  check({ edge, status, targetService, targetDependency }, { source, databaseKinds: kinds }) {
    if (status !== 'ok' || edge.database === undefined) return [];
    const expected = `"database" only on edges to a ${kinds.join(' or ')} dependency`;
    if (targetService) {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to} names a database, but '${edge.to}' is a service`,
          value: showValue(edge.database),
          expected,
          action: `Remove "database" from ${edge.where} in ${source}`,
        },
      ];
    }
    if (targetDependency && !(targetDependency.type !== undefined && kinds.includes(targetDependency.type))) {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to} names a database, but '${edge.to}' is ${targetDependency.type ?? `not ${kinds.join(' or ')}`}`,
          value: showValue(edge.database),
          expected,
          action: `Remove "database" from ${edge.where} in ${source}`,
        },
      ];
    }
    return [];
  },
};
