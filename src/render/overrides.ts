/**
 * Applies the escape hatches recorded on a topology's constructs (compose overrides, Dockerfile
 * instructions and patches, Kubernetes JSON patches) to its rendered files. Runs last in
 * synthesis, on text, so the renderers stay unaware of them; a topology without escape hatches
 * gets its files back untouched.
 */
import { JsonPatch } from 'cdk8s';
import { isMap, parseAllDocuments, parseDocument } from 'yaml';
import { type EscapeHatches, escapeHatchesOf } from '../../constructs/escape-hatches';
import { type Problem, TopologyError } from '../graph/problems';
import { type ManifestObject, toYamlDocuments } from '../kubernetes/serialize';
import { COMPOSE_DOCUMENT, COMPOSE_FILE, COMPOSE_YAML } from './compose';
import { dockerfileEditProblems } from './dockerfile-overrides';


/** The rendered files of `topology` (keys relative to its output directory) with its escape hatches applied. */
export function applyEscapeHatches(topology: object, files: Record<string, string>): Record<string, string> {
  const hatches = escapeHatchesOf(topology);
  const out = { ...files };
  const problems: Problem[] = [];
  applyCompose(hatches, out, problems);
  problems.push(...dockerfileEditProblems(hatches.dockerfiles, out)); // applied when rendered: src/render/dockerfile-overrides.ts
  applyKubernetes(hatches, out, problems);
  if (problems.length > 0) throw new TopologyError(problems);
  return out;
}

function applyCompose(hatches: EscapeHatches, files: Record<string, string>, problems: Problem[]): void {
  const key = `docker/${COMPOSE_FILE}`;
  if (hatches.compose.length === 0 || files[key] === undefined) return;
  // Read and written with the renderer's options, so untouched parts read the same and added values are escaped alike.
  const doc = parseDocument(files[key], COMPOSE_DOCUMENT);
  for (const o of hatches.compose) {
    if (o.path[0] === 'services' && o.path.length > 2 && !doc.hasIn(o.path.slice(0, 2))) {
      problems.push({
        message: `Compose override for ${o.where} has no compose entry to change`,
        value: o.path.join('.'),
        expected: 'a containerized service or a dependency that is not external',
        action: 'Remove the override, or add it to a service that runs in compose',
      });
      continue;
    }
    if (o.value === undefined) doc.deleteIn(o.path);
    else doc.setIn(o.path, doc.createNode(o.value));
  }
  files[key] = doc.toString(COMPOSE_YAML);
}

function applyKubernetes(hatches: EscapeHatches, files: Record<string, string>, problems: Problem[]): void {
  if (hatches.kubernetes.length === 0) return;
  const manifestFiles = Object.keys(files).filter((k) => k.startsWith('kubernetes/') && k.endsWith('.yaml'));
  if (manifestFiles.length === 0) return;
  const parsed = new Map<string, { header: string; objects: ManifestObject[]; changed: boolean }>();
  for (const file of manifestFiles) {
    const text = files[file];
    const first = text.indexOf('---\n');
    const header = first < 0 ? text : text.slice(0, first);
    const objects = parseAllDocuments(text)
      .filter((d) => isMap(d.contents))
      .map((d) => d.toJS() as ManifestObject);
    parsed.set(file, { header, objects, changed: false });
  }
  for (const p of hatches.kubernetes) {
    let found = false;
    for (const entry of parsed.values()) {
      entry.objects = entry.objects.map((o) => {
        const name = o.metadata?.name ?? o.metadata?.generateName;
        const matches = o.kind === p.selector.kind && (name === p.selector.name || (o.metadata?.generateName !== undefined && name === `${p.selector.name}-`));
        if (!matches) return o;
        found = true;
        entry.changed = true;
        try {
          return JsonPatch.apply(o, ...p.patches) as ManifestObject;
        } catch (error) {
          problems.push({
            message: `Kubernetes patch for ${p.selector.kind} '${p.selector.name}' (from ${p.where}) failed: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
            expected: 'JSON patch paths that exist in the generated object (add creates only the last key)',
            action: 'Look at the generated manifest and fix the patch path',
          });
          return o;
        }
      });
    }
    if (!found) {
      const available = [...parsed.values()].flatMap((e) => e.objects.map((o) => `${o.kind}/${o.metadata?.name ?? o.metadata?.generateName}`));
      problems.push({
        message: `Kubernetes patch from ${p.where} matches no generated object`,
        value: `${p.selector.kind}/${p.selector.name}`,
        expected: `one of ${available.join(', ')}`,
        action: 'Fix the kind or name of the patch',
      });
    }
  }
  for (const [file, entry] of parsed) {
    if (entry.changed) files[file] = `${entry.header}${toYamlDocuments(entry.objects)}`;
  }
}
