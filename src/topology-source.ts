/**
 * What the synthesis engine needs of a topology, so that src/ never imports constructs/:
 * `Topology` (constructs/topology.ts) implements it, and entry points wire the two.
 */
import type { IConstruct } from 'constructs';
import type { Problem } from './graph/problems';
import type { ServiceSpec } from './graph/schema';
import type { Acknowledgement } from './lint';
import type { TopologyModel } from './model';
import type { EscapeHatches } from './render/escape-hatches';

/** Marks the constructs that are topologies (`Symbol.for`, so two copies of topograph agree). */
export const TOPOLOGY_SOURCE = Symbol.for('topograph.TopologySource');

/** A topology as the engine sees it: its name, where its sources are, its checks and its resolved model. */
export interface TopologySource extends IConstruct {
  /** The topology name (output subdirectory when an app holds several). */
  readonly topologyName: string;
  /** Directory build contexts are relative to. */
  readonly baseDir: string;
  /** Hardening-rule findings accepted on purpose. */
  readonly lintAcknowledgements: readonly Acknowledgement[];
  /** Every problem with the topology as a whole; empty when it can be synthesized. */
  validateTopology(): Problem[];
  /** The declared environments, in the order declared. @default none */
  readonly environmentNames?: readonly string[];
  /**
   * The resolved model every renderer reads (computed once until the topology changes), of the base
   * or of one declared environment. Throws on invalid topologies and undeclared environments.
   */
  toModel(environment?: string): TopologyModel;
  /** The services as graph entries, for the build-context checks that read the disk. */
  serviceSpecs(): ServiceSpec[];
  /** @internal The escape hatches recorded on it, applied to the documents before serialization. */
  readonly _escapeHatches: EscapeHatches;
}

/** Whether `x` is a topology the engine can synthesize. */
export function isTopologySource(x: unknown): x is TopologySource {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[TOPOLOGY_SOURCE] === true;
}
