/**
 * `renderKubernetes`: the topology model → `{file under kubernetes/: YAML}`, for callers that hold
 * a model and no construct tree. The charts are built as in a topology's own tree
 * (`KubernetesManifests`, manifests.ts), in a private cdk8s App, and serialized by topograph (see
 * serialize.ts). Pure: no disk, no clock, same model → same bytes.
 */
import { App } from 'cdk8s';
import type { TopologyModel } from '../model';
import type { KubernetesPatch } from '../render/escape-hatches';
import { manifestFiles } from './manifests';

/** The Kubernetes manifests of a resolved topology, as `{file under kubernetes/: YAML}`, with `patches` applied. Pure: same model, same bytes. */
export function renderKubernetes(topology: TopologyModel, patches: readonly KubernetesPatch[] = []): Record<string, string> {
  return manifestFiles(new App(), topology, patches);
}
