import { unpinnedReason } from '../checks';
import type { Hit, KubernetesRule } from '../types';

/** Container images are tagged or digest-pinned. */
export const kubernetesUnpinnedImage: KubernetesRule = {
  id: 'kubernetes-unpinned-image',
  kind: 'kubernetes',
  severity: 'error',
  description: 'An image without a tag, or tagged "latest", can differ between nodes and between restarts.',
  fix: 'Pin the image to a version tag (postgres:16) or a digest (postgres:16@sha256:…).',
  check(file) {
    const hits: Hit[] = [];
    for (const w of file.workloads) {
      for (const c of w.containers) {
        const image = c.spec.image;
        const reason = typeof image === 'string' ? unpinnedReason(image) : 'is missing';
        if (reason) hits.push({ message: `${w.kind} ${w.name}: container ${c.name} image ${typeof image === 'string' ? image : ''} ${reason}`.replace(/ {2}/g, ' '), line: w.lineOf([...c.path, 'image']), service: w.name });
      }
    }
    return hits;
  },
};
