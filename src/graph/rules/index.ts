/** Every topology check, in the order its problems are reported (src/graph/check.ts runs them). */
import { databaseTarget } from './database-target';
import { dependencyCycle } from './dependency-cycle';
import { duplicateEdge } from './duplicate-edge';
import { duplicateName } from './duplicate-name';
import { edgeUnknownEnd } from './edge-unknown-end';
import { envClash } from './env-clash';
import { hostPortClash } from './host-port-clash';
import { ingressRouteClash } from './ingress-route-clash';
import { libraryCaller } from './library-caller';
import { reservedDatabase } from './reserved-database';
import { selfEdge } from './self-edge';
import { aliasClash } from './alias-clash';
import { edgeConnection } from './edge-connection';
import { edgeWait } from './edge-wait';
import { segmentEdge } from './segment-edge';
import { segmentMembership } from './segment-membership';
import { serviceEdgeTarget } from './service-edge-target';
import { telemetryEnvClash } from './telemetry-env-clash';
import { environmentOverrides } from './environment-overrides';
import type { TopologyCheck } from './types';

export type { CheckedEdge, CheckedTopology, EdgeRule, ShapeDependency, ShapeEdge, ShapeEnvironment, ShapeService, TopologyCheck, TopologyRule, TopologyShape } from './types';

/**
 * The built-in topology checks in the order their problems are reported: names, then each edge
 * (consecutive edge rules report edge by edge), then the topology-wide ones. src/graph/check.ts
 * puts the dependency kinds' own checks between the parts: their edge rules after `edges`, their
 * topology rules after `beforeKinds`.
 */
export const BUILT_IN_RULES: {
  readonly edges: readonly TopologyCheck[];
  readonly beforeKinds: readonly TopologyCheck[];
  readonly afterKinds: readonly TopologyCheck[];
} = {
  edges: [duplicateName, aliasClash, segmentMembership, edgeUnknownEnd, selfEdge, duplicateEdge, libraryCaller, serviceEdgeTarget, databaseTarget, reservedDatabase, edgeConnection, edgeWait, segmentEdge],
  beforeKinds: [envClash, telemetryEnvClash, dependencyCycle],
  afterKinds: [hostPortClash, ingressRouteClash, environmentOverrides],
};
