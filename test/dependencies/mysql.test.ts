/** The mysql kind (src/graph/kinds/dependencies/mysql.ts): a database and a user per service, the data in a sub-path. */
import { validateGraph } from '../../src';
import { describeKind, kindGraph } from './helpers';
import { describeMysqlInit } from './mysql-family';

describeKind({
  type: 'mysql',
  image: 'mysql:8.4',
  port: 3306,
  healthCheck: ['mysqladmin', 'ping', '--protocol=tcp', '--host=127.0.0.1', '--silent'],
  dataPath: '/var/lib/mysql',
  dataSubPath: 'mysql',
  uid: 999,
  capabilities: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  secretEnv: { MYSQL_ROOT_PASSWORD: 'MYSQL_PASSWORD', MYSQL_CATALOG_PASSWORD: 'MYSQL_CATALOG_PASSWORD' },
  connectionEnv: 'MYSQL_URL',
  url: 'mysql://catalog:{MYSQL_CATALOG_PASSWORD}@mysql:3306/catalog',
  databases: true,
});

describeMysqlInit('mysql', 'mysql', 'MYSQL_ROOT_PASSWORD');

describe('mysql: topology checks', () => {
  it("refuses the server's own databases and a service name longer than a MySQL user name", () => {
    const reserved = validateGraph(kindGraph('mysql', (g) => g.edges!.push({ from: 'billing', to: 'mysql', database: 'mysql' }))).problems;
    expect(reserved.map((p) => p.message)).toEqual(["Edge billing → mysql would give 'billing' the mysql database 'mysql', which the server keeps for itself"]);
    const clash = validateGraph(kindGraph('mysql', (g) => g.dependencies!.push({ name: 'mysql-catalog', type: 'mysql' }))).problems;
    expect(clash.map((p) => p.message)).toEqual(['Two passwords would share the secret MYSQL_CATALOG_PASSWORD']);
  });
});
