/** Every hardening rule, in the order they are documented (docs/lint.md). */
import type { Rule } from '../types';
import { composeHostNamespaces } from './compose-host-namespaces';
import { composeImageWithoutDigest } from './compose-image-without-digest';
import { composeMissingResourceLimits } from './compose-missing-resource-limits';
import { composePrivileged } from './compose-privileged';
import { composePublicPort } from './compose-public-port';
import { composeRootUser } from './compose-root-user';
import { composeSecretInEnv } from './compose-secret-in-env';
import { composeUnpinnedImage } from './compose-unpinned-image';
import { composeWritableRootFilesystem } from './compose-writable-root-filesystem';
import { dockerfileMissingHealthcheck } from './dockerfile-missing-healthcheck';
import { dockerfileRootUser } from './dockerfile-root-user';
import { dockerfileSecretInEnv } from './dockerfile-secret-in-env';
import { dockerfileShellFormCommand } from './dockerfile-shell-form-command';
import { dockerfileUnpinnedBase } from './dockerfile-unpinned-base';
import { kubernetesHostNamespaces } from './kubernetes-host-namespaces';
import { kubernetesHpaWithoutRequests } from './kubernetes-hpa-without-requests';
import { kubernetesMissingResourceLimits } from './kubernetes-missing-resource-limits';
import { kubernetesPrivileged } from './kubernetes-privileged';
import { kubernetesPublicWithoutNetworkPolicy } from './kubernetes-public-without-network-policy';
import { kubernetesRootUser } from './kubernetes-root-user';
import { kubernetesSecretInEnv } from './kubernetes-secret-in-env';
import { kubernetesUnknownUser } from './kubernetes-unknown-user';
import { kubernetesUnpinnedImage } from './kubernetes-unpinned-image';
import { kubernetesWritableRootFilesystem } from './kubernetes-writable-root-filesystem';
import { kubernetesIngressWithoutTls } from './kubernetes-ingress-without-tls';

/** Every hardening rule, in documentation order: Dockerfile, then compose, then Kubernetes rules. */
export const RULES: readonly Rule[] = [
  dockerfileRootUser,
  dockerfileUnpinnedBase,
  dockerfileShellFormCommand,
  dockerfileMissingHealthcheck,
  dockerfileSecretInEnv,
  composeRootUser,
  composeUnpinnedImage,
  composePrivileged,
  composeHostNamespaces,
  composeSecretInEnv,
  composeMissingResourceLimits,
  composeWritableRootFilesystem,
  composePublicPort,
  composeImageWithoutDigest,
  kubernetesRootUser,
  kubernetesUnpinnedImage,
  kubernetesPrivileged,
  kubernetesHostNamespaces,
  kubernetesSecretInEnv,
  kubernetesMissingResourceLimits,
  kubernetesWritableRootFilesystem,
  kubernetesUnknownUser,
  kubernetesHpaWithoutRequests,
  kubernetesPublicWithoutNetworkPolicy,
  kubernetesIngressWithoutTls,
];

export {
  composeHostNamespaces,
  composeImageWithoutDigest,
  composeMissingResourceLimits,
  composePrivileged,
  composePublicPort,
  composeRootUser,
  composeSecretInEnv,
  composeUnpinnedImage,
  composeWritableRootFilesystem,
  dockerfileMissingHealthcheck,
  dockerfileRootUser,
  dockerfileSecretInEnv,
  dockerfileShellFormCommand,
  dockerfileUnpinnedBase,
  kubernetesHostNamespaces,
  kubernetesHpaWithoutRequests,
  kubernetesIngressWithoutTls,
  kubernetesMissingResourceLimits,
  kubernetesPrivileged,
  kubernetesPublicWithoutNetworkPolicy,
  kubernetesRootUser,
  kubernetesSecretInEnv,
  kubernetesUnknownUser,
  kubernetesUnpinnedImage,
  kubernetesWritableRootFilesystem,
};
