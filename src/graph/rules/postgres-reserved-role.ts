import { POSTGRES_SUPERUSER, RESERVED_ROLE_NAMES } from '../postgres-roles';
import { showValue } from '../problems';
import type { CheckedEdge, EdgeRule } from './types';

/** Whether the edge makes its service log in to a postgres topograph runs as a role named like a reserved one. */
export function logsInAsReservedRole({ edge, status, targetDependency }: CheckedEdge): boolean {
  return status === 'ok' && targetDependency?.type === 'postgres' && !targetDependency.external && RESERVED_ROLE_NAMES.includes(edge.from);
}

/** Each service logs in to postgres as a role named like it, so no service is named like a reserved role. */
export const postgresReservedRole: EdgeRule = {
  id: 'postgres-reserved-role',
  scope: 'edge',
  description: 'A service that uses an in-topology postgres is not named like a role PostgreSQL reserves (it logs in as a role of its own name).',
  check(checked, { source }) {
    if (!logsInAsReservedRole(checked)) return [];
    const { edge } = checked;
    return [
      {
        message: `Service '${edge.from}' cannot log in to '${edge.to}' as a role of its own name`,
        value: showValue(edge.from),
        expected: `a service name other than ${RESERVED_ROLE_NAMES.join(', ')}: each service logs in to postgres as a role named like it, and "${POSTGRES_SUPERUSER}" is the superuser, the others reserved by PostgreSQL`,
        action: `Rename service '${edge.from}' in ${source}`,
      },
    ];
  },
};
