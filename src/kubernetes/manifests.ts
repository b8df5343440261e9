/**
 * `KubernetesManifests`: a topology's Kubernetes objects as cdk8s charts in the app's construct
 * tree, one `Chart` per manifest file (`00-namespace.yaml`, `05-secrets.yaml` with a secret store, `10-dependencies.yaml`,
 * `20-services.yaml`, `30-network-policies.yaml`, `tools/<tool>.yaml`), built with cdk8s-plus from
 * the resolved model. Because they are ordinary constructs of the user's app, `ApiObject.of(x)`,
 * cdk8s-plus methods and cdk8s `Testing.synth(chart)` work on them (docs/kubernetes.md, "The
 * charts in your app").
 *
 * Derived values are read when the manifests are serialized, from the objects as synthesized
 * (after every JSON patch): the init containers that wait for a Service use its port, the
 * NetworkPolicies its targetPort, and `checksum/config` hashes the ConfigMap's data. Serialization
 * (serialize.ts, topograph's own emitter) is the last step.
 */
import { ApiObject, type ApiObjectMetadata, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, type IConstruct } from 'constructs';
import { type Problem, TopologyError } from '../graph/problems';
import type { TopologyModel } from '../model';
import type { KubernetesPatch } from '../render/escape-hatches';
import { pipelineWorkload, toolJobTemplate } from './batch-workload';
import { dependencyWorkload } from './dependency-workload';
import { DEPENDENCIES_FILE, EXTRA_FILE, KUBERNETES_CONSTRUCT_ID, NAMESPACE_FILE, NETWORK_POLICIES_FILE, SECRETS_FILE, SERVICES_FILE, toolFile } from './files';
import { externalSecret, storedSecret } from './external-secret';
import { topologyLabels } from './labels';
import { kubernetesNameProblems, topologySecretName } from './names';
import { namespace, ownsNamespace } from './namespace';
import { networkPolicies } from './network-policies';
import { PlainApiObject } from './plain-api-object';
import { addFinalPatches, patchCount } from './patch-count';
import { renderContext, type ServicePorts } from './render-context';
import { joinDocuments, type ManifestObject, withHeader, type YamlDocument, yamlDocument } from './serialize';
import { serviceWorkload } from './service-workload';
import { markTopographChart } from './user-charts';

const MANIFESTS_MARKER = Symbol.for('topograph.KubernetesManifests');

/** Props of {@link KubernetesManifests}. */
export interface KubernetesManifestsProps {
  /** The resolved topology the charts are built from. */
  readonly model: TopologyModel;
  /**
   * JSON patches recorded before the charts existed (`addKubernetesPatch`), added to the objects
   * they select as the charts are built.
   * @default none
   */
  readonly patches?: readonly KubernetesPatch[];
  /**
   * @internal Serialize each dependency's and service's objects as soon as they are built, and
   * remove their constructs: for a synthesis that nothing else looks at (no patches, nobody holds
   * the charts), memory holds one service's constructs at a time, not all of them
   * (docs/performance.md). The construct is then only good for `toFiles()`.
   * @default false
   */
  readonly _streamed?: boolean;
}

interface ManifestFile {
  readonly chart: Chart;
  /** Comment lines after the generated marker. */
  readonly header: readonly string[];
}

/**
 * A topology's Kubernetes objects: one cdk8s `Chart` per manifest file, built from the model when
 * the construct is created. Reach it as `topology.kubernetes`; look objects up with
 * `deployment('catalog')`, `service('catalog')`, `statefulSet('postgres')`,
 * `configMap('catalog-config')`, `ingress('catalog')`, `httpRoute('catalog')`, `networkPolicy('allow-billing-to-catalog')` or
 * `apiObject(kind, name)`, and add your own objects to a chart with `chart(file)`.
 */
export class KubernetesManifests extends Construct {
  /** Whether `x` is a {@link KubernetesManifests}. */
  public static isKubernetesManifests(x: unknown): x is KubernetesManifests {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[MANIFESTS_MARKER] === true;
  }

  /** The resolved topology the charts were built from. */
  public readonly model: TopologyModel;
  private readonly byFile = new Map<string, ManifestFile>();
  /** Generated objects by `Kind/name`. */
  private readonly index = new Map<string, ApiObject[]>();
  /** How many JSON patches topograph itself added to each object: more means someone changed it. */
  private readonly ownPatches = new Map<ApiObject, number>();
  /** Who added escape-hatch patches to an object, for error messages. */
  private readonly patchSources = new Map<ApiObject, string[]>();
  /** Documents already serialized (streamed builds), by file. */
  private readonly written = new Map<string, YamlDocument[]>();
  /** Objects that could not be serialized while streaming. */
  private readonly streamProblems: Problem[] = [];

  public constructor(scope: Construct, id: string, props: KubernetesManifestsProps) {
    super(scope, id);
    Object.defineProperty(this, MANIFESTS_MARKER, { value: true });
    const topology = props.model;
    this.model = topology;
    const nameProblems = kubernetesNameProblems(topology);
    if (nameProblems.length) throw new TopologyError(nameProblems);
    const ctx = renderContext(topology, (name) => this.servicePorts(name));
    const labels = topologyLabels(topology);
    const title = `Topology ${topology.name} ${topology.version}, namespace ${topology.namespace}.`;
    const chart = (chartId: string, file: string, header: readonly string[], namespaced = true) => {
      const c = new Chart(this, chartId, { labels, ...(namespaced ? { namespace: topology.namespace } : {}), disableResourceNameHashes: true });
      markTopographChart(c);
      this.byFile.set(file, { chart: c, header });
      return c;
    };

    if (ownsNamespace(topology)) {
      namespace(chart('namespace', NAMESPACE_FILE, [title, 'Apply it first: everything else lives in this namespace.'], false), topology);
    }
    const stored = storedSecret(topology);
    if (stored) {
      const c = chart('secrets', SECRETS_FILE, [
        title,
        `The Secret ${stored.secret.name}, filled by the External Secrets Operator from ${stored.store.kind} ${stored.store.name}; apply it before the workloads.`,
        'Only the names of remote keys are here, never a secret value.',
      ]);
      externalSecret(c, stored.store, stored.secret);
    }
    // Streaming: a unit's objects are written, then its constructs removed (see _streamed).
    const done = (unit: Construct, file: string) => {
      if (!props._streamed) return;
      this.write(file, unit.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)), this.streamProblems);
      unit.node.scope!.node.tryRemoveChild(unit.node.id);
    };
    const inCluster = topology.dependencies.filter((d) => !d.external);
    if (inCluster.length) {
      const c = chart('dependencies', DEPENDENCIES_FILE, [title, 'Dependencies run in the cluster: one StatefulSet each, with its data on a persistent volume.']);
      for (const dep of inCluster) {
        const unit = new Construct(c, dep.name);
        dependencyWorkload(unit, dep, ctx);
        done(unit, DEPENDENCIES_FILE);
      }
    }
    const services = chart('services', SERVICES_FILE, [title, 'Services: each pod starts once what it needs is ready (init containers wait for it).']);
    for (const service of topology.services) {
      if (!service.containerized) continue;
      const scope = new Construct(services, service.name);
      if (service.longRunning) serviceWorkload(scope, service, ctx);
      else if (service.archetype === 'data-pipeline' || service.archetype === 'job') pipelineWorkload(scope, service, ctx);
      else {
        const tool = chart(`tool-${service.name}`, toolFile(service), [
          title,
          `Job template of cli-tool ${service.name}, not applied with the directory.`,
          `Run it once: kubectl create -f <output directory>/kubernetes/${toolFile(service)}`,
        ]);
        toolJobTemplate(scope, tool, service, ctx);
      }
      done(scope, SERVICES_FILE);
    }
    const policies = chart('network-policies', NETWORK_POLICIES_FILE, [title, 'Every pod of the topology denies all traffic except DNS and the edges of the graph.']);
    const written = props._streamed ? this.documents(NETWORK_POLICIES_FILE) : undefined;
    networkPolicies(policies, ctx, (name) => duplicateName(`NetworkPolicy/${name}`, NETWORK_POLICIES_FILE, NETWORK_POLICIES_FILE), written && ((policy) => written.push(yamlDocument(policy))));
    if (topology.extraManifests?.length) {
      // The user's own objects, as given (namespace defaulted in the model): no topology labels added.
      const extra = new Chart(this, 'extra', { disableResourceNameHashes: true });
      markTopographChart(extra);
      this.byFile.set(EXTRA_FILE, { chart: extra, header: [title, 'Your own objects (kubernetes.extraManifests), applied after the generated ones.'] });
      topology.extraManifests.forEach((object, i) => {
        const { apiVersion, kind, metadata, ...body } = object;
        new PlainApiObject(extra, `extra-${i}`, { apiVersion, kind, metadata: structuredClone(metadata) as ApiObjectMetadata, body: () => structuredClone(body) as Record<string, unknown> });
      });
    }

    for (const { chart: c } of this.byFile.values()) {
      for (const object of chartObjects(c)) {
        const key = `${object.kind}/${object.name}`;
        const list = this.index.get(key);
        if (list) list.push(object);
        else this.index.set(key, [object]);
        this.ownPatches.set(object, patchCount(object));
      }
    }
    const problems = (props.patches ?? []).flatMap((p) => this._addPatch(p));
    if (problems.length) throw new TopologyError(problems);
  }

  /** The manifest files, in name order: `00-namespace.yaml` … `30-network-policies.yaml`, then `tools/<tool>.yaml` (a chart left empty writes no file). */
  public get files(): string[] {
    return [...this.byFile.keys()].sort();
  }

  /** Every chart, in the order of {@link files}. */
  public get charts(): Chart[] {
    return this.files.map((file) => this.byFile.get(file)!.chart);
  }

  /** The chart of one manifest file (one of {@link files}); objects you add to it are written into that file. */
  public chart(file: string): Chart {
    const entry = this.byFile.get(file);
    if (!entry) throw this.notFound('manifest file', file, this.files);
    return entry.chart;
  }

  /** The Deployment of a web-service or worker, by name. */
  public deployment(name: string): kplus.Deployment {
    return this.construct('Deployment', name, kplus.Deployment);
  }

  /** The StatefulSet of an in-cluster dependency, by name. */
  public statefulSet(name: string): kplus.StatefulSet {
    return this.construct('StatefulSet', name, kplus.StatefulSet);
  }

  /** The Service of a service or dependency (its DNS name). */
  public service(name: string): kplus.Service {
    return this.construct('Service', name, kplus.Service);
  }

  /** A ConfigMap by its name: `<workload>-config` (plain env values) or `<dependency>-init`. */
  public configMap(name: string): kplus.ConfigMap {
    return this.construct('ConfigMap', name, kplus.ConfigMap);
  }

  /** The ServiceAccount of a workload, by name. */
  public serviceAccount(name: string): kplus.ServiceAccount {
    return this.construct('ServiceAccount', name, kplus.ServiceAccount);
  }

  /** The Job of a data-pipeline without a schedule, or the Job template of a cli-tool, by name. */
  public job(name: string): kplus.Job {
    return this.construct('Job', name, kplus.Job);
  }

  /** The CronJob of a scheduled data-pipeline, by name. */
  public cronJob(name: string): kplus.CronJob {
    return this.construct('CronJob', name, kplus.CronJob);
  }

  /** The Ingress of a service with an `ingress` (topology api "ingress"), by the service's name. */
  public ingress(name: string): kplus.Ingress {
    return this.construct('Ingress', name, kplus.Ingress);
  }

  /** The Gateway API HTTPRoute of a service with an `ingress` (topology api "gateway"), by the service's name. */
  public httpRoute(name: string): ApiObject {
    return this.apiObject('HTTPRoute', name);
  }

  /** A NetworkPolicy by name, e.g. `allow-billing-to-catalog` (see docs/kubernetes.md for the names). */
  public networkPolicy(name: string): ApiObject {
    return this.apiObject('NetworkPolicy', name);
  }

  /** The HorizontalPodAutoscaler of a service with `autoscale`, by name (issue 18). */
  public horizontalPodAutoscaler(name: string): ApiObject {
    return this.apiObject('HorizontalPodAutoscaler', name);
  }

  /** The ExternalSecret filling the topology Secret from its `secretStore` (`<topology>-secrets`, in 05-secrets.yaml). */
  public externalSecret(): ApiObject {
    return this.apiObject('ExternalSecret', topologySecretName(this.model));
  }

  /** Any generated object by kind and `metadata.name`, as the ApiObject `addJsonPatch` works on. */
  public apiObject(kind: string, name: string): ApiObject {
    const found = this.index.get(`${kind}/${name}`)?.[0];
    if (!found) throw this.notFound(kind, name, [...this.index.keys()].filter((k) => k.startsWith(`${kind}/`)).map((k) => k.slice(kind.length + 1)));
    return found;
  }

  /**
   * @internal Adds an escape-hatch patch (`addKubernetesPatch`) to every object it selects; the
   * problem when it selects none.
   */
  public _addPatch(p: KubernetesPatch): Problem[] {
    const objects = this.index.get(`${p.selector.kind}/${p.selector.name}`) ?? [];
    if (objects.length === 0) {
      return [
        {
          message: `Kubernetes patch from ${p.where} matches no generated object`,
          value: `${p.selector.kind}/${p.selector.name}`,
          expected: `one of ${[...this.index.keys()].sort().join(', ')}`,
          action: 'Fix the kind or name of the patch',
        },
      ];
    }
    for (const object of objects) {
      addFinalPatches(object, p.patches);
      this.patchSources.set(object, [...(this.patchSources.get(object) ?? []), p.where]);
    }
    return [];
  }

  /**
   * The manifests as `{file under kubernetes/: YAML}`: every ApiObject of each chart (topograph's
   * and any you added), serialized with its patches, sorted by kind then name. Throws a
   * TopologyError naming each object that cannot be serialized (a JSON patch on a missing path).
   */
  public toFiles(): Record<string, string> {
    const secret = topologySecretName(this.model);
    const store = this.model.secretStore;
    const secretLine = store
      ? `Reads the Secret ${secret}, which the ExternalSecret in ${SECRETS_FILE} fills from ${store.kind} ${store.name}; no secret value is in this file.`
      : `Reads the Secret ${secret}, which you create (see docs/kubernetes.md); no secret value is in this file.`;
    const out: Record<string, string> = {};
    const seen = new Map<string, string>();
    const problems: Problem[] = [];
    problems.push(...this.streamProblems);
    for (const file of this.files) {
      const { chart, header } = this.byFile.get(file)!;
      const docs = [...(this.written.get(file) ?? []), ...this.serialize(chartObjects(chart), problems)];
      if (docs.length === 0) continue;
      for (const d of docs) {
        const key = `${d.kind}/${d.name}`;
        const other = seen.get(key);
        if (other) throw duplicateName(key, other, file);
        seen.set(key, file);
      }
      const documents = joinDocuments(docs);
      out[file] = withHeader(file !== SECRETS_FILE && documents.includes(`name: ${secret}\n`) ? [...header, secretLine] : header, documents);
    }
    if (problems.length) throw new TopologyError(problems);
    return out;
  }

  /** Each object as a YAML document, as soon as it is serialized: memory holds text, not every object's JSON. */
  private serialize(objects: readonly ApiObject[], problems: Problem[]): YamlDocument[] {
    const docs: YamlDocument[] = [];
    for (const object of objects) {
      try {
        docs.push(yamlDocument(object.toJson() as ManifestObject));
      } catch (error) {
        problems.push(this.serializationProblem(object, error));
      }
    }
    return docs;
  }

  /** Serializes `objects` into the documents of `file` (streamed builds). */
  private write(file: string, objects: readonly ApiObject[], problems: Problem[]): void {
    this.documents(file).push(...this.serialize(objects, problems));
  }

  /** The documents already written for `file` (streamed builds). */
  private documents(file: string): YamlDocument[] {
    let docs = this.written.get(file);
    if (!docs) {
      docs = [];
      this.written.set(file, docs);
    }
    return docs;
  }

  /** The first port of the Service `name` as it will be synthesized (see RenderContext.servicePorts). */
  private servicePorts(name: string): ServicePorts | undefined {
    const object = this.index.get(`Service/${name}`)?.[0];
    if (!object) return undefined;
    let first: { port?: unknown; targetPort?: unknown } | undefined;
    if (patchCount(object) > (this.ownPatches.get(object) ?? 0)) {
      try {
        first = ((object.toJson() as { spec?: { ports?: unknown[] } }).spec?.ports ?? [])[0] as typeof first;
      } catch {
        return undefined; // the Service's own serialization reports the failing patch
      }
    } else {
      const service = object.node.scope;
      const port = service instanceof kplus.Service ? service.ports[0] : undefined;
      first = port && { port: port.port, targetPort: port.targetPort ?? port.port };
    }
    const isPort = (v: unknown): v is number | string => typeof v === 'number' || typeof v === 'string';
    if (!first || !isPort(first.port)) return undefined;
    return { port: first.port, targetPort: isPort(first.targetPort) ? first.targetPort : first.port };
  }

  private construct<T extends IConstruct>(kind: string, name: string, type: abstract new (...args: never[]) => T): T {
    const scope = this.apiObject(kind, name).node.scope;
    if (!(scope instanceof type)) throw this.notFound(`${kind} construct`, name, []);
    return scope;
  }

  private notFound(what: string, name: string, available: readonly string[]): TopologyError {
    return new TopologyError([
      {
        message: `Topology '${this.model.name}' has no Kubernetes ${what} '${name}'`,
        value: name,
        expected: available.length ? `one of ${[...available].sort().join(', ')}` : `a ${what} topograph generates for this topology`,
        action: 'Use the name the object has in the manifests (metadata.name), or the file name under kubernetes/',
      },
    ]);
  }

  private serializationProblem(object: ApiObject, error: unknown): Problem {
    const reason = String((error as Error)?.message ?? error)
      .replace(/^Failed serializing construct at path '[^']*' with name '[^']*': /, '')
      .replace(/^Error: /, '')
      .split('\n')[0];
    const sources = this.patchSources.get(object);
    if (sources) {
      return {
        message: `Kubernetes patch for ${object.kind} '${object.name}' (from ${sources.join(', ')}) failed: ${reason}`,
        expected: 'JSON patch paths that exist in the generated object (add creates only the last key)',
        action: 'Look at the generated manifest and fix the patch path',
      };
    }
    return {
      message: `Kubernetes object ${object.kind} '${object.name}' (${object.node.path}) cannot be serialized: ${reason}`,
      expected: 'JSON patches (ApiObject.of(…).addJsonPatch) on paths that exist in the object, and values cdk8s can render',
      action: 'Fix the change made to that object in your code',
    };
  }
}

/** The ApiObjects whose nearest chart is `chart` (a chart nested in it is synthesized on its own). */
function chartObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

/** Whether `scope` is inside a cdk8s App, which resolving objects needs. */
export function inApp(scope: IConstruct): boolean {
  return scope.node.root instanceof App;
}

/**
 * The Kubernetes manifests of the topology construct `scope`, created from `model()` (with the
 * patches recorded so far) on first use, then the same construct. Throws a TopologyError when the
 * topology is not in a cdk8s App (resolving the objects needs one).
 */
export function kubernetesManifestsOf(scope: Construct, model: () => TopologyModel, patches: readonly KubernetesPatch[]): KubernetesManifests {
  const existing = scope.node.tryFindChild(KUBERNETES_CONSTRUCT_ID);
  if (KubernetesManifests.isKubernetesManifests(existing)) return existing;
  if (!inApp(scope)) {
    throw new TopologyError([
      {
        message: `'${scope.node.path}' is not in a cdk8s App, so its Kubernetes charts cannot be built`,
        expected: 'a Topology created in a TopographApp (or another cdk8s App)',
        action: 'Create the topology under new TopographApp() (or Testing.app() in tests)',
      },
    ]);
  }
  return new KubernetesManifests(scope, KUBERNETES_CONSTRUCT_ID, { model: model(), patches });
}

/**
 * The manifests of one topology for synthesis. When `topology.kubernetes` built the topology's
 * charts, they are serialized (they must have been built from the same model); otherwise charts
 * are built under the topology for this synthesis only (see {@link manifestFiles}), or in a
 * private App when the topology is not in one.
 */
export function synthesizeKubernetes(model: TopologyModel, scope: Construct | undefined, patches: readonly KubernetesPatch[]): Record<string, string> {
  if (!scope || !inApp(scope)) return manifestFiles(new App(), model, patches);
  const existing = scope.node.tryFindChild(KUBERNETES_CONSTRUCT_ID);
  if (!KubernetesManifests.isKubernetesManifests(existing)) return manifestFiles(scope, model, patches);
  if (JSON.stringify(existing.model) !== JSON.stringify(model)) {
    throw new TopologyError([
      {
        message: `Topology '${model.name}' changed after its Kubernetes charts were built`,
        expected: 'every service, dependency, edge, env value and secret added before topology.kubernetes is first read',
        action: 'Move the change before the first use of topology.kubernetes; change generated objects through topology.kubernetes instead',
      },
    ]);
  }
  return existing.toFiles();
}

/**
 * The manifests of `model`, built under `scope` for this synthesis only, then removed: the
 * topology stays open to changes, and `topology.kubernetes` builds its own charts when read.
 * Without patches nothing can differ from the model, so each service is streamed (see _streamed).
 */
export function manifestFiles(scope: Construct, model: TopologyModel, patches: readonly KubernetesPatch[]): Record<string, string> {
  try {
    return new KubernetesManifests(scope, KUBERNETES_CONSTRUCT_ID, { model, patches, _streamed: patches.length === 0 }).toFiles();
  } finally {
    scope.node.tryRemoveChild(KUBERNETES_CONSTRUCT_ID);
  }
}

function duplicateName(key: string, first: string, second: string): TopologyError {
  if (first === EXTRA_FILE || second === EXTRA_FILE) {
    return new TopologyError([
      {
        message: `Your object ${key} (kubernetes.extraManifests) has the kind and name of one topograph generates`,
        value: `in ${first} and ${second}`,
        expected: 'objects of your own with names topograph does not generate',
        action: 'Rename it in your manifest file, or change the generated object with a Kubernetes patch instead (addKubernetesPatch)',
      },
    ]);
  }
  return new TopologyError([
    {
      message: `Two Kubernetes objects would both be ${key}`,
      value: first === second ? `both in ${first}` : `in ${first} and ${second}`,
      expected: 'names that stay distinct once topograph adds its prefixes and suffixes (-config, allow-…-to-…)',
      action: 'Rename one of the services or dependencies involved in the topology',
    },
  ]);
}
