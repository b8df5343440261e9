export { renderKubernetes } from './render';
export { KubernetesManifests, type KubernetesManifestsProps } from './manifests';
export { PlainApiObject, type PlainApiObjectProps } from './plain-api-object';
export { userChartFiles, isTopographChart } from './user-charts';
export { kubernetesSummary, type KubernetesSummaryOptions } from './summary';
export { kubernetesFiles, type KubernetesFile } from './files';
export { userSecret, createSecretCommand, type UserSecret } from './secrets';
