import type { KubernetesRule } from '../types';

/** Every container runs with a read-only root filesystem. */
export const kubernetesWritableRootFilesystem: KubernetesRule = {
  id: 'kubernetes-writable-root-filesystem',
  kind: 'kubernetes',
  severity: 'warning',
  description: 'A writable root filesystem lets an attacker modify the program and persist tools inside the container.',
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the program must write.',
  check(file) {
    return file.workloads.flatMap((w) =>
      w.containers
        .filter((c) => c.spec.securityContext?.readOnlyRootFilesystem !== true)
        .map((c) => ({ message: `${w.kind} ${w.name}: container ${c.name} has a writable root filesystem`, line: w.lineOf(c.path), service: w.name })),
    );
  },
};
