/**
 * Runtimes and dependency kinds as packs, each in one file, registered into one table per sort
 * (docs/extending.md). Importing this module registers the built-ins, in this order (the order
 * of the schema's enums and of every list derived from the tables).
 */
import { NATS } from './dependencies/nats';
import { POSTGRES } from './dependencies/postgres';
import { REDIS } from './dependencies/redis';
import { registerDependencyKind } from './dependency';
import { registerRuntime } from './runtime';
import { BUN } from './runtimes/bun';
import { GO } from './runtimes/go';
import { NODE } from './runtimes/node';
import { PYTHON } from './runtimes/python';

[PYTHON, NODE, BUN, GO].forEach(registerRuntime);
[POSTGRES, REDIS, NATS].forEach(registerDependencyKind);

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
  type HealthProbeKind,
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
