import type { Hit, KubernetesRule } from '../types';

/** Pods must refuse to start as root: runAsNonRoot, and no runAsUser 0. */
export const kubernetesRootUser: KubernetesRule = {
  id: 'kubernetes-root-user',
  kind: 'kubernetes',
  severity: 'error',
  description: 'A container that may run as root (no runAsNonRoot, or runAsUser: 0) owns its filesystem and is one bug from the node.',
  fix: 'Set securityContext.runAsNonRoot: true and runAsUser to an unprivileged id (e.g. 10001) on the pod.',
  check(file) {
    const hits: Hit[] = [];
    for (const w of file.workloads) {
      const pod = w.pod.securityContext ?? {};
      for (const c of w.containers) {
        const sc = c.spec.securityContext ?? {};
        const user = sc.runAsUser ?? pod.runAsUser;
        const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
        if (user === 0) hits.push({ message: `${w.kind} ${w.name}: container ${c.name} runs as user 0 (root)`, line: w.lineOf(c.path), service: w.name });
        else if (nonRoot !== true) hits.push({ message: `${w.kind} ${w.name}: container ${c.name} may run as root (runAsNonRoot is not true)`, line: w.lineOf(c.path), service: w.name });
      }
    }
    return hits;
  },
};
