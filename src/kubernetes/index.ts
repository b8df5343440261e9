import type { KubernetesPatch } from '../render/escape-hatches';
import type { TopologyModel } from '../model';

/**
 * The topology model → `{file under kubernetes/: YAML}`, with `patches` applied; loads cdk8s-plus
 * on first call, not on import.
 */
export function renderKubernetes(topology: TopologyModel, patches: readonly KubernetesPatch[] = []): Record<string, string> {
  return (require('./render') as typeof import('./render')).renderKubernetes(topology, patches);
}
// Types only: the charts (and cdk8s-plus with them) load when `topology.kubernetes` is first read.
export type { KubernetesManifests, KubernetesManifestsProps } from './manifests';
export { PlainApiObject, type PlainApiObjectProps } from './plain-api-object';
export { userChartFiles, isTopographChart } from './user-charts';
export { kubernetesSummary, type KubernetesSummaryOptions } from './summary';
export { kubernetesFiles, type KubernetesFileDescription } from './files';
export { userSecret, createSecretCommand, type UserSecret } from './secrets';
