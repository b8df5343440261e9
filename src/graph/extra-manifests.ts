/**
 * The graph's `kubernetes.extraManifests`: YAML files of the user's own Kubernetes objects
 * (a ServiceMonitor, a CronJob, RBAC…), read when the graph loads and written, re-serialized
 * with topograph's emitter and marker, to `kubernetes/90-extra.yaml`. Each file must lie inside
 * the graph's directory (after symbolic links), be a regular file of at most 1 MiB, and hold
 * YAML documents that are each one Kubernetes object: `apiVersion`, `kind`, `metadata.name`.
 * A Secret with data is refused: no secret value ever goes into generated files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { z } from 'zod';
import { UNSAFE_CHARACTER } from '../escape/text';
import { displayPath } from '../paths';
import { readRegularFile } from '../read';
import { CONTEXT_FILE, DNS_LABEL } from './grammar';
import { showValue, type Problem } from './problems';

/** Largest extra manifest file read. */
export const MAX_EXTRA_MANIFEST_BYTES = 1024 * 1024;
/** Most files, and most objects over all of them. */
export const MAX_EXTRA_MANIFEST_FILES = 64;
export const MAX_EXTRA_OBJECTS = 1000;
/** Characters no string of an object may hold: those no generated file holds raw, line feed excepted (multi-line strings become literal blocks). */
const UNSAFE_IN_DATA = new RegExp(UNSAFE_CHARACTER.source.replace('\\u000a-\\u001f', '\\u000b-\\u001f'));
/** Deepest nesting of an object (maps and lists). */
const MAX_DEPTH = 64;

/** A Kubernetes object name: a DNS subdomain (RFC 1123), at most 253 characters. */
export const OBJECT_NAME = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
/** An apiVersion: `v1` or `group/version`. */
const API_VERSION = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
/** A kind: an upper-case letter then letters and digits. */
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

/** Kinds that live outside any namespace: no namespace is added to them. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterSecretStore',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'GatewayClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

const manifestPath = z
  .string()
  .max(1000)
  .regex(CONTEXT_FILE)
  .regex(/\.ya?ml$/)
  .describe('A YAML file relative to the graph file, inside its directory: "/"-separated names (no "." or "..", no leading "/"), ending in ".yaml" or ".yml".');

export const kubernetesSchema = z
  .strictObject({
    extraManifests: z
      .array(manifestPath)
      .min(1)
      .max(MAX_EXTRA_MANIFEST_FILES)
      .optional()
      .describe(
        `Your own Kubernetes objects, 1 to ${MAX_EXTRA_MANIFEST_FILES} YAML files (each at most 1 MiB, inside the graph's directory after symbolic links), every document one object with apiVersion, kind and metadata.name (a DNS subdomain); written, in order of kind and name, to kubernetes/90-extra.yaml and checked by topograph lint. metadata.namespace defaults to the topology's namespace (except cluster-scoped kinds). No Secret with data: secrets never go into generated files. Default: none.`,
      ),
  })
  .describe('Kubernetes additions: objects of your own written beside the generated manifests.');

export type KubernetesSpec = z.infer<typeof kubernetesSchema>;

/** A Kubernetes object as plain JSON data. */
export type ExtraObject = Readonly<Record<string, unknown>> & { readonly apiVersion: string; readonly kind: string; readonly metadata: Readonly<Record<string, unknown>> };

/** Reads and checks every file; all problems at once, each with `file:line`. */
export function readExtraManifests(files: readonly string[], baseDir: string, graphFile: string): { objects: ExtraObject[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const objects: ExtraObject[] = [];
  let root: string;
  try {
    root = fs.realpathSync(baseDir);
  } catch {
    root = path.resolve(baseDir);
  }
  for (const file of files) {
    const absolute = path.resolve(baseDir, file);
    const shown = displayPath(process.cwd(), absolute);
    const fix = `Fix kubernetes.extraManifests in ${graphFile}`;
    let real: string;
    try {
      real = fs.realpathSync(absolute);
    } catch {
      problems.push({ message: `Extra manifest ${shown} not found`, value: JSON.stringify(file), expected: 'a YAML file relative to the graph file', action: `Create it, or ${fix.charAt(0).toLowerCase()}${fix.slice(1)}` });
      continue;
    }
    const inside = path.relative(root, real);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      problems.push({
        message: `Extra manifest ${shown} lies outside the graph's directory`,
        value: `${JSON.stringify(file)} → ${real}`,
        expected: `a file inside ${displayPath(process.cwd(), root)} (after symbolic links)`,
        action: `Copy the file into the graph's directory, or ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`,
      });
      continue;
    }
    const read = readRegularFile(real, MAX_EXTRA_MANIFEST_BYTES);
    if (read.kind !== 'ok') {
      const why =
        read.kind === 'too-large'
          ? `is too large (${read.bytes} bytes)`
          : read.kind === 'not-a-file'
            ? `is not a regular file (${read.what})`
            : read.kind === 'missing'
              ? 'was not found'
              : `cannot be read (${read.code})`;
      problems.push({ message: `Extra manifest ${shown} ${why}`, value: JSON.stringify(file), expected: `a regular YAML file of at most ${MAX_EXTRA_MANIFEST_BYTES / 1024 / 1024} MiB`, action: fix });
      continue;
    }
    const parsed = parseManifestText(read.text.replace(/^\uFEFF/, ''), shown);
    problems.push(...parsed.problems);
    objects.push(...parsed.objects);
  }
  if (objects.length > MAX_EXTRA_OBJECTS) {
    problems.push({ message: `kubernetes.extraManifests hold ${objects.length} objects`, expected: `at most ${MAX_EXTRA_OBJECTS}`, action: 'Apply the rest with a tool of your own' });
  }
  return { objects, problems };
}

/** Parses one file's YAML documents into objects; every problem with the file and line. */
export function parseManifestText(text: string, shown: string): { objects: ExtraObject[]; problems: Problem[] } {
  const lines = new LineCounter();
  const problems: Problem[] = [];
  const objects: ExtraObject[] = [];
  const at = (offset: number) => `${shown}:${lines.linePos(offset).line}`;
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    problems.push({ message: `${shown} is not YAML`, expected: 'YAML documents, each one Kubernetes object', action: `Fix ${shown}` });
  }
  for (const doc of list) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors.slice(0, 5)) {
        problems.push({ message: `${at(error.pos[0])} is not valid YAML`, value: error.message.split('\n')[0], expected: 'YAML documents separated by "---", each one Kubernetes object', action: `Fix the syntax at ${at(error.pos[0])}` });
      }
      continue;
    }
    if (doc.contents === null) continue; // an empty document (a trailing "---")
    const where = at(doc.contents.range?.[0] ?? 0);
    if (!isMap(doc.contents)) {
      problems.push({ message: `${where}: the document is not a Kubernetes object`, expected: 'a mapping with apiVersion, kind and metadata.name', action: `Fix the document at ${where}` });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 0 });
    } catch (error) {
      problems.push({ message: `${where}: the document cannot be read`, value: String((error as Error).message ?? error).split('\n')[0], expected: 'plain YAML without aliases or custom tags', action: `Fix the document at ${where}` });
      continue;
    }
    const objectProblems = extraObjectProblems(value, where, (key) => lineOfKey(doc.contents as Node, key, at) ?? where);
    problems.push(...objectProblems);
    if (objectProblems.length === 0) objects.push(value as ExtraObject);
  }
  return { objects, problems };
}

/** The `file:line` of a top-level key (or `metadata.<key>`), when the document has it. */
function lineOfKey(contents: Node, key: string, at: (offset: number) => string): string | undefined {
  if (!isMap(contents)) return undefined;
  const [head, rest] = key.split('.', 2);
  const pair = contents.items.find((p) => (p.key as { value?: unknown })?.value === head);
  if (!pair) return undefined;
  if (rest && isMap(pair.value)) {
    const inner = pair.value.items.find((p) => (p.key as { value?: unknown })?.value === rest);
    const range = (inner?.key as Node | undefined)?.range;
    if (range) return at(range[0]);
  }
  const range = (pair.key as Node | undefined)?.range;
  return range ? at(range[0]) : undefined;
}

/**
 * The problems of one object (plain data from a file or from code): apiVersion, kind,
 * metadata.name, an optional namespace, data that is JSON (strings without control characters),
 * and no Secret holding values. `where` says where it is; `whereKey(key)` where one of its keys is.
 */
export function extraObjectProblems(value: unknown, where: string, whereKey: (key: string) => string = () => where): Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ message: `${where}: not a Kubernetes object`, value: showValue(value), expected: 'a mapping with apiVersion, kind and metadata.name', action: `Fix the object at ${where}` }];
  }
  const o = value as Record<string, unknown>;
  const problems: Problem[] = [];
  const field = (key: string, ok: boolean, shown: unknown, expected: string) => {
    if (ok) return;
    const loc = whereKey(key);
    problems.push({
      message: shown === undefined ? `${loc}: the object has no ${key}` : `${loc}: invalid ${key}`,
      ...(shown === undefined ? {} : { value: showValue(shown) }),
      expected,
      action: `${shown === undefined ? 'Add' : 'Fix'} ${key} at ${loc}`,
    });
  };
  field('apiVersion', typeof o.apiVersion === 'string' && API_VERSION.test(o.apiVersion), o.apiVersion, 'an apiVersion such as "v1" or "monitoring.coreos.com/v1"');
  field('kind', typeof o.kind === 'string' && KIND.test(o.kind), o.kind, 'a kind such as "ConfigMap" (an upper-case letter, then letters and digits)');
  const metadata = o.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    field('metadata', false, metadata, 'a mapping with "name"');
  } else {
    const m = metadata as Record<string, unknown>;
    field('metadata.name', typeof m.name === 'string' && OBJECT_NAME.test(m.name), m.name, 'a name of lower-case letters, digits, "-" and "." (a DNS subdomain), at most 253 characters');
    if (m.namespace !== undefined) field('metadata.namespace', typeof m.namespace === 'string' && DNS_LABEL.test(m.namespace), m.namespace, 'a namespace name (a lower-case DNS label)');
  }
  if (o.kind === 'Secret' && (hasEntries(o.data) || hasEntries(o.stringData))) {
    const loc = whereKey(o.data !== undefined ? 'data' : 'stringData');
    problems.push({
      message: `${loc}: a Secret with values in kubernetes.extraManifests`,
      value: `Secret ${showValue((metadata as Record<string, unknown> | undefined)?.name)}`,
      expected: 'no secret value in any generated file (docs/security.md#secrets)',
      action: 'Remove the Secret from the file and create it in the cluster yourself (kubectl create secret, or an ExternalSecret / sealed secret of your own)',
    });
  }
  const bad = badData(value, 0);
  if (bad) problems.push({ message: `${where}: the object holds ${bad}`, expected: 'plain data: maps, lists, strings without control characters, numbers, booleans', action: `Fix the object at ${where}` });
  return problems;
}

function hasEntries(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

/** What in `value` is not plain JSON data topograph's emitter can write, if anything. */
function badData(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return `data nested deeper than ${MAX_DEPTH} levels`;
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `the number ${String(value)}`;
  if (typeof value === 'string') return UNSAFE_IN_DATA.test(value) ? `a string with a control character (${showValue(value)})` : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = badData(item, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__' || UNSAFE_CHARACTER.test(key)) return `the key ${showValue(key)}`;
      const bad = badData(item, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  return `a value that is not plain data (${typeof value})`;
}

/** The object with `metadata.namespace` set to `namespace` when it has none and its kind is namespaced. */
export function withDefaultNamespace(object: ExtraObject, namespace: string): ExtraObject {
  if (CLUSTER_SCOPED_KINDS.has(object.kind) || object.metadata.namespace !== undefined) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

/** The graph files' objects, keyed by the validated graph they were loaded with (src/graph/load.ts). */
const loaded = new WeakMap<object, readonly ExtraObject[]>();

/** @internal Records the objects read for `graph`. */
export function rememberExtraManifests(graph: object, objects: readonly ExtraObject[]): void {
  loaded.set(graph, objects);
}

/** The objects `loadGraphFile` read for `graph`, when it read them. */
export function loadedExtraManifests(graph: object): readonly ExtraObject[] | undefined {
  return loaded.get(graph);
}
