/** What every part of the Kubernetes renderer looks up, built once per topology. */
import type { DependencyModel, ServiceModel, TopologyModel } from '../model';

export interface RenderContext {
  readonly topology: TopologyModel;
  /** Services and dependencies by name. */
  readonly nodes: ReadonlyMap<string, ServiceModel | DependencyModel>;
}

export function renderContext(topology: TopologyModel): RenderContext {
  const nodes = new Map<string, ServiceModel | DependencyModel>();
  for (const s of topology.services) nodes.set(s.name, s);
  for (const d of topology.dependencies) nodes.set(d.name, d);
  return { topology, nodes };
}
