export { renderKubernetes } from './render';
export { kubernetesSummary, type KubernetesSummaryOptions } from './summary';
export { kubernetesFiles, type KubernetesFile } from './files';
export { userSecret, createSecretCommand, type UserSecret } from './secrets';
