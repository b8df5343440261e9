/** Kubernetes manifests as rules see them: every container of every workload, with lines. */
import { scalarText } from '../checks';
import { lineAt, locateYaml, readYaml, type YamlPath } from './yaml-lines';

type Json = Record<string, any>;

export interface KubernetesContainer {
  readonly name: string;
  readonly spec: Json;
  readonly init: boolean;
  /** Path from the document root to this container. */
  readonly path: YamlPath;
}

export interface KubernetesWorkload {
  readonly kind: string;
  readonly name: string;
  /** The pod spec. */
  readonly pod: Json;
  /** Path from the document root to the pod spec. */
  readonly podPath: YamlPath;
  readonly containers: readonly KubernetesContainer[];
  /** Line of something in this object's document (path from the document root). */
  lineOf(path?: YamlPath): number | undefined;
}

/** A HorizontalPodAutoscaler: what it scales and the metrics it reads (issue 18). */
export interface KubernetesAutoscaler {
  readonly name: string;
  /** `spec.scaleTargetRef`: the workload it scales, when readable. */
  readonly target?: { readonly kind: string; readonly name: string };
  /** `spec.metrics`, as written (rules read the ones they know). */
  readonly metrics: readonly Json[];
  /** Line of something in this object's document (path from the document root). */
  lineOf(path?: YamlPath): number | undefined;
}

/** An object of a kind some rule reads whole (not a workload): see OBJECT_KINDS. */
export interface KubernetesObject {
  readonly kind: string;
  readonly name: string;
  /** The whole object, as parsed. */
  readonly object: Json;
  /** Line of something in this object's document (path from the document root). */
  lineOf(path?: YamlPath): number | undefined;
}

export interface ParsedKubernetesFile {
  readonly path: string;
  readonly workloads: readonly KubernetesWorkload[];
  /** HorizontalPodAutoscalers of the file. @default none */
  readonly autoscalers?: readonly KubernetesAutoscaler[];
  /** Services of type LoadBalancer or NodePort (reachable from outside the cluster) in this file. */
  readonly exposedServices: readonly ExposedService[];
  /** The ingress NetworkPolicies of the whole lint run (every Kubernetes file given), or of this file alone. */
  readonly policies: readonly PolicySelector[];
  /** The objects of OBJECT_KINDS (Ingress, HTTPRoute), in file order. */
  readonly objects: readonly KubernetesObject[];
}

/** Kinds other than workloads that rules read: B (issue 18) the routes in from outside. */
export const OBJECT_KINDS: readonly string[] = ['Ingress', 'HTTPRoute'];

/** A Service reachable from outside the cluster. */
export interface ExposedService {
  readonly name: string;
  readonly namespace: string;
  /** LoadBalancer or NodePort. */
  readonly type: string;
  /** Its pod selector (`spec.selector`). */
  readonly selector: Readonly<Record<string, string>>;
  readonly line?: number;
}

/** Which pods a NetworkPolicy with an Ingress part selects. */
export interface PolicySelector {
  readonly name: string;
  readonly namespace: string;
  /** `podSelector.matchLabels` ({} selects every pod of the namespace). */
  readonly matchLabels: Readonly<Record<string, string>>;
  /** Whether it also has matchExpressions (then it is taken to select the pods: lint cannot know their labels). */
  readonly expressions: boolean;
}

const SERVICE_KIND = /^kind:\s*["']?Service["']?\s*(#.*)?$/m;
const POLICY_KIND = /^kind:\s*["']?NetworkPolicy["']?\s*(#.*)?$/m;

/** A map of strings to strings, else undefined. */
function labels(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    const text = scalarText(v);
    if (text === undefined) return undefined;
    out[k] = text;
  }
  return out;
}

const namespaceOf = (object: Json) => scalarText(object.metadata?.namespace) ?? 'default';

/** The NetworkPolicies with an Ingress part in `text` (policyTypes absent counts as Ingress, as Kubernetes reads it). */
export function networkPolicySelectors(text: string): PolicySelector[] {
  const out: PolicySelector[] = [];
  for (const part of documents(text)) {
    if (!POLICY_KIND.test(part.text)) continue;
    for (const value of readYaml(part.text, { all: true, firstLine: part.firstLine })) {
      const object = value as Json | null;
      if (!object || typeof object !== 'object' || object.kind !== 'NetworkPolicy') continue;
      const spec = object.spec && typeof object.spec === 'object' ? object.spec : {};
      const types = Array.isArray(spec.policyTypes) ? spec.policyTypes.map(scalarText) : undefined;
      if (types && !types.includes('Ingress')) continue;
      const selector = spec.podSelector && typeof spec.podSelector === 'object' ? spec.podSelector : undefined;
      if (!selector) continue;
      out.push({
        name: scalarText(object.metadata?.name) ?? '(unnamed)',
        namespace: namespaceOf(object),
        matchLabels: labels(selector.matchLabels) ?? {},
        expressions: Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0,
      });
    }
  }
  return out;
}

function exposedServicesOf(text: string): ExposedService[] {
  const out: ExposedService[] = [];
  for (const part of documents(text)) {
    if (!SERVICE_KIND.test(part.text)) continue;
    const options = { all: true, firstLine: part.firstLine };
    let located: ReturnType<typeof locateYaml> | undefined;
    for (const [index, value] of readYaml(part.text, options).entries()) {
      const object = value as Json | null;
      if (!object || typeof object !== 'object' || object.kind !== 'Service') continue;
      const type = scalarText(object.spec?.type);
      if (type !== 'LoadBalancer' && type !== 'NodePort') continue;
      located ??= locateYaml(part.text, options);
      const doc = located.docs[index];
      const line = doc ? lineAt(doc, located.counter, ['spec', 'type']) : undefined;
      out.push({
        name: scalarText(object.metadata?.name) ?? '(unnamed)',
        namespace: namespaceOf(object),
        type,
        selector: labels(object.spec?.selector) ?? {},
        ...(line !== undefined ? { line: line + part.firstLine } : {}),
      });
    }
  }
  return out;
}

const AUTOSCALER_KIND = 'HorizontalPodAutoscaler';

/** Where the pod spec sits in each workload kind. */
const POD_PATHS: Record<string, YamlPath> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Whether a document may hold a workload; others are not parsed at all (YAML parsing dominates lint time). */
const WORKLOAD_KIND = new RegExp(`^kind:\\s*["']?(${[...Object.keys(POD_PATHS), AUTOSCALER_KIND, ...OBJECT_KINDS].join('|')})["']?\\s*(#.*)?$`, 'm');

/** The text split at `---` document markers, with the 0-based line each part starts on. */
function documents(text: string): Array<{ text: string; firstLine: number }> {
  const lines = text.split('\n');
  const out: Array<{ text: string; firstLine: number }> = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || /^---(\s|$)/.test(lines[i])) {
      if (i > start) out.push({ text: lines.slice(start, i).join('\n'), firstLine: start });
      start = i;
    }
  }
  return out;
}

/** Parses a manifest file; `policies`: the NetworkPolicies of every file linted with it (default: this file's). */
export function parseKubernetes(path: string, text: string, policies?: readonly PolicySelector[]): ParsedKubernetesFile {
  const workloads: KubernetesWorkload[] = [];
  const autoscalers: KubernetesAutoscaler[] = [];
  const others: KubernetesObject[] = [];
  for (const part of documents(text)) {
    if (!WORKLOAD_KIND.test(part.text)) continue;
    const shift = (line: number | undefined) => (line === undefined ? undefined : line + part.firstLine);
    // The data comes from js-yaml; yaml Documents with positions are built for this part only
    // when a finding asks for a line.
    const options = { all: true, firstLine: part.firstLine };
    let located: ReturnType<typeof locateYaml> | undefined;
    const locate = () => (located ??= locateYaml(part.text, options));
    const objects = readYaml(part.text, options);
    for (const [index, value] of objects.entries()) {
      const object = value as Json | null;
      if (!object || typeof object !== 'object') continue;
      const lineOf = (sub: YamlPath = []) => {
        const { docs, counter } = locate();
        return docs[index] ? shift(lineAt(docs[index], counter, sub)) : undefined;
      };
      if (object.kind === AUTOSCALER_KIND) {
        const ref = object.spec?.scaleTargetRef;
        const kind = scalarText(ref?.kind);
        const name = scalarText(ref?.name);
        autoscalers.push({
          name: scalarText(object.metadata?.name) ?? '(unnamed)',
          ...(kind !== undefined && name !== undefined ? { target: { kind, name } } : {}),
          metrics: Array.isArray(object.spec?.metrics) ? object.spec.metrics.filter((m: unknown) => m && typeof m === 'object') : [],
          lineOf,
        });
        continue;
      }
      if (typeof object.kind === 'string' && OBJECT_KINDS.includes(object.kind)) {
        others.push({ kind: object.kind, name: scalarText(object.metadata?.name) ?? scalarText(object.metadata?.generateName) ?? '(unnamed)', object, lineOf });
        continue;
      }
      if (typeof object.kind !== 'string' || !Object.hasOwn(POD_PATHS, object.kind)) continue;
      const podPath = POD_PATHS[object.kind];
      const pod = podPath.reduce<any>((o, k) => (o && typeof o === 'object' ? o[k] : undefined), object);
      if (!pod || typeof pod !== 'object') continue;
      const containers: KubernetesContainer[] = [];
      for (const [field, init] of [
        ['initContainers', true],
        ['containers', false],
      ] as const) {
        const list = Array.isArray(pod[field]) ? pod[field] : [];
        list.forEach((spec: Json, i: number) => {
          if (spec && typeof spec === 'object') containers.push({ name: scalarText(spec.name) ?? `#${i}`, spec, init, path: [...podPath, field, i] });
        });
      }
      workloads.push({
        kind: object.kind,
        name: scalarText(object.metadata?.name) ?? scalarText(object.metadata?.generateName) ?? '(unnamed)',
        pod,
        podPath,
        containers,
        lineOf,
      });
    }
  }
  return { path, workloads, autoscalers, exposedServices: exposedServicesOf(text), policies: policies ?? networkPolicySelectors(text), objects: others };
}
