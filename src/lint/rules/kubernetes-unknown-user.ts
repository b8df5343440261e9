import type { Hit, KubernetesRule } from '../types';

/** Containers that must not run as root say which user they run as: runAsNonRoot alone trusts the image. */
export const kubernetesUnknownUser: KubernetesRule = {
  id: 'kubernetes-unknown-user',
  kind: 'kubernetes',
  severity: 'warning',
  description:
    'A container with runAsNonRoot but no runAsUser runs as whatever USER its image names: the kubelet refuses to start it when that user is root or not numeric, and volumes get no fsGroup.',
  fix: 'Set the numeric user the image runs as: "user": <uid> on the service in the graph (runAsUser, runAsGroup and fsGroup), or securityContext.runAsUser on the pod.',
  check(file) {
    const hits: Hit[] = [];
    for (const w of file.workloads) {
      const pod = w.pod.securityContext ?? {};
      for (const c of w.containers) {
        const sc = c.spec.securityContext ?? {};
        // A container that may run as root is kubernetes-root-user's (an error).
        if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) continue;
        if ((sc.runAsUser ?? pod.runAsUser) !== undefined) continue;
        hits.push({ message: `${w.kind} ${w.name}: container ${c.name} sets runAsNonRoot but no runAsUser, so its user is its image's`, line: w.lineOf(c.path), service: w.name });
      }
    }
    return hits;
  },
};
