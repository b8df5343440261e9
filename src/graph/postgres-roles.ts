/**
 * Who logs in to a postgres dependency, named in one place for the init script, the connection
 * URLs and the topology checks (docs/topology-graph.md#postgres-roles):
 *
 * - each service that uses it logs in as a role named like the service, with the password in the
 *   secret `<DEPENDENCY>_<SERVICE>_PASSWORD` (`POSTGRES_CATALOG_PASSWORD`);
 * - that role owns the service's database and nothing else;
 * - several services that share a database (the same `database` on their edges) each keep their
 *   own role and password, and act in that database as its owner role `<database>_owner`, of which
 *   they are members: what one creates, the others can use and change;
 * - the superuser (`postgres`, password `<DEPENDENCY>_PASSWORD`) stays with the postgres container.
 */
import { createHash } from 'node:crypto';
import { envPrefix } from './grammar';

/** The superuser the postgres image is initialised with (POSTGRES_USER). */
export const POSTGRES_SUPERUSER = 'postgres';

/** Role names PostgreSQL reserves, besides the superuser's: no service can log in as one of these. */
export const RESERVED_ROLE_NAMES: readonly string[] = [POSTGRES_SUPERUSER, 'public', 'none'];

/** The secret holding the superuser password of postgres dependency `dependency`: `POSTGRES_PASSWORD`. */
export function superuserSecret(dependency: string): string {
  return `${envPrefix(dependency)}_PASSWORD`;
}

/** The role `service` logs in as. */
export function serviceRole(service: string): string {
  return service;
}

/** The secret holding the password of `service`'s role on `dependency`: `POSTGRES_CATALOG_PASSWORD`. */
export function serviceRoleSecret(dependency: string, service: string): string {
  return `${envPrefix(dependency)}_${envPrefix(service)}_PASSWORD`;
}

/**
 * The role that owns a database several services share: `<database>_owner`, which no service role
 * can be (service names have no `_`); names past PostgreSQL's 63 bytes keep a stable hash.
 */
export function sharedOwnerRole(database: string): string {
  const name = `${database}_owner`;
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(database).digest('hex').slice(0, 8);
  return `${database.slice(0, 63 - '_owner'.length - hash.length - 1)}_${hash}_owner`;
}
