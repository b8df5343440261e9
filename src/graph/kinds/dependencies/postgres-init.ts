/**
 * The init script of a postgres dependency: one role per service that uses it, owning only that
 * service's database, and no database open to PUBLIC (docs/topology-graph.md#postgres-roles).
 *
 * It is a shell script because it needs the passwords, which are never written into a file: they
 * reach the postgres container as environment variables (compose `${…:?}`, Kubernetes
 * `secretKeyRef`) and go to psql as variables (`-v name=value`, used as `:'name'`). Everything
 * else is SQL that creates what is missing and sets what may have changed, so it runs cleanly on
 * an empty data directory (the image runs it once) and again on every `./start.sh`, which
 * re-applies it to an existing volume. It works both executed and sourced (the image sources
 * scripts that are not executable): one command, no `set`, no `exit`.
 */
import { assertPrintable, shellQuote, sqlIdentifier, sqlLiteral } from '../../../escape';
import { ENV_NAME } from '../../grammar';
import { POSTGRES_SUPERUSER, serviceRole, serviceRoleSecret, sharedOwnerRole } from '../../postgres-roles';
import { GENERATED_MARKER } from '../../../marker';

/** One service that uses the postgres dependency, and the database it owns. */
export interface PostgresUser {
  readonly service: string;
  readonly database: string;
}

/** Name of the init script in `/docker-entrypoint-initdb.d`. */
export const POSTGRES_INIT_SCRIPT = '01-roles-and-databases.sh';

/** Databases every cluster has that the services' roles get no access to either. */
const CLUSTER_DATABASES = ['postgres', 'template1'];

const HEREDOC = 'TOPOGRAPH_SQL';

/** The script, for `users` of postgres dependency `dependency` (any order: output is sorted). */
export function renderPostgresInit(dependency: string, users: readonly PostgresUser[]): string {
  const services = [...new Set(users.map((u) => u.service))].sort();
  const databases = [...new Set(users.map((u) => u.database))].sort();
  const variable = (service: string) => `password_${service.replace(/-/g, '_')}`;
  const passwordArgs = services.map((service) => {
    const secret = serviceRoleSecret(dependency, service);
    if (!ENV_NAME.test(secret)) throw new RangeError(`not a variable name: ${JSON.stringify(secret)}`);
    return `  -v ${shellQuote(`${variable(service)}=`)}"\${${secret}:?${secret} is not set}"`;
  });

  const sql: string[] = ['-- One login role per service, with the password from its secret.'];
  for (const service of services) {
    const role = serviceRole(service);
    sql.push(
      createIfMissing('pg_roles', 'rolname', role, `CREATE ROLE ${sqlIdentifier(role)}`),
      `ALTER ROLE ${sqlIdentifier(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'${variable(service)}';`,
    );
  }
  sql.push('-- Each database, owned by its service (or, used by several, by an owner role they all act as).');
  for (const database of databases) {
    const members = services.filter((s) => users.some((u) => u.service === s && u.database === database));
    const shared = members.length > 1;
    const owner = shared ? sharedOwnerRole(database) : serviceRole(members[0]);
    if (shared) {
      sql.push(
        createIfMissing('pg_roles', 'rolname', owner, `CREATE ROLE ${sqlIdentifier(owner)}`),
        `ALTER ROLE ${sqlIdentifier(owner)} WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;`,
        `GRANT ${sqlIdentifier(owner)} TO ${members.map((m) => sqlIdentifier(serviceRole(m))).join(', ')};`,
      );
    }
    sql.push(
      createIfMissing('pg_database', 'datname', database, `CREATE DATABASE ${sqlIdentifier(database)} OWNER ${sqlIdentifier(owner)}`),
      `ALTER DATABASE ${sqlIdentifier(database)} OWNER TO ${sqlIdentifier(owner)};`,
      `REVOKE ALL ON DATABASE ${sqlIdentifier(database)} FROM PUBLIC;`,
    );
    // Once the database exists: in it, each of its services acts as the owner role.
    if (shared) {
      sql.push(...members.map((m) => `ALTER ROLE ${sqlIdentifier(serviceRole(m))} IN DATABASE ${sqlIdentifier(database)} SET role = ${sqlLiteral(owner)};`));
    }
  }
  const others = CLUSTER_DATABASES.filter((d) => !databases.includes(d));
  if (others.length) {
    sql.push('-- No role but the superuser may connect to the databases every cluster has.');
    sql.push(`REVOKE ALL ON DATABASE ${others.map(sqlIdentifier).join(', ')} FROM PUBLIC;`);
  }
  for (const line of sql) {
    assertPrintable(line, 'an SQL script');
    if (line === HEREDOC) throw new RangeError('SQL line equal to the here-document delimiter');
  }

  return [
    '#!/usr/bin/env bash',
    `# ${GENERATED_MARKER} — do not edit`,
    `# Roles and databases of the services that use '${dependency}': each service logs in as its own role,`,
    '# which owns only its own database; PUBLIC may connect to none. Passwords come from the container',
    '# environment, never from this file. Creates what is missing and sets the rest, so it is safe to run',
    '# again: the image runs it on an empty data directory, and ./start.sh (where topograph writes one) on every start.',
    `psql -v ON_ERROR_STOP=1 --no-psqlrc --username "\${POSTGRES_USER:-${POSTGRES_SUPERUSER}}" --dbname postgres \\`,
    ...passwordArgs.map((arg) => `${arg} \\`),
    `  <<'${HEREDOC}'`,
    ...sql,
    HEREDOC,
    '',
  ].join('\n');
}

/** `SELECT 'CREATE …' WHERE NOT EXISTS (…)\gexec`: psql runs the statement only when it selects it. */
function createIfMissing(catalog: string, column: string, name: string, statement: string): string {
  return `SELECT ${sqlLiteral(statement)} WHERE NOT EXISTS (SELECT FROM pg_catalog.${catalog} WHERE ${column} = ${sqlLiteral(name)})\\gexec`;
}
