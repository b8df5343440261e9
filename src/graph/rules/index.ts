/** Every topology check, in the order its problems are reported (src/graph/check.ts runs them). */
import { databaseTarget } from './database-target';
import { dependencyCycle } from './dependency-cycle';
import { duplicateEdge } from './duplicate-edge';
import { duplicateName } from './duplicate-name';
import { edgeUnknownEnd } from './edge-unknown-end';
import { envClash } from './env-clash';
import { hostPortClash } from './host-port-clash';
import { libraryCaller } from './library-caller';
import { passwordSecretClash } from './password-secret-clash';
import { postgresReservedRole } from './postgres-reserved-role';
import { postgresTemplateDatabase } from './postgres-template-database';
import { selfEdge } from './self-edge';
import { serviceEdgeTarget } from './service-edge-target';
import type { TopologyCheck } from './types';

export type { CheckedEdge, CheckedTopology, EdgeRule, TopologyCheck, TopologyRule } from './types';

/** The topology checks: names, then each edge (its problems together), then the topology-wide ones. */
export const TOPOLOGY_RULES: readonly TopologyCheck[] = [
  duplicateName,
  edgeUnknownEnd,
  selfEdge,
  duplicateEdge,
  libraryCaller,
  serviceEdgeTarget,
  databaseTarget,
  postgresReservedRole,
  postgresTemplateDatabase,
  envClash,
  dependencyCycle,
  passwordSecretClash,
  hostPortClash,
];
