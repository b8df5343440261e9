/** The mariadb kind (src/graph/kinds/dependencies/mariadb.ts): mysql's shape with the mariadb client and the image's healthcheck.sh. */
import { describeKind } from './helpers';
import { describeMysqlInit } from './mysql-family';

describeKind({
  type: 'mariadb',
  image: 'mariadb:11.8',
  port: 3306,
  healthCheck: ['healthcheck.sh', '--connect', '--innodb_initialized'],
  dataPath: '/var/lib/mysql',
  dataSubPath: 'mariadb',
  uid: 999,
  capabilities: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  secretEnv: { MARIADB_ROOT_PASSWORD: 'MARIADB_PASSWORD' },
  connectionEnv: 'MARIADB_URL',
  url: 'mysql://catalog:{MARIADB_CATALOG_PASSWORD}@mariadb:3306/catalog',
  databases: true,
});

describeMysqlInit('mariadb', 'mariadb', 'MARIADB_ROOT_PASSWORD');
