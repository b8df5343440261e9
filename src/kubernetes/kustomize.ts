/**
 * The Kubernetes layout of a topology with environments: a Kustomize base and one overlay per
 * environment, built from the base render and each environment's render (pure: files in, files out).
 *
 * ```
 * kubernetes/00-namespace.yaml …  the base render's files, as they are (as without environments)
 * kubernetes/tools/<tool>.yaml    cli-tool Job templates (run on demand, not resources)
 * kubernetes/Kustomization        resources: the applied files, in name order (the name Kustomize
 *                                 reads and `kubectl apply -f kubernetes/` skips)
 * kubernetes-overlays/<env>/kustomization.yaml
 *                                 resources: ../../kubernetes and the files of objects only <env> has;
 *                                 patches: one per object that differs or that <env> does not have
 * kubernetes-overlays/<env>/patches/<kind>-<name>.yaml
 *                                 an RFC 6902 JSON patch (src/kubernetes/json-patch.ts), or a
 *                                 strategic-merge `$patch: delete` for an object only the base has
 * kubernetes-overlays/<env>/<file> the objects of <file> that only <env> has
 * kubernetes-overlays/<env>/tools/<tool>.yaml
 *                                 a tool's Job template, when <env>'s differs from the base's
 * ```
 *
 * `kubectl kustomize kubernetes-overlays/<env>` builds exactly the objects of the environment's own render
 * (test/system/kustomize.test.ts checks it with kubectl). The `patches` field with `path` and
 * `target`, and `$patch: delete` through it, need Kustomize v4 or later (kubectl 1.21 or later).
 * Every file carries the generated marker; YAML is written by topograph's serializer (serialize.ts).
 */
import { parseAllDocuments } from 'yaml';
import { compareStrings, sortedRecord } from '../sort';
import { jsonDiff } from './json-patch';
import { KIND_ORDER, type ManifestObject, toYaml, toYamlDocuments, withHeader } from './serialize';
import { TOOLS_DIR } from './files';

/** The base is the Kubernetes directory itself: `kubectl apply -f kubernetes/` keeps working. */
export const BASE_DIR = 'kubernetes';
/** Beside it, not inside: Kustomize refuses an overlay inside its base's directory (a cycle). */
export const OVERLAYS_DIR = 'kubernetes-overlays';
export const KUSTOMIZATION_FILE = 'kustomization.yaml';
/**
 * The base's kustomization file: a name Kustomize reads and `kubectl apply -f` skips (no .yaml),
 * so the directory stays appliable as it was.
 */
export const BASE_KUSTOMIZATION_FILE = 'Kustomization';
export const PATCHES_DIR = 'patches';

const KUSTOMIZATION_HEAD = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' } as const;
const REQUIREMENT = 'needs Kustomize v4 or later: kubectl 1.21 or later, or the kustomize binary';

/** An applied file (`20-services.yaml`) or a tool template (`tools/admin.yaml`); nothing that could be a kustomization or leave the directory. */
const FILE = /^(?:tools\/)?[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;
/** Environment names are DNS labels (the schema's rule, checked again here: they become directory names). */
const ENVIRONMENT = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** Where an object is, and what a Kustomize patch target says about it. */
interface Located {
  readonly object: ManifestObject;
  /** The file (relative to `kubernetes/`) it was rendered into. */
  readonly file: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * The base and overlays for `base` (the base render's Kubernetes files, relative to `kubernetes/`)
 * and `envs` (each environment's render, the same way). Keys of the result are relative to the
 * topology's output directory (`kubernetes/…`, `kubernetes-overlays/<env>/…`), sorted.
 */
export function kustomizeLayout(base: Record<string, string>, envs: Record<string, Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  checkFiles(base, 'the base render');
  for (const [file, content] of Object.entries(base)) out[`${BASE_DIR}/${file}`] = content;
  const applied = appliedFiles(base);
  out[`${BASE_DIR}/${BASE_KUSTOMIZATION_FILE}`] = withHeader(
    [
      'Kustomize base: the objects every environment starts from, as the base render has them.',
      `Apply an environment with kubectl apply -k ${OVERLAYS_DIR}/<env> (${REQUIREMENT}); kubectl apply -f ${BASE_DIR}/ still applies the base alone (it skips this file).`,
      ...(Object.keys(base).some(isTool) ? [`${TOOLS_DIR}/ holds the cli-tool Job templates, run on demand: not resources of this kustomization.`] : []),
    ],
    toYaml({ ...KUSTOMIZATION_HEAD, resources: applied }),
  );
  const baseObjects = objectsOf(base);
  for (const env of Object.keys(envs).sort(compareStrings)) {
    if (!ENVIRONMENT.test(env)) throw new Error(`kustomizeLayout: environment name ${JSON.stringify(env)} is not a DNS label`);
    checkFiles(envs[env], `the render of environment ${env}`);
    Object.assign(out, overlay(env, base, baseObjects, envs[env]));
  }
  return sortedRecord(out);
}

function overlay(env: string, base: Record<string, string>, baseObjects: Map<string, Located>, files: Record<string, string>): Record<string, string> {
  const dir = `${OVERLAYS_DIR}/${env}`;
  const out: Record<string, string> = {};
  const envObjects = objectsOf(files);

  // Objects only this environment has, in files named after the render's.
  const added = new Map<string, ManifestObject[]>();
  for (const [id, located] of envObjects) {
    if (baseObjects.has(id)) continue;
    added.set(located.file, [...(added.get(located.file) ?? []), located.object]);
  }
  const addedFiles = [...added.keys()].sort(compareStrings);
  for (const file of addedFiles) {
    out[`${dir}/${file}`] = withHeader(
      [`Environment ${env}: the objects of ${file} that only this environment has (added to the base by kustomization.yaml).`],
      toYamlDocuments(added.get(file)!),
    );
  }

  // One patch file per object that differs or is not part of this environment.
  const patches: Array<{ located: Located; text: string; json: boolean }> = [];
  for (const [id, from] of baseObjects) {
    const to = envObjects.get(id);
    if (!to) {
      patches.push({ located: from, json: false, text: deletePatch(env, from) });
      continue;
    }
    const ops = jsonDiff(from.object, to.object);
    if (ops.length === 0) continue;
    patches.push({
      located: from,
      json: true,
      text: withHeader([`Environment ${env}: how ${from.kind} ${from.name} differs from the base (RFC 6902 JSON patch, applied by kustomization.yaml).`], toYaml(ops)),
    });
  }
  patches.sort((a, b) => compareLocated(a.located, b.located));
  const taken = new Set<string>();
  const entries = patches.map(({ located, text, json }) => {
    const path = patchPath(located, taken);
    out[`${dir}/${path}`] = text;
    return json ? { path, target: target(located) } : { path };
  });

  const count = (n: number, one: string, many: string) => (n === 0 ? `no ${many}` : `${n} ${n === 1 ? one : many}`);
  const summary = `${count(addedFiles.length, 'file of added objects', 'files of added objects')}, ${count(entries.length, 'patch', 'patches')}`;
  out[`${dir}/${KUSTOMIZATION_FILE}`] = withHeader(
    [
      `Environment ${env}: the base (../../${BASE_DIR}) with what this environment changes (${summary}).`,
      `Apply: kubectl apply -k ${dir}; preview: kubectl kustomize ${dir} (${REQUIREMENT}).`,
      ...(entries.some((e) => Object.values(e.target ?? {}).some((v) => v.includes('\\')))
        ? ['Kustomize reads each field of a patch target as a regular expression: a dot in a name or group is escaped (\\.).']
        : []),
      ...toolLines(base, files),
    ],
    // resources first, then patches: the order a reader follows (toYaml sorts the keys of one map).
    toYaml({ ...KUSTOMIZATION_HEAD, resources: [`../../${BASE_DIR}`, ...addedFiles] }) + (entries.length ? toYaml({ patches: entries }) : ''),
  );

  // Tool templates are whole files: the environment's, where it differs from the base's.
  for (const [file, content] of Object.entries(files)) {
    if (isTool(file) && base[file] !== content) out[`${dir}/${file}`] = relocateTool(content, dir);
  }
  return out;
}

/**
 * A tool template's header names the file it is in (`kubectl create -f …/kubernetes/tools/x.yaml`):
 * an environment's own copy is under kubernetes-overlays/<env>/. Only the leading comment lines
 * (topograph's own text) are rewritten; the objects are left as they are.
 */
function relocateTool(content: string, dir: string): string {
  const lines = content.split('\n');
  for (let i = 0; i < lines.length && lines[i].startsWith('#'); i++) lines[i] = lines[i].split(`${BASE_DIR}/${TOOLS_DIR}/`).join(`${dir}/${TOOLS_DIR}/`);
  return lines.join('\n');
}

/** The tool templates an environment runs, where each is: its own, or the base's. */
function toolLines(base: Record<string, string>, files: Record<string, string>): string[] {
  const tools = Object.keys(files).filter(isTool).sort(compareStrings);
  if (tools.length === 0) return [];
  const where = tools.map((file) => (base[file] === files[file] ? `../../${BASE_DIR}/${file}` : file));
  return [`cli-tool Job templates of this environment (run on demand, not resources): ${where.join(', ')}.`];
}

function deletePatch(env: string, located: Located): string {
  const { apiVersion, kind } = located.object;
  const metadata = { name: located.name, ...(located.namespace !== undefined ? { namespace: located.namespace } : {}) };
  return withHeader(
    [`Environment ${env}: ${located.kind} ${located.name} of the base is not part of this environment (strategic-merge delete, applied by kustomization.yaml).`],
    toYaml({ apiVersion, kind, metadata, $patch: 'delete' }),
  );
}

/**
 * The Kustomize patch target that selects exactly this object (an empty group, the core one, is
 * left out). Kustomize reads each field as an anchored regular expression, so a `.` of a name or
 * group is escaped: `my.config` would also select `myxconfig`.
 */
function target(located: Located): Record<string, string> {
  return {
    ...(located.group ? { group: exactly(located.group) } : {}),
    version: exactly(located.version),
    kind: exactly(located.kind),
    name: exactly(located.name),
    ...(located.namespace !== undefined ? { namespace: exactly(located.namespace) } : {}),
  };
}

/** A regular expression (Go RE2 syntax, as Kustomize's) matching exactly `text`. */
function exactly(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `patches/<kind>-<name>.yaml`, lower case; the namespace, then a number, when two objects would share a name. */
function patchPath(located: Located, taken: Set<string>): string {
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  const stem = `${slug(located.kind)}-${slug(located.name)}`;
  const candidates = [stem, ...(located.namespace !== undefined ? [`${stem}-${slug(located.namespace)}`] : [])];
  let name = candidates.find((c) => !taken.has(c));
  for (let n = 2; name === undefined; n++) if (!taken.has(`${stem}-${n}`)) name = `${stem}-${n}`;
  taken.add(name);
  return `${PATCHES_DIR}/${name}.yaml`;
}

const RANK = new Map<string, number>(KIND_ORDER.map((kind, i) => [kind, i]));

function compareLocated(a: Located, b: Located): number {
  const rank = (kind: string) => RANK.get(kind) ?? KIND_ORDER.length;
  return (
    rank(a.kind) - rank(b.kind) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.namespace ?? '', b.namespace ?? '') ||
    compareStrings(a.group, b.group)
  );
}

function isTool(file: string): boolean {
  return file.startsWith(`${TOOLS_DIR}/`);
}

/** The files `kubectl apply -f kubernetes/` reads, in the order it reads them. */
function appliedFiles(files: Record<string, string>): string[] {
  return Object.keys(files)
    .filter((f) => !isTool(f))
    .sort(compareStrings);
}

function checkFiles(files: Record<string, string>, what: string): void {
  for (const file of Object.keys(files)) {
    if (!FILE.test(file) || file === KUSTOMIZATION_FILE) throw new Error(`kustomizeLayout: ${JSON.stringify(file)} in ${what} is not a manifest file name (NN-name.yaml or ${TOOLS_DIR}/<tool>.yaml)`);
  }
}

/** Every object of the applied files, by identity (group, kind, namespace, name). */
function objectsOf(files: Record<string, string>): Map<string, Located> {
  const objects = new Map<string, Located>();
  for (const file of appliedFiles(files)) {
    for (const object of parseManifests(files[file], file)) {
      const located = locate(object, file);
      const id = JSON.stringify([located.group, located.kind, located.namespace ?? null, located.name]);
      if (objects.has(id)) throw new Error(`kustomizeLayout: ${located.kind} ${located.name} is in ${objects.get(id)!.file} and again in ${file}`);
      objects.set(id, located);
    }
  }
  return objects;
}

/** The objects of one multi-document manifest file. */
export function parseManifests(content: string, file: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const document of parseAllDocuments(content)) {
    if (document.errors.length) throw new Error(`kustomizeLayout: ${file} is not valid YAML: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    objects.push(value as ManifestObject);
  }
  return objects;
}

function locate(object: ManifestObject, file: string): Located {
  const name = object.metadata?.name;
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || typeof name !== 'string') {
    throw new Error(`kustomizeLayout: an object of ${file} has no apiVersion, kind or metadata.name (Kustomize needs all three)`);
  }
  const slash = object.apiVersion.indexOf('/');
  const namespace = object.metadata.namespace;
  return {
    object,
    file,
    group: slash < 0 ? '' : object.apiVersion.slice(0, slash),
    version: slash < 0 ? object.apiVersion : object.apiVersion.slice(slash + 1),
    kind: object.kind,
    name,
    ...(typeof namespace === 'string' ? { namespace } : {}),
  };
}
