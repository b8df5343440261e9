/** What every part of the Kubernetes renderer looks up, built once per topology. */
import type { DependencyModel, ServiceModel, TopologyModel } from '../model';

/** The first port of a Service as it is synthesized: what clients connect to, and the pods' port behind it. */
export interface ServicePorts {
  readonly port: number | string;
  readonly targetPort: number | string;
}

export interface RenderContext {
  readonly topology: TopologyModel;
  /** Services and dependencies by name. */
  readonly nodes: ReadonlyMap<string, ServiceModel | DependencyModel>;
  /**
   * The ports of the Kubernetes Service named `name` as it will be synthesized, after every patch
   * and change made to it (undefined when there is no such Service). Read while serializing, so
   * derived values (init-container waits, NetworkPolicy ports) follow a patched Service.
   */
  readonly servicePorts: (name: string) => ServicePorts | undefined;
}

export function renderContext(topology: TopologyModel, servicePorts: (name: string) => ServicePorts | undefined = () => undefined): RenderContext {
  const nodes = new Map<string, ServiceModel | DependencyModel>();
  for (const s of topology.services) nodes.set(s.name, s);
  for (const d of topology.dependencies) nodes.set(d.name, d);
  return { topology, nodes, servicePorts };
}
