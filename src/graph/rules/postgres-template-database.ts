import { showValue } from '../problems';
import { logsInAsReservedRole } from './postgres-reserved-role';
import type { EdgeRule } from './types';

/** Databases every PostgreSQL cluster has that no service may own. */
const POSTGRES_TEMPLATES: readonly string[] = ['template0', 'template1'];

/** No edge names a PostgreSQL template database. */
export const postgresTemplateDatabase: EdgeRule = {
  id: 'postgres-template-database',
  scope: 'edge',
  description: 'No edge names the PostgreSQL template databases template0 or template1.',
  check(checked, { source }) {
    const { edge, status, targetDependency } = checked;
    // A service named like a reserved role is reported by that rule alone.
    if (status !== 'ok' || targetDependency?.type !== 'postgres' || logsInAsReservedRole(checked)) return [];
    if (edge.database === undefined || !POSTGRES_TEMPLATES.includes(edge.database)) return [];
    return [
      {
        message: `Edge ${edge.from} → ${edge.to} names the PostgreSQL template database '${edge.database}'`,
        value: showValue(edge.database),
        expected: `a database of the service's own (default: its name, '${edge.from}'), or "postgres"; template0 accepts no connections, and what is written to template1 is copied into every database created later`,
        action: `Remove "database" from ${edge.where} or choose another name in ${source}`,
      },
    ];
  },
};
