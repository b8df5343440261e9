/**
 * MongoDB from the official image (`mongo`, the 8.0 line). Every service that uses it gets its own
 * database (the edge's `database`, else the service name) and its own user there, with `dbOwner`
 * on that database only and the password in the secret `<NAME>_<SERVICE>_PASSWORD`; the root user's
 * password, `<NAME>_PASSWORD`, stays with the container (docs/topology-graph.md#mongodb).
 *
 * Checked against the image's documentation and Dockerfile (hub.docker.com/_/mongo,
 * github.com/docker-library/mongo): data in /data/db; user mongodb is uid 999; the entrypoint
 * starts as root, chowns /data/db and switches user; with MONGO_INITDB_ROOT_USERNAME/PASSWORD set
 * it creates the root user on an empty data directory, then sources the *.sh files of
 * /docker-entrypoint-initdb.d while a temporary mongod listens on 127.0.0.1. The image ships
 * mongosh (6.0 and later); `ping` needs no authentication.
 */
import { superuserSecret } from '../../postgres-roles';
import { MONGODB_INIT_SCRIPT, MONGODB_ROOT_USER, renderMongodbInit } from './mongodb-init';
import type { DependencyKindPack } from '../dependency';
import { CHOWN_AND_SWITCH_USER, perServiceDatabases } from './per-service-databases';

/** MongoDB. */
export const MONGODB: DependencyKindPack = {
  name: 'mongodb',
  defaultVersion: '8.0',
  image: (version) => `mongo:${version}`,
  port: 27017,
  healthCheck: { command: ['mongosh', '--quiet', '--norc', '--eval', 'quit(db.adminCommand({ ping: 1 }).ok === 1 ? 0 : 1)'], interval: '10s', timeout: '10s', retries: 10, startPeriod: '30s' },
  dataPath: '/data/db',
  // mongosh (health check, init script) writes its logs and history under ~/.mongodb: /tmp, as the root filesystem is read-only.
  env: { MONGO_INITDB_ROOT_USERNAME: MONGODB_ROOT_USER, HOME: '/tmp' },
  secretEnv: (name) => ({ MONGO_INITDB_ROOT_PASSWORD: superuserSecret(name) }),
  connection: { env: 'MONGODB_URL', scheme: 'mongodb' },
  uid: 999,
  capabilities: [...CHOWN_AND_SWITCH_USER],
  // Each user authenticates against its own database, the one in the URL's path (MongoDB's default authSource).
  ...perServiceDatabases(MONGODB_INIT_SCRIPT, renderMongodbInit),
};
