/**
 * Container resources: requests are the graph's reservations, limits its limits, written with the
 * same quantities compose reads (`2`, `500m`, `4Gi`). cdk8s-plus defaults never apply.
 *
 * When the graph gives nothing at all for a container, topograph requests a small share so the
 * scheduler can place the pod, and sets no limit (no guessed ceiling that could OOM-kill a
 * database): {@link SILENT_GRAPH_REQUESTS}. When it gives only some values, exactly those are
 * written; Kubernetes then takes a missing request to equal its limit.
 */
import * as kplus from 'cdk8s-plus-27';
import { formatCpuQuantity, formatMemoryQuantity } from '../graph/quantities';
import type { ResourceAmountsModel, ResourcesModel } from '../model';

/** Requests written when the graph gives no resources for a container: 100m CPU, 128Mi memory. */
export const SILENT_GRAPH_REQUESTS: ResourceAmountsModel = { cpu: 100, memory: 128 * 1024 ** 2 };

/** Resources of the init containers that wait for dependencies (a shell loop around `nc`). */
export const WAIT_RESOURCES: ResourcesModel = {
  reservations: { cpu: 10, memory: 16 * 1024 ** 2 },
  limits: { cpu: 100, memory: 32 * 1024 ** 2 },
};

/** Whether the graph gave this container no resources at all (neither limits nor reservations). */
export function noResourcesGiven(resources: ResourcesModel): boolean {
  const empty = (a: ResourceAmountsModel) => a.cpu === undefined && a.memory === undefined;
  return empty(resources.limits) && empty(resources.reservations);
}

/** Kubernetes resource requirements for the model's resources (see the module comment for defaults). */
export function resourceRequirements(resources: ResourcesModel): kplus.k8s.ResourceRequirements {
  const requests = noResourcesGiven(resources) ? SILENT_GRAPH_REQUESTS : resources.reservations;
  const out: { limits?: Record<string, kplus.k8s.Quantity>; requests?: Record<string, kplus.k8s.Quantity> } = {};
  const limits = quantities(resources.limits);
  const asked = quantities(requests);
  if (limits) out.limits = limits;
  if (asked) out.requests = asked;
  return out;
}

function quantities(amounts: ResourceAmountsModel): Record<string, kplus.k8s.Quantity> | undefined {
  const out: Record<string, kplus.k8s.Quantity> = {};
  if (amounts.cpu !== undefined) out.cpu = kplus.k8s.Quantity.fromString(formatCpuQuantity(amounts.cpu));
  if (amounts.memory !== undefined) out.memory = kplus.k8s.Quantity.fromString(formatMemoryQuantity(amounts.memory));
  return Object.keys(out).length > 0 ? out : undefined;
}
