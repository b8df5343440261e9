import { showValue } from '../problems';
import type { EdgeRule } from './types';

/** Longest user name MySQL accepts (MariaDB allows 80; mysql is the shorter). */
export const MYSQL_USER_NAME_MAX = 32;

/** Each service logs in to mysql as a user named like it, which MySQL allows up to 32 characters. */
export const mysqlUserName: EdgeRule = {
  id: 'mysql-user-name',
  scope: 'edge',
  description: `A service that uses an in-topology mysql has a name of at most ${MYSQL_USER_NAME_MAX} characters (it logs in as a user of its own name).`,
  check({ edge, status, targetDependency }, { source }) {
    if (status !== 'ok' || targetDependency?.type !== 'mysql' || targetDependency.external || edge.from.length <= MYSQL_USER_NAME_MAX) return [];
    return [
      {
        message: `Service '${edge.from}' cannot log in to '${edge.to}' as a user of its own name`,
        value: showValue(edge.from),
        expected: `a service name of at most ${MYSQL_USER_NAME_MAX} characters: each service logs in to mysql as a user named like it`,
        action: `Rename service '${edge.from}' in ${source}`,
      },
    ];
  },
};
