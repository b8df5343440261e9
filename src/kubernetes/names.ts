/**
 * Every Kubernetes object name topograph writes, in one place, so manifests, the summary and the
 * docs can never disagree. Names come from graph names (already DNS labels); the few that are
 * composed and must stay DNS labels (at most 63 characters) are shortened with a stable hash.
 */
import { createHash } from 'node:crypto';
import type { Problem } from '../graph/problems';
import type { DependencyModel, TopologyModel } from '../model';

/** A DNS-1123 label: object names that must be labels (Service, Namespace, containers, volumes). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS-1123 subdomain: most object names (ConfigMap, Deployment, NetworkPolicy…). */
export const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes rejects CronJobs with longer names (Job names get an 11-character suffix). */
export const MAX_CRONJOB_NAME = 52;
/** StatefulSet pods carry `controller-revision-hash: <name>-<10 chars>`, a label value of at most 63. */
export const MAX_STATEFULSET_NAME = 52;

/**
 * Graph names that are valid DNS labels but too long for the object Kubernetes derives from them.
 * Checked up front (by `topograph validate` too) so every such name is reported at once.
 */
export function kubernetesNameProblems(topology: TopologyModel): Problem[] {
  const problems: Problem[] = [];
  for (const dep of topology.dependencies) {
    if (dep.external || dep.name.length <= MAX_STATEFULSET_NAME) continue;
    problems.push({
      message: `Name of dependency '${dep.name}' is too long for a Kubernetes StatefulSet`,
      value: `${dep.name.length} characters`,
      expected: `at most ${MAX_STATEFULSET_NAME} characters (its pods carry a label of the name plus an 11-character hash)`,
      action: `Rename '${dep.name}' in the topology`,
    });
  }
  for (const service of topology.services) {
    if (!service.containerized || service.archetype !== 'data-pipeline' || !service.schedule) continue;
    if (service.name.length <= MAX_CRONJOB_NAME) continue;
    problems.push({
      message: `Name of scheduled data-pipeline '${service.name}' is too long for a Kubernetes CronJob`,
      value: `${service.name.length} characters`,
      expected: `at most ${MAX_CRONJOB_NAME} characters (Kubernetes adds a suffix to the Jobs it creates)`,
      action: `Rename '${service.name}' in the topology`,
    });
  }
  // B (issue 18): a service named "ingress" that calls a routed service would share its policy name.
  const routed = new Set(topology.services.filter((s) => s.routes.length > 0).map((s) => s.name));
  for (const edge of topology.edges) {
    if (edge.from !== 'ingress' || !routed.has(edge.to)) continue;
    problems.push({
      message: `Service 'ingress' calls the routed service '${edge.to}': both would need the NetworkPolicy ${ingressControllerPolicyName(edge.to)}`,
      value: 'ingress',
      expected: 'no service named "ingress" calling a service that has an ingress',
      action: "Rename the service 'ingress' in the topology",
    });
  }
  return problems;
}

/** The Secret the user creates with every secret variable of the topology. */
export function topologySecretName(topology: TopologyModel): string {
  return `${topology.name}-secrets`;
}

/** ConfigMap with the plain environment of a workload. */
export function configMapName(workload: string): string {
  return `${workload}-config`;
}

/** ConfigMap with the files a dependency runs on first start (postgres: create databases). */
export function initConfigMapName(dependency: DependencyModel): string {
  return `${dependency.name}-init`;
}

/** Init container that waits for `target` to accept connections. */
export function waitContainerName(target: string): string {
  return shortLabel(`wait-for-${target}`);
}

/** NetworkPolicy letting `from` reach `to` (selects `from`'s pods: egress). */
export function egressPolicyName(from: string, to: string): string {
  return `allow-${from}-to-${to}`;
}

/** NetworkPolicy letting `to` accept `from` (selects `to`'s pods: ingress). */
export function ingressPolicyName(to: string, from: string): string {
  return `allow-${to}-from-${from}`;
}

/** NetworkPolicy admitting the ingress controller's (or Gateway's) pods to a routed service's ports. */
export function ingressControllerPolicyName(service: string): string {
  return `allow-${service}-from-ingress`;
}

/** NetworkPolicy letting anyone reach a public service's port. */
export function publicPolicyName(service: string): string {
  return `allow-${service}-from-anywhere`;
}

export function defaultDenyPolicyName(topology: TopologyModel): string {
  return `${topology.name}-default-deny`;
}

export function dnsPolicyName(topology: TopologyModel): string {
  return `${topology.name}-allow-dns`;
}

/**
 * Service port name (an IANA service name: at most 15 characters, a letter, no `--`):
 * `http` for services, the dependency type (`postgres`) when it qualifies, else `tcp`.
 */
export function dependencyPortName(dependency: DependencyModel): string {
  return /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-)){0,13}[a-z0-9]$/.test(dependency.type) && !dependency.type.includes('--')
    ? dependency.type
    : 'tcp';
}

/** `value` if it is a DNS label already, else its first characters plus a stable 8-character hash. */
export function shortLabel(value: string): string {
  if (DNS1123_LABEL.test(value)) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 8);
  const head = value.slice(0, 63 - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

/** Whether topograph generates the Namespace object (it does not take over shared namespaces). */
export function ownsNamespace(topology: TopologyModel): boolean {
  return topology.namespace !== 'default' && !topology.namespace.startsWith('kube-');
}
