/**
 * MySQL from the official image (`mysql`, the 8.4 LTS line). Like postgres, every service that
 * uses it gets its own database (named after the service unless the edge names one) and logs in as
 * its own user with every privilege on that database only, the password in the secret
 * `<NAME>_<SERVICE>_PASSWORD`; the root password, `<NAME>_PASSWORD`, stays with the container
 * (docs/topology-graph.md#mysql-and-mariadb).
 *
 * Checked against the image's documentation and Dockerfile (hub.docker.com/_/mysql,
 * github.com/docker-library/mysql): data in /var/lib/mysql, which `mysqld --initialize` needs empty
 * (a volume root's lost+found is refused: hence the sub-path); the socket in /var/run/mysqld; user
 * mysql is uid 999; the entrypoint starts as root, chowns the data directory and switches user;
 * init files in /docker-entrypoint-initdb.d run once, after the root password is set, while a
 * temporary server listens on the socket only. `mysqladmin ping` exits 0 whenever the server
 * answers (even "access denied", so it needs no password: dev.mysql.com/doc/refman/8.4/en/mysqladmin.html);
 * over TCP it fails during that temporary, socket-only start.
 */
import { superuserSecret } from '../../postgres-roles';
import { MYSQL_INIT_SCRIPT, renderMysqlInit, type MysqlFlavour } from './mysql-init';
import type { DependencyKindPack } from '../dependency';
import { CHOWN_AND_SWITCH_USER, perServiceDatabases } from './per-service-databases';
import { mysqlUserName } from '../../rules/mysql-user-name';

/** The pack fields mysql and mariadb share: one database and one user per service, made by the init script. */
export function mysqlFamily(flavour: MysqlFlavour): Pick<DependencyKindPack, 'connectionFor' | 'init' | 'databases'> {
  return perServiceDatabases(MYSQL_INIT_SCRIPT, (dependency, users) => renderMysqlInit(dependency, users, flavour));
}

/** MySQL. */
export const MYSQL: DependencyKindPack = {
  name: 'mysql',
  defaultVersion: '8.4',
  image: (version) => `mysql:${version}`,
  port: 3306,
  healthCheck: { command: ['mysqladmin', 'ping', '--protocol=tcp', '--host=127.0.0.1', '--silent'], interval: '5s', timeout: '5s', retries: 10, startPeriod: '30s' },
  dataPath: '/var/lib/mysql',
  dataSubPath: 'mysql',
  scratchPaths: ['/var/run/mysqld'],
  secretEnv: (name) => ({ MYSQL_ROOT_PASSWORD: superuserSecret(name) }),
  connection: { env: 'MYSQL_URL', scheme: 'mysql' },
  uid: 999,
  capabilities: [...CHOWN_AND_SWITCH_USER],
  edgeRules: [mysqlUserName],
  ...mysqlFamily({ client: 'mysql', rootPassword: 'MYSQL_ROOT_PASSWORD' }),
};
