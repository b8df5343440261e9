/**
 * Checks that need the whole topology: references, duplicates, cycles, port clashes, env clashes,
 * one named rule each in ./rules (like the hardening rules). One implementation serves both
 * doors: the JSON loader (on whatever parts of the file are readable, so every problem is
 * reported at once) and the construct tree (`node.addValidation`).
 */
import type { Problem } from './problems';
import { type CheckedEdge, type CheckedTopology, type EdgeRule, topologyRules } from './rules';

export interface ShapeService {
  readonly name: string;
  readonly archetype?: string;
  readonly port?: number;
  readonly public?: boolean;
  readonly env?: readonly string[];
  /** How to point at it in a message, e.g. `services[catalog]`. */
  readonly where: string;
}

export interface ShapeDependency {
  readonly name: string;
  readonly type?: string;
  readonly port?: number;
  readonly publish?: boolean;
  /** Managed outside the topology (no roles or databases are created in it). */
  readonly external?: boolean;
  readonly where: string;
}

export interface ShapeEdge {
  readonly from: string;
  readonly to: string;
  /** The env variable the edge sets (explicit or default). */
  readonly env?: string;
  readonly database?: string;
  readonly where: string;
}

export interface TopologyShape {
  readonly services: readonly ShapeService[];
  readonly dependencies: readonly ShapeDependency[];
  readonly edges: readonly ShapeEdge[];
  /** Where the user fixes things: a file name, or "your topology code". */
  readonly source: string;
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
  return { shape, source: shape.source, services, dependencies, edges };
}

/** Levenshtein distance, for "did you mean" hints. */
export { editDistance } from './edit-distance';
