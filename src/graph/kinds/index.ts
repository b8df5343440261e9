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
import { OTEL_COLLECTOR } from './dependencies/otel-collector';
import { POSTGRES } from './dependencies/postgres';
import { RABBITMQ } from './dependencies/rabbitmq';
import { REDIS } from './dependencies/redis';
import { VALKEY } from './dependencies/valkey';
import { registerDependencyKind } from './dependency';
import { registerRuntime } from './runtime';
import { BUN } from './runtimes/bun';
import { DOTNET } from './runtimes/dotnet';
import { GO } from './runtimes/go';
import { JAVA } from './runtimes/java';
import { NODE } from './runtimes/node';
import { PHP } from './runtimes/php';
import { PYTHON } from './runtimes/python';
import { RUBY } from './runtimes/ruby';
import { RUST } from './runtimes/rust';
import { STATIC } from './runtimes/static';

[PYTHON, NODE, BUN, GO, JAVA, DOTNET, RUST, RUBY, PHP, STATIC].forEach(registerRuntime);
[POSTGRES, REDIS, NATS, MYSQL, MARIADB, MONGODB, RABBITMQ, KAFKA, VALKEY, MEMCACHED, MINIO, OPENSEARCH, ELASTICSEARCH, OTEL_COLLECTOR].forEach(registerDependencyKind);

export { KindTable, type NamedPack } from './table';
export { DEFAULT_DOCKERFILE, IMAGE_RUNTIMES, type ImageRuntime, isImageRuntime, MAX_USER_ID } from './image-runtimes';
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
  type HealthProbeKind,
  type RuntimeService,
  type RuntimePack,
  type SupportCalendar,
  type SupportedLine,
  type VersionFloor,
  writeFileInstruction,
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
