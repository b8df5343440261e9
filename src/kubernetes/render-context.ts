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

/**
 * The port callers of `name` connect to in the cluster: its Service's first port as synthesized,
 * else (a streamed build, whose Services are already written) the model's: a service's primary
 * `servicePort`, a dependency's port.
 */
export function callPort(ctx: RenderContext, name: string): number | string | undefined {
  const live = ctx.servicePorts(name)?.port;
  if (live !== undefined) return live;
  const node = ctx.nodes.get(name);
  return node?.kind === 'service' ? node.ports[0]?.servicePort : node?.port;
}

export function renderContext(topology: TopologyModel, servicePorts: (name: string) => ServicePorts | undefined = () => undefined): RenderContext {
  const nodes = new Map<string, ServiceModel | DependencyModel>();
  for (const s of topology.services) nodes.set(s.name, s);
  for (const d of topology.dependencies) nodes.set(d.name, d);
  return { topology, nodes, servicePorts };
}
