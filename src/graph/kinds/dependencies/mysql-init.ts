/**
 * The init script of a mysql or mariadb dependency: a database per service that uses it (the
 * edge's `database`, else the service's name) and a user per service, named like it, with every
 * privilege on its own database and none elsewhere (docs/topology-graph.md#mysql-and-mariadb).
 *
 * A shell script, because the passwords are never written into a file: they reach the container as
 * environment variables (compose `${…:?}`, Kubernetes `secretKeyRef`) and are quoted as SQL strings
 * by the script itself, at run time. Every other value is quoted here, through src/escape/: each
 * SQL line is built with `mysqlIdentifier`/`mysqlLiteral` and reaches the script as one
 * single-quoted shell word. The statements create what is missing and set what may have changed,
 * so it runs on an empty data directory (the image's entrypoint sources it once, after setting the
 * root password) and again on every `./start.sh`. One pipeline, no `set`, no `exit`: it works both
 * executed and sourced.
 */
import { assertPrintable, mysqlIdentifier, mysqlLiteral, shellName, shellQuote } from '../../../escape';
import { ENV_NAME } from '../../grammar';
import { serviceRole, serviceRoleSecret } from '../../postgres-roles';
import { GENERATED_MARKER } from '../../../marker';

/** One service that uses the dependency, and the database it owns. */
export interface MysqlUser {
  readonly service: string;
  readonly database: string;
}

/** How the two servers differ for the script. */
export interface MysqlFlavour {
  /** Client program: `mysql` (MySQL) or `mariadb` (MariaDB). */
  readonly client: string;
  /** Container variable holding the root password: `MYSQL_ROOT_PASSWORD` or `MARIADB_ROOT_PASSWORD`. */
  readonly rootPassword: string;
}

/** Name of the init script in `/docker-entrypoint-initdb.d`. */
export const MYSQL_INIT_SCRIPT = '01-users-and-databases.sh';

/** The account of `service`: `'orders'@'%'` (any host: the network policies decide who reaches the server). */
function account(service: string): string {
  return `${mysqlLiteral(serviceRole(service))}@'%'`;
}

/** A database name in GRANT … ON, where `_` and `%` are wildcards unless escaped. */
function grantDatabase(database: string): string {
  return mysqlIdentifier(database.replace(/[\\_%]/g, (ch) => `\\${ch}`));
}

/** The script, for `users` of dependency `dependency` (any order: output is sorted). */
export function renderMysqlInit(dependency: string, users: readonly MysqlUser[], flavour: MysqlFlavour): string {
  const services = [...new Set(users.map((u) => u.service))].sort();
  const databases = [...new Set(users.map((u) => u.database))].sort();
  const lines: string[] = [];
  const statement = (sql: string) => {
    assertPrintable(sql, 'an SQL script');
    lines.push(`  printf '%s\\n' ${shellQuote(sql)}`);
  };
  const withPassword = (template: string, service: string) => {
    const secret = serviceRoleSecret(dependency, service);
    if (!ENV_NAME.test(secret)) throw new RangeError(`not a variable name: ${JSON.stringify(secret)}`);
    lines.push(`  printf ${shellQuote(`${template}\\n`)} ${shellQuote(account(service))} "$(topograph_sql_string "\${${secret}:?${secret} is not set}")"`);
  };
  lines.push('  # Each database, created when missing.');
  for (const database of databases) statement(`CREATE DATABASE IF NOT EXISTS ${mysqlIdentifier(database)};`);
  lines.push('  # One user per service, with the password from its secret and every privilege on its own database only.');
  for (const service of services) {
    withPassword('CREATE USER IF NOT EXISTS %s IDENTIFIED BY %s;', service);
    withPassword('ALTER USER %s IDENTIFIED BY %s;', service);
    for (const database of databases.filter((d) => users.some((u) => u.service === service && u.database === d))) {
      statement(`GRANT ALL PRIVILEGES ON ${grantDatabase(database)}.* TO ${account(service)};`);
    }
  }
  const client = shellName(flavour.client);
  const root = shellName(flavour.rootPassword);
  return [
    '#!/usr/bin/env bash',
    `# ${GENERATED_MARKER} — do not edit`,
    `# Databases and users of the services that use '${shellName(dependency)}': each service logs in as its own user,`,
    '# which has every privilege on its own database and none on any other. Passwords come from the container',
    '# environment, never from this file. Creates what is missing and sets the rest, so it is safe to run',
    '# again: the image runs it on an empty data directory, and ./start.sh (where topograph writes one) on every start.',
    '',
    '# A value as an SQL string: backslashes and quotes doubled (the default sql_mode).',
    'topograph_sql_string() {',
    `  local value=$1 backslash='\\' quote="'"`,
    '  value=${value//"$backslash"/"$backslash$backslash"}',
    `  printf "'%s'" "\${value//"$quote"/"$quote$quote"}"`,
    '}',
    '# The root password as a client option file (read through a pipe, never written to disk).',
    'topograph_client_options() {',
    `  local value=$1 backslash='\\'`,
    `  printf '[client]\\npassword="%s"\\n' "\${value//"$backslash"/"$backslash$backslash"}"`,
    '}',
    '',
    '# Every password first: a missing one stops the script before any statement runs.',
    `: ${[...services.map((s) => serviceRoleSecret(dependency, s)), root].map((v) => `"\${${v}:?${v} is not set}"`).join(' ')}`,
    '{',
    ...lines,
    `} | ${client} --defaults-extra-file=<(topograph_client_options "\${${root}:?${root} is not set}") --protocol=socket --user=root --batch`,
    '',
  ].join('\n');
}
