/** Every topology check, in the order its problems are reported (src/graph/check.ts runs them). */
import { databaseTarget } from './database-target';
import { dependencyCycle } from './dependency-cycle';
import { duplicateEdge } from './duplicate-edge';
import { duplicateName } from './duplicate-name';
import { edgeUnknownEnd } from './edge-unknown-end';
import { envClash } from './env-clash';
import { hostPortClash } from './host-port-clash';
import { libraryCaller } from './library-caller';
import { selfEdge } from './self-edge';
import { serviceEdgeTarget } from './service-edge-target';
import { DEPENDENCY_KIND_TABLE } from '../kinds';
import type { EdgeRule, TopologyCheck, TopologyRule } from './types';

export type { CheckedEdge, CheckedTopology, EdgeRule, TopologyCheck, TopologyRule } from './types';

/**
 * The topology checks: names, then each edge (its problems together), then the topology-wide
 * ones; the checks of the registered dependency kinds (their packs' `edgeRules`, run only on edges
 * to a dependency of that kind, and `topologyRules`) go in their places, in registration order.
 */
export function topologyRules(): TopologyCheck[] {
  const kinds = DEPENDENCY_KIND_TABLE.all();
  const kindEdgeRules = kinds.flatMap((kind) =>
    (kind.edgeRules ?? []).map((rule): EdgeRule => ({ ...rule, check: (edge, topology) => (edge.targetDependency?.type === kind.name ? rule.check(edge, topology) : []) })),
  );
  const kindTopologyRules: TopologyRule[] = kinds.flatMap((kind) => kind.topologyRules ?? []);
  return [
    duplicateName,
    edgeUnknownEnd,
    selfEdge,
    duplicateEdge,
    libraryCaller,
    serviceEdgeTarget,
    databaseTarget,
    ...kindEdgeRules,
    envClash,
    dependencyCycle,
    ...kindTopologyRules,
    hostPortClash,
  ];
}
