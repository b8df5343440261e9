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
  /** The objects of OBJECT_KINDS (Ingress, HTTPRoute), in file order. */
  readonly objects: readonly KubernetesObject[];
}

/** Kinds other than workloads that rules read: B (issue 18) the routes in from outside. */
export const OBJECT_KINDS: readonly string[] = ['Ingress', 'HTTPRoute'];

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

/** Whether a document may hold a workload or an object of OBJECT_KINDS; others are not parsed at all (YAML parsing dominates lint time). */
const WORKLOAD_KIND = new RegExp(`^kind:\\s*["']?(${[...Object.keys(POD_PATHS), ...OBJECT_KINDS].join('|')})["']?\\s*(#.*)?$`, 'm');

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

export function parseKubernetes(path: string, text: string): ParsedKubernetesFile {
  const workloads: KubernetesWorkload[] = [];
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
  return { path, workloads, objects: others };
}
