import { showValue } from '../problems';
import type { EdgeRule } from './types';

/** Only an edge to a dependency whose kind has databases (postgres, mysql, mariadb, mongodb) names a database. */
export const databaseTarget: EdgeRule = {
  id: 'database-target',
  scope: 'edge',
  description: 'Only an edge to a dependency whose kind has databases (postgres, mysql, mariadb, mongodb) names a "database".',
  check({ edge, status, targetService, targetDependency }, { source, databaseKinds: kinds }) {
    if (status !== 'ok' || edge.database === undefined) return [];
    const expected = `"database" only on edges to a ${orList(kinds)} dependency`;
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
          message: `Edge ${edge.from} → ${edge.to} names a database, but '${edge.to}' is ${targetDependency.type ? `${targetDependency.type}, which has no databases` : `not ${orList(kinds)}`}`,
          value: showValue(edge.database),
          expected,
          action: `Remove "database" from ${edge.where} in ${source}`,
        },
      ];
    }
    return [];
  },
};

/** `a, b or c`. */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
