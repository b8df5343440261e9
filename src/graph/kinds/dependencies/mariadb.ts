/**
 * MariaDB from the official image (`mariadb`, the 11.8 LTS line): one database and one user per
 * service, as mysql (docs/topology-graph.md#mysql-and-mariadb), with the `mariadb` client; the URL
 * keeps the `mysql` scheme, which MariaDB speaks and MySQL drivers (and most ORMs) parse for both.
 *
 * Checked against the image's documentation (hub.docker.com/_/mariadb, mariadb.com/docs "Using
 * Healthcheck.sh"): data in /var/lib/mysql, initialised only when empty (sub-path, as mysql); the
 * socket in /run/mysqld; user mysql is uid 999; the entrypoint starts as root, chowns and switches
 * user; `healthcheck.sh --connect --innodb_initialized` ships in the image and logs in as the
 * `healthcheck` user the entrypoint creates (its password in the data directory's
 * .my-healthcheck.cnf), over TCP, so it fails while the socket-only temporary server initialises.
 */
import { superuserSecret } from '../../postgres-roles';
import type { DependencyKindPack } from '../dependency';
import { mysqlFamily } from './mysql';
import { CHOWN_AND_SWITCH_USER } from './per-service-databases';

/** MariaDB. */
export const MARIADB: DependencyKindPack = {
  name: 'mariadb',
  defaultVersion: '11.8',
  image: (version) => `mariadb:${version}`,
  port: 3306,
  healthCheck: { command: ['healthcheck.sh', '--connect', '--innodb_initialized'], interval: '5s', timeout: '5s', retries: 10, startPeriod: '30s' },
  dataPath: '/var/lib/mysql',
  dataSubPath: 'mariadb',
  scratchPaths: ['/run/mysqld'],
  secretEnv: (name) => ({ MARIADB_ROOT_PASSWORD: superuserSecret(name) }),
  connection: { env: 'MARIADB_URL', scheme: 'mysql' },
  uid: 999,
  capabilities: [...CHOWN_AND_SWITCH_USER],
  ...mysqlFamily({ client: 'mariadb', rootPassword: 'MARIADB_ROOT_PASSWORD' }),
};
