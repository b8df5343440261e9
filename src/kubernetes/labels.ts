/**
 * The recommended `app.kubernetes.io/*` labels, on every object and pod. Selectors use only the
 * two that never change for a workload (`name`, `instance`), so a version bump is a rolling
 * update rather than an immutable-selector error.
 */
import type { DependencyModel, ServiceModel, TopologyModel } from '../model';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const VERSION_LABEL = 'app.kubernetes.io/version';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'topograph';

export type Labels = Record<string, string>;

/** Labels every object of the topology carries (set once, on each chart). */
export function topologyLabels(topology: TopologyModel): Labels {
  return {
    [INSTANCE_LABEL]: topology.name,
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [PART_OF_LABEL]: topology.name,
  };
}

/** Selects every pod of the topology (default-deny and DNS policies). */
export function topologyPodSelector(topology: TopologyModel): Labels {
  return { [PART_OF_LABEL]: topology.name };
}

/** Selects the pods of one workload: Service, PodDisruptionBudget, NetworkPolicy and workload selectors. */
export function selectorLabels(topology: TopologyModel, workload: string): Labels {
  return { [INSTANCE_LABEL]: topology.name, [NAME_LABEL]: workload };
}

/** Labels of a service's objects and pods (beyond the topology labels). */
export function serviceLabels(topology: TopologyModel, service: ServiceModel): Labels {
  return {
    [COMPONENT_LABEL]: service.archetype,
    [NAME_LABEL]: service.name,
    [VERSION_LABEL]: labelValue(topology.version),
  };
}

/** Labels of a dependency's objects and pods: the version is its image tag. */
export function dependencyLabels(dependency: DependencyModel): Labels {
  const tag = /:([^:/@]+)(@.*)?$/.exec(dependency.image)?.[1];
  return {
    [COMPONENT_LABEL]: labelValue(dependency.type),
    [NAME_LABEL]: dependency.name,
    ...(tag ? { [VERSION_LABEL]: labelValue(tag) } : {}),
  };
}

/** All labels a pod of the workload carries: topology labels plus its own. */
export function podLabels(topology: TopologyModel, own: Labels): Labels {
  return { ...topologyLabels(topology), ...own };
}

/**
 * A valid label value (at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends):
 * other characters (`+` in `1.0.0+build`) become `_`.
 */
export function labelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
