/**
 * Checks that need the whole topology: references, duplicates, cycles, port clashes, env clashes,
 * one named rule each in ./rules (like the hardening rules). One implementation serves both
 * doors: the JSON loader (on whatever parts of the file are readable, so every problem is
 * reported at once) and the construct tree (`node.addValidation`).
 */
import { DEPENDENCY_KIND_TABLE } from './kinds';
import type { Problem } from './problems';
import {
  BUILT_IN_RULES,
  type CheckedEdge,
  type CheckedTopology,
  type EdgeRule,
  type ShapeDependency,
  type ShapeService,
  type TopologyCheck,
  type TopologyRule,
  type TopologyShape,
} from './rules';

export type { ShapeDependency, ShapeEdge, ShapeEnvironment, ShapeService, TopologyShape } from './rules/types';

/**
 * The topology checks in the order their problems are reported: names, then each edge (its
 * problems together), then the topology-wide ones; the checks of the registered dependency kinds
 * (their packs' `edgeRules`, run only on edges to a dependency of that kind, and `topologyRules`)
 * go in their places, in registration order.
 */
export function topologyRules(): TopologyCheck[] {
  const kinds = DEPENDENCY_KIND_TABLE.all();
  const kindEdgeRules = kinds.flatMap((kind) =>
    (kind.edgeRules ?? []).map((rule): EdgeRule => ({ ...rule, check: (edge, topology) => (edge.targetDependency?.type === kind.name ? rule.check(edge, topology) : []) })),
  );
  const kindTopologyRules: TopologyRule[] = kinds.flatMap((kind) => kind.topologyRules ?? []);
  return [...BUILT_IN_RULES.edges, ...kindEdgeRules, ...BUILT_IN_RULES.beforeKinds, ...kindTopologyRules, ...BUILT_IN_RULES.afterKinds];
}

/** Runs every topology check (src/graph/rules/) and returns all their problems, in rule order (each edge's together). */
export function checkTopology(shape: TopologyShape): Problem[] {
  const topology = indexTopology(shape);
  const problems: Problem[] = [];
  const rules = topologyRules();
  for (let i = 0; i < rules.length; ) {
    const rule = rules[i];
    if (rule.scope === 'topology') {
      problems.push(...rule.check(topology));
      i++;
      continue;
    }
    const edgeRules: EdgeRule[] = [];
    for (; i < rules.length && rules[i].scope === 'edge'; i++) edgeRules.push(rules[i] as EdgeRule);
    for (const edge of topology.edges) for (const edgeRule of edgeRules) problems.push(...edgeRule.check(edge, topology));
  }
  return problems;
}

/** Looks every name up once: the first node of each name, and each edge's ends, status and variable owner. */
export function indexTopology(shape: TopologyShape): CheckedTopology {
  const services = new Map<string, ShapeService>();
  const dependencies = new Map<string, ShapeDependency>();
  for (const service of shape.services) if (!services.has(service.name)) services.set(service.name, service);
  for (const dep of shape.dependencies) if (!services.has(dep.name) && !dependencies.has(dep.name)) dependencies.set(dep.name, dep);

  const seenEdges = new Map<string, string>();
  const envOwners = new Map<string, Map<string, string>>();
  for (const service of services.values()) {
    const owners = new Map<string, string>();
    for (const env of service.env ?? []) owners.set(env, `${service.where}.env/secrets`);
    envOwners.set(service.name, owners);
  }
  const edges = shape.edges.map((edge): CheckedEdge => {
    const from = services.get(edge.from);
    const targetService = services.get(edge.to);
    const targetDependency = dependencies.get(edge.to);
    const ends = { edge, from, targetService, targetDependency };
    if (!from || (!targetService && !targetDependency)) return { ...ends, status: 'dangling' };
    if (edge.from === edge.to) return { ...ends, status: 'self' };
    const key = `${edge.from}→${edge.to}`;
    const firstWhere = seenEdges.get(key);
    if (firstWhere !== undefined) return { ...ends, status: 'duplicate', firstWhere };
    seenEdges.set(key, edge.where);
    if (!edge.env) return { ...ends, status: 'ok' };
    const owners = envOwners.get(edge.from)!;
    const envOwner = owners.get(edge.env);
    if (envOwner === undefined) owners.set(edge.env, edge.where);
    return { ...ends, status: 'ok', ...(envOwner !== undefined ? { envOwner } : {}) };
  });
  const databaseKinds = DEPENDENCY_KIND_TABLE.all().filter((kind) => kind.databases).map((kind) => kind.name);
  return { shape, source: shape.source, services, dependencies, edges, databaseKinds };
}

/** Levenshtein distance, for "did you mean" hints. */
export { editDistance } from './edit-distance';
