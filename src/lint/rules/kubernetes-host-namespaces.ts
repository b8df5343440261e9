import type { Hit, KubernetesRule } from '../types';

/** Pods do not share the node's network, process or IPC namespaces. */
export const kubernetesHostNamespaces: KubernetesRule = {
  id: 'kubernetes-host-namespaces',
  kind: 'kubernetes',
  severity: 'error',
  description: "hostNetwork, hostPID or hostIPC give the pod the node's namespaces, removing its isolation.",
  fix: 'Remove hostNetwork/hostPID/hostIPC (or set them false); expose the pod through a Service instead.',
  check(file) {
    const hits: Hit[] = [];
    for (const w of file.workloads) {
      for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (w.pod[key] === true) hits.push({ message: `${w.kind} ${w.name} sets ${key}: true`, line: w.lineOf([...w.podPath, key]), service: w.name });
      }
    }
    return hits;
  },
};
