/**
 * How the manifests are split into files, one per chart. Numbered so `kubectl apply -f kubernetes/`
 * (which reads a directory in name order) creates the Namespace first and the policies last;
 * `tools/` is not read by that command (it is not recursive): cli-tool Jobs run only when asked.
 */
import { plural } from '../plural';
import type { ServiceModel, TopologyModel } from '../model';
import { ownsNamespace } from './names';
import { userSecret } from './secrets';

export const NAMESPACE_FILE = '00-namespace.yaml';
/** The ExternalSecret filling the topology Secret from a secret store: after the Namespace, before every pod that reads it. */
export const SECRETS_FILE = '05-secrets.yaml';
export const DEPENDENCIES_FILE = '10-dependencies.yaml';
export const SERVICES_FILE = '20-services.yaml';
export const NETWORK_POLICIES_FILE = '30-network-policies.yaml';
export const TOOLS_DIR = 'tools';
/** The user's own objects (`kubernetes.extraManifests`, `kubernetesManifests`): applied last. */
export const EXTRA_FILE = '90-extra.yaml';

export function toolFile(tool: ServiceModel): string {
  return `${TOOLS_DIR}/${tool.name}.yaml`;
}

export interface KubernetesFileDescription {
  /** Path under `kubernetes/`. */
  readonly file: string;
  /** One line saying what is in it. */
  readonly description: string;
}

/** The files `renderKubernetes` writes for `topology`, in name order. */
export function kubernetesFiles(topology: TopologyModel): KubernetesFileDescription[] {
  const files: KubernetesFileDescription[] = [];
  const inCluster = topology.dependencies.filter((d) => !d.external);
  const deployed = topology.services.filter((s) => s.containerized && s.archetype !== 'cli-tool');
  const tools = topology.services.filter((s) => s.archetype === 'cli-tool');
  if (ownsNamespace(topology)) files.push({ file: NAMESPACE_FILE, description: `Namespace ${topology.namespace} (restricted Pod Security Standard)` });
  const secret = topology.secretStore && userSecret(topology);
  if (topology.secretStore && secret) {
    files.push({ file: SECRETS_FILE, description: `ExternalSecret ${secret.name}: the Secret, from ${topology.secretStore.kind} ${topology.secretStore.name}` });
  }
  if (inCluster.length) {
    files.push({ file: DEPENDENCIES_FILE, description: `${names(inCluster)}: StatefulSet, headless Service, persistent volume claim` });
  }
  if (deployed.length || tools.length) {
    files.push({ file: SERVICES_FILE, description: deployed.length ? `${names(deployed)}: ${workloadKinds(deployed, topology)}` : 'ServiceAccounts and ConfigMaps of the tools' });
  }
  // B (issue 18): and the ingress controller's namespace, when a service is routed.
  const routed = topology.ingress !== undefined && topology.services.some((s) => s.longRunning && s.routes.length > 0);
  const policies = `default deny, DNS, and one allow per edge (${plural(topology.edges.length, 'edge')})`;
  files.push({ file: NETWORK_POLICIES_FILE, description: routed ? `${policies}, and the ingress controller's namespace to the routed services` : policies });
  if (topology.extraManifests?.length) files.push({ file: EXTRA_FILE, description: `your own objects (${plural(topology.extraManifests.length, 'object')}, kubernetes.extraManifests)` });
  for (const tool of tools) files.push({ file: toolFile(tool), description: `cli-tool ${tool.name}: Job template, run on demand` });
  return files;
}

function names(nodes: ReadonlyArray<{ name: string }>): string {
  return nodes.map((n) => n.name).join(', ');
}

function workloadKinds(services: readonly ServiceModel[], topology: TopologyModel): string {
  const kinds = new Set<string>();
  for (const s of services) {
    if (s.longRunning) kinds.add('Deployment');
    else if (s.schedule) kinds.add('CronJob');
    else kinds.add('Job');
  }
  if (services.some((s) => s.autoscale)) kinds.add('HorizontalPodAutoscaler');
  // B (issue 18): the routed services' Ingresses or HTTPRoutes.
  if (services.some((s) => s.longRunning && s.routes.length > 0)) kinds.add(topology.ingress?.api === 'gateway' ? 'HTTPRoute' : 'Ingress');
  return [...kinds].join(', ');
}

/** Id of a topology's `KubernetesManifests` child construct (`topology.kubernetes`). */
export const KUBERNETES_CONSTRUCT_ID = 'Kubernetes';
