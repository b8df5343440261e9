import type { TopologyModel } from '../model';

/** The topology model → `{file under kubernetes/: YAML}`; loads cdk8s-plus on first call, not on import. */
export function renderKubernetes(topology: TopologyModel): Record<string, string> {
  return (require('./render') as typeof import('./render')).renderKubernetes(topology);
}
export { kubernetesSummary, type KubernetesSummaryOptions } from './summary';
export { kubernetesFiles, type KubernetesFileDescription } from './files';
export { userSecret, createSecretCommand, type UserSecret } from './secrets';
