import { showValue } from '../problems';
import type { EdgeRule } from './types';

/** Databases each server keeps for itself, which no service may own (a user owning one would administer the server). */
export const RESERVED_DATABASES: Readonly<Record<string, readonly string[]>> = {
  mysql: ['mysql', 'sys', 'information_schema', 'performance_schema'],
  mariadb: ['mysql', 'sys', 'information_schema', 'performance_schema'],
  mongodb: ['admin', 'local', 'config'],
};

/** No edge to a mysql, mariadb or mongodb dependency names one of the server's own databases. */
export const reservedDatabase: EdgeRule = {
  id: 'reserved-database',
  scope: 'edge',
  description: 'No edge to a mysql, mariadb or mongodb dependency names a database the server keeps for itself (mysql, sys; admin, local, config).',
  check({ edge, status, targetDependency }, { source }) {
    if (status !== 'ok' || !targetDependency?.type || targetDependency.external) return [];
    const reserved = RESERVED_DATABASES[targetDependency.type] ?? [];
    const database = edge.database ?? edge.from;
    if (!reserved.includes(database)) return [];
    const named = edge.database !== undefined;
    return [
      {
        message: `Edge ${edge.from} → ${edge.to} would give '${edge.from}' the ${targetDependency.type} database '${database}', which the server keeps for itself`,
        value: showValue(database),
        expected: `a database other than ${reserved.join(', ')}: the service's user owns its database${named ? '' : ' (by default named like the service)'}`,
        action: named ? `Choose another "database" on ${edge.where} in ${source}` : `Add "database" with another name to ${edge.where}, or rename service '${edge.from}', in ${source}`,
      },
    ];
  },
};
