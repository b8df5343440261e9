/**
 * Applies the escape hatches recorded on a topology's `Topology` construct to the documents the
 * renderers return, before anything is serialized: compose overrides are set in the compose
 * `Document` here. (Dockerfile instructions go into the stages of each Dockerfile document:
 * src/render/dockerfile-overrides.ts; Kubernetes patches are JSON patches on the objects of the
 * topology's charts: src/kubernetes/manifests.ts.) Nothing is parsed back from text; a topology
 * without escape hatches gets its documents untouched.
 */
import type { Document } from 'yaml';
import type { Problem } from '../graph/problems';
import type { TopologyModel } from '../model';
import { COMPOSE_YAML, type ComposeLayout, composeDocument } from './compose';
import type { ComposeOverride } from './escape-hatches';

/**
 * The compose file with `overrides` set in its document, serialized; problems go to `problems`.
 * (A function of its own, so the document is garbage once the text exists: at N = 3,000 it is tens
 * of MB while the Kubernetes manifests are built.)
 */
export function renderComposeFile(topology: TopologyModel, layout: ComposeLayout, overrides: readonly ComposeOverride[], problems: Problem[]): string {
  const doc = composeDocument(topology, layout);
  problems.push(...applyComposeOverrides(doc, overrides));
  return doc.toString(COMPOSE_YAML);
}

/** Sets each override in the compose document, in order; the problems with those that select no compose entry. */
export function applyComposeOverrides(doc: Document, overrides: readonly ComposeOverride[]): Problem[] {
  const problems: Problem[] = [];
  for (const o of overrides) {
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
  return problems;
}
