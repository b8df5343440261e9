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
import { joinDocuments, type ManifestObject, type YamlDocument, withHeader, yamlDocument } from './serialize';
import { serviceWorkload } from './service-workload';
import { kubernetesNameProblems, topologySecretName } from './names';

/** The Kubernetes manifests of a resolved topology, as `{file under kubernetes/: YAML}`. Pure: same model, same bytes. */
export function renderKubernetes(topology: TopologyModel): Record<string, string> {
  const nameProblems = kubernetesNameProblems(topology);
  if (nameProblems.length) throw new TopologyError(nameProblems);
  const ctx = renderContext(topology);
  const app = new App();
  const labels = topologyLabels(topology);
  const chart = (id: string, namespaced = true) =>
    new Chart(app, id, { labels, ...(namespaced ? { namespace: topology.namespace } : {}), disableResourceNameHashes: true });
  const title = `Topology ${topology.name} ${topology.version}, namespace ${topology.namespace}.`;
  // Objects are written to YAML as soon as their chart is built, and the chart is then dropped:
  // memory holds the text of the manifests, not every construct of a large topology at once.
  const files = new Map<string, { header: string[]; documents: YamlDocument[] }>();
  const add = (file: string, header: string[], objects: readonly ManifestObject[]) => {
    const entry = files.get(file) ?? { header, documents: [] };
    for (const o of objects) entry.documents.push(yamlDocument(o));
    files.set(file, entry);
  };
  const render = (id: string, build: (c: Chart) => void, namespaced = true): ManifestObject[] => {
    const c = chart(id, namespaced);
    build(c);
    const objects = chartObjects(c);
    app.node.tryRemoveChild(id);
    return objects;
  };

  if (ownsNamespace(topology)) {
    add(NAMESPACE_FILE, [title, 'Apply it first: everything else lives in this namespace.'], render('namespace', (c) => namespace(c, topology), false));
  }
  const inCluster = topology.dependencies.filter((d) => !d.external);
  if (inCluster.length) {
    add(
      DEPENDENCIES_FILE,
      [title, 'Dependencies run in the cluster: one StatefulSet each, with its data on a persistent volume.'],
      render('dependencies', (c) => inCluster.forEach((dep) => dependencyWorkload(c, dep, ctx))),
    );
  }
  const servicesHeader = [title, 'Services: each pod starts once what it needs is ready (init containers wait for it).'];
  add(SERVICES_FILE, servicesHeader, []);
  for (const service of topology.services) {
    if (!service.containerized) continue;
    if (service.longRunning) add(SERVICES_FILE, servicesHeader, render(`services-${service.name}`, (c) => serviceWorkload(c, service, ctx)));
    else if (service.archetype === 'data-pipeline') add(SERVICES_FILE, servicesHeader, render(`services-${service.name}`, (c) => pipelineWorkload(c, service, ctx)));
    else {
      const toolHeader = [
        title,
        `Job template of cli-tool ${service.name}, not applied with the directory.`,
        `Run it once: kubectl create -f <output directory>/kubernetes/${toolFile(service)}`,
      ];
      const tool = chart(`tool-${service.name}`);
      add(SERVICES_FILE, servicesHeader, render(`services-${service.name}`, (c) => toolJobTemplate(c, tool, service, ctx)));
      add(toolFile(service), toolHeader, chartObjects(tool));
      app.node.tryRemoveChild(tool.node.id);
    }
  }
  add(NETWORK_POLICIES_FILE, [title, 'Every pod of the topology denies all traffic except DNS and the edges of the graph.'], networkPolicies(ctx));

  const secret = topologySecretName(topology);
  const secretLine = `Reads the Secret ${secret}, which you create (see docs/kubernetes.md); no secret value is in this file.`;
  const out: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const file of [...files.keys()].sort()) {
    const { header, documents: docs } = files.get(file)!;
    if (docs.length === 0) continue;
    for (const d of docs) {
      const key = `${d.kind}/${d.name}`;
      const other = seen.get(key);
      if (other) throw duplicateName(key, other, file);
      seen.set(key, file);
    }
    const documents = joinDocuments(docs);
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
