/**
 * `renderKubernetes`: the topology model → `{file under kubernetes/: YAML}`. The charts are built
 * with cdk8s-plus in a private cdk8s App (never the user's), then each chart's objects are
 * serialized by topograph (see serialize.ts). Pure: no disk, no clock, same model → same bytes.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { TopologyError } from '../graph/problems';
import type { TopologyModel } from '../model';
import { toolJobTemplate, pipelineWorkload } from './batch-workload';
import { dependencyWorkload } from './dependency-workload';
import { DEPENDENCIES_FILE, NAMESPACE_FILE, NETWORK_POLICIES_FILE, SERVICES_FILE, toolFile } from './files';
import { topologyLabels } from './labels';
import { namespace, ownsNamespace } from './namespace';
import { networkPolicies } from './network-policies';
import { renderContext } from './render-context';
import { type ManifestObject, toYamlDocuments, withHeader } from './serialize';
import { serviceWorkload } from './service-workload';
import { topologySecretName } from './names';

/** The Kubernetes manifests of a resolved topology, as `{file under kubernetes/: YAML}`. Pure: same model, same bytes. */
export function renderKubernetes(topology: TopologyModel): Record<string, string> {
  const ctx = renderContext(topology);
  const app = new App();
  const labels = topologyLabels(topology);
  const chart = (id: string, namespaced = true) =>
    new Chart(app, id, { labels, ...(namespaced ? { namespace: topology.namespace } : {}), disableResourceNameHashes: true });
  const title = `Topology ${topology.name} ${topology.version}, namespace ${topology.namespace}.`;
  const files: Array<{ file: string; header: string[]; chart: Chart }> = [];

  if (ownsNamespace(topology)) {
    const c = chart('namespace', false);
    namespace(c, topology);
    files.push({ file: NAMESPACE_FILE, header: [title, 'Apply it first: everything else lives in this namespace.'], chart: c });
  }
  const inCluster = topology.dependencies.filter((d) => !d.external);
  if (inCluster.length) {
    const c = chart('dependencies');
    for (const dep of inCluster) dependencyWorkload(c, dep, ctx);
    files.push({ file: DEPENDENCIES_FILE, header: [title, 'Dependencies run in the cluster: one StatefulSet each, with its data on a persistent volume.'], chart: c });
  }
  const services = chart('services');
  for (const service of topology.services) {
    if (!service.containerized) continue;
    if (service.longRunning) serviceWorkload(services, service, ctx);
    else if (service.archetype === 'data-pipeline') pipelineWorkload(services, service, ctx);
    else {
      const tool = chart(`tool-${service.name}`);
      toolJobTemplate(services, tool, service, ctx);
      files.push({
        file: toolFile(service),
        header: [title, `Job template of cli-tool ${service.name}, not applied with the directory.`, `Run it once: kubectl create -f <output directory>/kubernetes/${toolFile(service)}`],
        chart: tool,
      });
    }
  }
  files.push({ file: SERVICES_FILE, header: [title, 'Services: each pod starts once what it needs is ready (init containers wait for it).'], chart: services });
  const policies = chart('network-policies');
  networkPolicies(policies, ctx);
  files.push({ file: NETWORK_POLICIES_FILE, header: [title, 'Every pod of the topology denies all traffic except DNS and the edges of the graph.'], chart: policies });

  const secret = topologySecretName(topology);
  const secretLine = `Reads the Secret ${secret}, which you create (see docs/kubernetes.md); no secret value is in this file.`;
  const out: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const { file, header, chart: c } of files.sort((a, b) => (a.file < b.file ? -1 : 1))) {
    const objects = chartObjects(c);
    if (objects.length === 0) continue;
    for (const o of objects) {
      const key = `${o.kind}/${o.metadata.name ?? o.metadata.generateName}`;
      const other = seen.get(key);
      if (other) throw duplicateName(key, other, file);
      seen.set(key, file);
    }
    const documents = toYamlDocuments(objects);
    out[file] = withHeader(documents.includes(`name: ${secret}\n`) ? [...header, secretLine] : header, documents);
  }
  return out;
}

/**
 * The objects of one chart. Equivalent to `chart.toJson()` minus the app-wide dependency
 * resolution and validation it repeats for every chart (quadratic in a topology with many
 * charts); topograph sorts the objects itself and its constructs register no validations.
 */
function chartObjects(chart: Chart): ManifestObject[] {
  return chart.node
    .findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .map((o) => o.toJson() as ManifestObject);
}

function duplicateName(key: string, first: string, second: string): TopologyError {
  return new TopologyError([
    {
      message: `Two Kubernetes objects would both be ${key}`,
      value: first === second ? `both in ${first}` : `in ${first} and ${second}`,
      expected: 'names that stay distinct once topograph adds its prefixes and suffixes (-config, allow-…-to-…)',
      action: 'Rename one of the services or dependencies involved in the topology',
    },
  ]);
}
