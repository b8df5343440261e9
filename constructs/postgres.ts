import type { Construct } from 'constructs';
import { DEPENDENCY_VERSIONS } from '../src/defaults';
import { POSTGRES_SUPERUSER, serviceRole, serviceRoleSecret } from '../src/graph/postgres-roles';
import { POSTGRES_INIT_SCRIPT, renderPostgresInit } from '../src/render/postgres-init';
import { Dependency, type DependencyCommonProps, type DependencyInit, passwordSecretOf, type UseOptions } from './dependency';
import type { Service } from './service';

/** Props for PostgreSQL. */
export interface PostgresProps extends DependencyCommonProps {
  /** Major version of the official image. @default "17" */
  readonly version?: string;
}

/**
 * PostgreSQL from the official image. Every service that uses it gets its own database (named
 * after the service unless the edge names one) and logs in as its own role, which owns only that
 * database, with the password in the secret `<NAME>_<SERVICE>_PASSWORD`; the superuser password,
 * `<NAME>_PASSWORD`, stays with the postgres container (docs/topology-graph.md#postgres-roles).
 */
export class Postgres extends Dependency {
  public constructor(scope: Construct, id: string, props: PostgresProps = {}) {
    super(scope, id, {
      ...props,
      type: 'postgres',
      image: props.image ?? `postgres:${props.version ?? DEPENDENCY_VERSIONS.postgres}`,
      port: 5432,
      healthCheck: { command: ['pg_isready', '-h', '127.0.0.1', '-U', POSTGRES_SUPERUSER, '-d', 'postgres'], interval: '5s', timeout: '5s', retries: 10, startPeriod: '10s' },
      dataPath: '/var/lib/postgresql/data',
      scratchPaths: ['/var/run/postgresql'],
      env: { POSTGRES_USER: POSTGRES_SUPERUSER, PGDATA: '/var/lib/postgresql/data/pgdata' },
      secretEnv: { POSTGRES_PASSWORD: passwordSecretOf(id) },
      connection: { env: 'DATABASE_URL', scheme: 'postgresql' },
      uid: 999,
      // The entrypoint starts as root: it creates and chowns PGDATA, then switches to postgres.
      capabilities: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
    });
  }

  /** `user` connects as its own role to the database it owns: the edge's `database`, else the service name. */
  public connectionFor(user: Service, options: UseOptions = {}) {
    return {
      ...super.connectionFor(user, options),
      username: serviceRole(user.name),
      passwordSecret: serviceRoleSecret(this.name, user.name),
      path: databaseOf(user, options),
    };
  }

  /**
   * A shell script creating each user's role and database (psql reads the passwords from the
   * container's environment); `./start.sh` re-applies it on every start.
   */
  protected initFiles(users: ReadonlyArray<{ service: Service; options: UseOptions }>): DependencyInit | undefined {
    if (users.length === 0) return undefined;
    const init = '/docker-entrypoint-initdb.d';
    const secrets = users.map((u) => serviceRoleSecret(this.name, u.service.name));
    return {
      path: init,
      files: { [POSTGRES_INIT_SCRIPT]: renderPostgresInit(this.name, users.map((u) => ({ service: u.service.name, database: databaseOf(u.service, u.options) }))) },
      secretEnv: Object.fromEntries(secrets.map((s) => [s, s])),
      rerun: ['bash', `${init}/${POSTGRES_INIT_SCRIPT}`],
    };
  }
}

function databaseOf(user: Service, options: UseOptions): string {
  return options.database ?? user.name;
}
