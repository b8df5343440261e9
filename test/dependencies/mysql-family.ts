/** The shared specification of mysql and mariadb: their init script, run under bash against a fake client. */
import { mysqlIdentifier, mysqlLiteral } from '../../src/escape';
import { renderMysqlInit } from '../../src/graph/kinds/dependencies/mysql-init';
import { HOSTILE_STRINGS } from '../escape/corpus';
import { both, initFile, kindGraph } from './helpers';
import { runScript } from './init-scripts';

const HOSTILE_PASSWORD = `a'b\\c"d$(id)\`id\`%s`;

export function describeMysqlInit(type: 'mysql' | 'mariadb', client: string, rootPassword: string): void {
  const prefix = type.toUpperCase();
  const graph = kindGraph(type, (g) => g.edges!.push({ from: 'billing', to: type, database: 'ledger-2024' }));
  const script = initFile(both(graph).files, type)!;
  const passwords = { [`${prefix}_CATALOG_PASSWORD`]: 'catalog-pw', [`${prefix}_BILLING_PASSWORD`]: HOSTILE_PASSWORD, [rootPassword]: 'root\\pw' };

  describe(`${type}: init script`, () => {
    it('is written for the image to run (and ./start.sh to re-run), with no password in it', () => {
      const { compose, files } = both(graph);
      expect(Object.keys(files)).toContain(`docker/init/${type}/01-users-and-databases.sh`);
      expect(compose.services[type].volumes).toContain(`./init/${type}:/docker-entrypoint-initdb.d:ro`);
      expect(files['docker/start.sh']).toContain(`compose exec -T '${type}' 'bash' '/docker-entrypoint-initdb.d/01-users-and-databases.sh'`);
      expect(script).not.toMatch(/catalog-pw|root\\\\pw/);
      for (const secret of [`${prefix}_CATALOG_PASSWORD`, `${prefix}_BILLING_PASSWORD`]) {
        expect(compose.services[type].environment[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
      }
    });

    it.each(['execute', 'source'] as const)('creates each database and user when %sd, quoting every password', (mode) => {
      const run = runScript(script, client, passwords, mode);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      if (mode === 'source') expect(run.stdout).toBe('sourced-ok\n');
      expect(run.argv).toEqual([expect.stringMatching(/^--defaults-extra-file=\/dev\/fd\/\d+$/), '--protocol=socket', '--user=root', '--batch']);
      expect(run.optionFile).toBe('[client]\npassword="root\\\\pw"\n');
      expect(run.stdin!.split('\n').filter(Boolean)).toEqual([
        'CREATE DATABASE IF NOT EXISTS `catalog`;',
        'CREATE DATABASE IF NOT EXISTS `ledger-2024`;',
        `CREATE USER IF NOT EXISTS 'billing'@'%' IDENTIFIED BY ${mysqlLiteral(HOSTILE_PASSWORD)};`,
        `ALTER USER 'billing'@'%' IDENTIFIED BY ${mysqlLiteral(HOSTILE_PASSWORD)};`,
        "GRANT ALL PRIVILEGES ON `ledger-2024`.* TO 'billing'@'%';",
        "CREATE USER IF NOT EXISTS 'catalog'@'%' IDENTIFIED BY 'catalog-pw';",
        "ALTER USER 'catalog'@'%' IDENTIFIED BY 'catalog-pw';",
        "GRANT ALL PRIVILEGES ON `catalog`.* TO 'catalog'@'%';",
      ]);
      expect(mysqlLiteral(HOSTILE_PASSWORD)).toBe(`'a''b\\\\c"d$(id)\`id\`%s'`);
    });

    it('stops before any statement when a password is missing', () => {
      for (const missing of Object.keys(passwords)) {
        const env = { ...passwords };
        delete env[missing];
        const run = runScript(script, client, env);
        expect({ missing, status: run.status === 0, ran: run.argv !== undefined }).toEqual({ missing, status: false, ran: false });
        expect(run.stderr).toContain(`${missing} is not set`);
      }
    });

    it('quotes every name through src/escape, whatever reaches it', () => {
      for (const hostile of HOSTILE_STRINGS) {
        let text: string;
        try {
          text = renderMysqlInit(type, [{ service: 'svc', database: hostile }], { client, rootPassword });
        } catch (e) {
          expect((e as Error).name).toMatch(/UnsafeValueError|RangeError/);
          continue;
        }
        const run = runScript(text, client, { [`${prefix}_SVC_PASSWORD`]: 'pw', [rootPassword]: 'root' });
        expect(run.status).toBe(0);
        expect(run.stdin!.split('\n')[0]).toBe(`CREATE DATABASE IF NOT EXISTS ${mysqlIdentifier(hostile)};`);
      }
      expect(mysqlIdentifier('a`b')).toBe('`a``b`');
      expect(renderMysqlInit(type, [{ service: 'svc', database: 'a_b%' }], { client, rootPassword })).toContain("GRANT ALL PRIVILEGES ON `a\\_b\\%`.* TO");
    });
  });
}
