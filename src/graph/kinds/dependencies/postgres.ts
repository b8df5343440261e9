/**
 * PostgreSQL from the official image. Every service that uses it gets its own database (named
 * after the service unless the edge names one) and logs in as its own role, which owns only that
 * database, with the password in the secret `<NAME>_<SERVICE>_PASSWORD`; the superuser password,
 * `<NAME>_PASSWORD`, stays with the postgres container (docs/topology-graph.md#postgres-roles).
 */
import { POSTGRES_SUPERUSER, superuserSecret } from '../../postgres-roles';
import { POSTGRES_INIT_SCRIPT, renderPostgresInit } from './postgres-init';
import type { DependencyKindPack } from '../dependency';
import { CHOWN_AND_SWITCH_USER, perServiceDatabases } from './per-service-databases';
import { passwordSecretClash } from '../../rules/password-secret-clash';
import { postgresReservedRole } from '../../rules/postgres-reserved-role';
import { postgresTemplateDatabase } from '../../rules/postgres-template-database';

/** PostgreSQL. */
export const POSTGRES: DependencyKindPack = {
  name: 'postgres',
  defaultVersion: '17',
  image: (version) => `postgres:${version}`,
  port: 5432,
  healthCheck: { command: ['pg_isready', '-h', '127.0.0.1', '-U', POSTGRES_SUPERUSER, '-d', 'postgres'], interval: '5s', timeout: '5s', retries: 10, startPeriod: '10s' },
  dataPath: '/var/lib/postgresql/data',
  scratchPaths: ['/var/run/postgresql'],
  env: { POSTGRES_USER: POSTGRES_SUPERUSER, PGDATA: '/var/lib/postgresql/data/pgdata' },
  secretEnv: (name) => ({ POSTGRES_PASSWORD: superuserSecret(name) }),
  connection: { env: 'DATABASE_URL', scheme: 'postgresql' },
  uid: 999,
  // The entrypoint starts as root: it creates and chowns PGDATA, then switches to postgres.
  capabilities: [...CHOWN_AND_SWITCH_USER],
  edgeRules: [postgresReservedRole, postgresTemplateDatabase],
  topologyRules: [passwordSecretClash],
  // Each user connects as its own role to the database it owns: the edge's `database`, else the service name.
  // A shell script creates each user's role and database (psql reads the passwords from the
  // container's environment); `./start.sh` re-applies it on every start.
  ...perServiceDatabases(POSTGRES_INIT_SCRIPT, renderPostgresInit),
};
