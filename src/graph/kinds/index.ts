/**
 * Runtimes and dependency kinds as packs, each in one file, registered into one table per sort
 * (docs/extending.md). Importing this module registers the built-ins, in this order (the order
 * of the schema's enums and of every list derived from the tables).
 */
import { ELASTICSEARCH } from './dependencies/elasticsearch';
import { KAFKA } from './dependencies/kafka';
import { MARIADB } from './dependencies/mariadb';
import { MEMCACHED } from './dependencies/memcached';
import { MINIO } from './dependencies/minio';
import { MONGODB } from './dependencies/mongodb';
import { MYSQL } from './dependencies/mysql';
import { NATS } from './dependencies/nats';
import { OPENSEARCH } from './dependencies/opensearch';
import { POSTGRES } from './dependencies/postgres';
import { RABBITMQ } from './dependencies/rabbitmq';
import { REDIS } from './dependencies/redis';
import { VALKEY } from './dependencies/valkey';
import { registerDependencyKind } from './dependency';
import { registerRuntime } from './runtime';
import { BUN } from './runtimes/bun';
import { GO } from './runtimes/go';
import { NODE } from './runtimes/node';
import { PYTHON } from './runtimes/python';

[PYTHON, NODE, BUN, GO].forEach(registerRuntime);
[POSTGRES, REDIS, NATS, MYSQL, MARIADB, MONGODB, RABBITMQ, KAFKA, VALKEY, MEMCACHED, MINIO, OPENSEARCH, ELASTICSEARCH].forEach(registerDependencyKind);

export { KindTable, type NamedPack } from './table';
export {
  copyContextFiles,
  isOlderThan,
  supportStatus,
  type SupportStatus,
  registerRuntime,
  runtimePack,
  RUNTIME_TABLE,
  type ContextFile,
  type DockerfileStages,
  type EntryGrammar,
  type HealthProbeCheck,
  type RuntimeService,
  type RuntimePack,
  type SupportCalendar,
  type SupportedLine,
  type VersionFloor,
} from './runtime';
export {
  dependencyKind,
  registerDependencyKind,
  DEPENDENCY_KIND_TABLE,
  type DependencyConnection,
  type DependencyHealthCheck,
  type DependencyInit,
  type DependencyKindPack,
  type DependencyUser,
  type UserConnection,
  type UseOptions,
} from './dependency';
