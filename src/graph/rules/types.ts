/**
 * The shapes every topology check shares (src/graph/check.ts runs them). A rule is a small pure
 * function from the indexed topology, or one of its edges, to the problems it finds.
 */
import type { ConnectionOptions } from '../connection';
import type { Problem } from '../problems';

/** A service as the topology checks see it. */
export interface ShapeService {
  readonly name: string;
  readonly archetype?: string;
  readonly port?: number;
  /** The host ports it publishes (`ports[].host`). @default none */
  readonly hostPorts?: readonly number[];
  readonly public?: boolean;
  readonly env?: readonly string[];
  /** Its secret variables (also in `env`), for the environment checks. @default none */
  readonly secrets?: readonly string[];
  /** Compose profile, resolved (the graph's, else the archetype's). @default none */
  readonly profile?: string;
  /** Whether it has a health check dependants can wait on as healthy. @default whether it has a port and is neither a library nor a job */
  readonly hasHealthCheck?: boolean;
  /** Extra DNS names. @default none */
  readonly aliases?: readonly string[];
  /** Segments it names. @default none given */
  readonly segments?: readonly string[];
  /** The hosts and path its `ingress` routes (src/graph/ingress.ts). @default none */
  readonly routes?: { readonly hosts: readonly string[]; readonly path: string };
  /** How to point at it in a message, e.g. `services[catalog]`. */
  readonly where: string;
}

/** A dependency as the topology checks see it. */
export interface ShapeDependency {
  readonly name: string;
  readonly type?: string;
  readonly port?: number;
  readonly publish?: boolean;
  /** Managed outside the topology (no roles or databases are created in it). */
  readonly external?: boolean;
  /** Extra DNS names. @default none */
  readonly aliases?: readonly string[];
  /** Segments it names. @default none given */
  readonly segments?: readonly string[];
  readonly where: string;
}

/** An environment as the topology checks see it: the members it overrides. */
export interface ShapeEnvironment {
  readonly name: string;
  /** The services it overrides, each with the variables its `env` sets. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly env: readonly string[] }>;
  /** The dependencies it overrides. */
  readonly dependencies: readonly string[];
  /** How to point at it in a message, e.g. `environments.prod`. */
  readonly where: string;
}

/** An edge as the topology checks see it. */
export interface ShapeEdge {
  readonly from: string;
  readonly to: string;
  /** The env variable the edge sets (explicit or default). */
  readonly env?: string;
  /** Whether the edge names `env` itself. @default false */
  readonly explicitEnv?: boolean;
  readonly database?: string;
  /** Its connection fields (format, template, port, split variables) and wait. @default none */
  readonly options?: ConnectionOptions & { readonly wait?: string };
  /** What its target's connection has, for templates and split variables (dependencies; a service has none of these). @default nothing */
  readonly connection?: { readonly hasUser: boolean; readonly hasPassword: boolean; readonly hasDatabase: boolean };
  readonly where: string;
}

/** The topology as the topology checks see it, from either door. */
export interface TopologyShape {
  readonly services: readonly ShapeService[];
  readonly dependencies: readonly ShapeDependency[];
  readonly edges: readonly ShapeEdge[];
  /** Declared network segments, in order. @default none */
  readonly segments?: readonly string[];
  /** Whether the topology has `telemetry` (every containerized service gets the OTEL_* variables). @default false */
  readonly telemetry?: boolean;
  /** Declared environments and what each overrides (src/graph/environments.ts). @default none */
  readonly environments?: readonly ShapeEnvironment[];
  /** Where the user fixes things: a file name, or "your topology code". */
  readonly source: string;
}

/** One edge, with its ends looked up. */
export interface CheckedEdge {
  readonly edge: ShapeEdge;
  /**
   * `dangling`: an end is not a service (start) or not in the topology (target); `self`: from and to
   * are one node; `duplicate`: an earlier edge joins the same pair; `ok`: the others, which the
   * rules about what an edge means look at.
   */
  readonly status: 'dangling' | 'self' | 'duplicate' | 'ok';
  /** The service it starts at. @default absent when the start is no service */
  readonly from?: ShapeService;
  /** The service it ends at. @default absent when the target is a dependency or unknown */
  readonly targetService?: ShapeService;
  /** The dependency it ends at. @default absent when the target is a service or unknown */
  readonly targetDependency?: ShapeDependency;
  /** `duplicate` edges: where the first edge of the pair is. @default absent */
  readonly firstWhere?: string;
  /** `ok` edges: who set the edge's variable on its service first (its own env, or an earlier edge). @default absent when no one */
  readonly envOwner?: string;
}

/** The topology with its names looked up once, for every rule. */
export interface CheckedTopology {
  readonly shape: TopologyShape;
  /** Where the user fixes things: a file name, or "your topology". */
  readonly source: string;
  /** The first service of each name. */
  readonly services: ReadonlyMap<string, ShapeService>;
  /** The first dependency of each name not taken by a service. */
  readonly dependencies: ReadonlyMap<string, ShapeDependency>;
  /** Every edge, in the order given. */
  readonly edges: readonly CheckedEdge[];
  /** The registered dependency kinds whose edges may name a database (postgres). */
  readonly databaseKinds: readonly string[];
}

interface RuleBase {
  /** Kebab-case name, as the file is named. */
  readonly id: string;
  /** One line: what the rule requires. */
  readonly description: string;
}

/** A rule about the topology as a whole. */
export interface TopologyRule extends RuleBase {
  readonly scope: 'topology';
  check(topology: CheckedTopology): Problem[];
}

/** A rule about one edge; consecutive edge rules report edge by edge, so an edge's problems stay together. */
export interface EdgeRule extends RuleBase {
  readonly scope: 'edge';
  check(edge: CheckedEdge, topology: CheckedTopology): Problem[];
}

/** A topology check. */
export type TopologyCheck = TopologyRule | EdgeRule;
