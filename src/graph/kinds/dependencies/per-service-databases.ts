/**
 * What the kinds with databases (postgres, mysql, mariadb, mongodb) share: every service that uses
 * one gets its own database — the edge's `database`, else the service name — and connects as its
 * own user, the password in `<NAME>_<SERVICE>_PASSWORD`; an init script in the image's init
 * directory creates them, reading the passwords from the container's environment, and `./start.sh`
 * runs it again on every start.
 */
import { serviceRole, serviceRoleSecret } from '../../postgres-roles';
import type { DependencyKindPack, DependencyUser } from '../dependency';

/** Where the official images of these kinds run init files from. */
export const INIT_DIRECTORY = '/docker-entrypoint-initdb.d';

/** The capabilities of an entrypoint that starts as root, chowns the data directory and switches user. */
export const CHOWN_AND_SWITCH_USER: readonly string[] = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

/** One using service and the database it owns. */
export interface ServiceDatabase {
  /** The service. */
  readonly service: string;
  /** Its database. */
  readonly database: string;
}

/** The database a user of a kind with databases owns: the edge's `database`, else the service name. */
export function databaseOf(user: DependencyUser): string {
  return user.options.database ?? user.service;
}

/** The pack fields of a kind with one database and one user per service, made by the init script `script` that `render` writes. */
export function perServiceDatabases(
  script: string,
  render: (dependency: string, users: readonly ServiceDatabase[]) => string,
): Pick<DependencyKindPack, 'databases' | 'connectionFor' | 'init'> {
  return {
    databases: true,
    connectionFor: (dependency, user) => ({
      username: serviceRole(user.service),
      passwordSecret: serviceRoleSecret(dependency, user.service),
      path: databaseOf(user),
    }),
    init: (dependency, users) => {
      if (users.length === 0) return undefined;
      const secrets = users.map((u) => serviceRoleSecret(dependency, u.service));
      return {
        path: INIT_DIRECTORY,
        files: { [script]: render(dependency, users.map((u) => ({ service: u.service, database: databaseOf(u) }))) },
        secretEnv: Object.fromEntries(secrets.map((s) => [s, s])),
        rerun: ['bash', `${INIT_DIRECTORY}/${script}`],
      };
    },
  };
}
