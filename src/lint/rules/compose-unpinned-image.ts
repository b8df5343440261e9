import { unpinnedReason } from '../checks';
import type { ComposeRule, Hit } from '../types';

/** Pulled images (services without `build`) are tagged or digest-pinned. */
export const composeUnpinnedImage: ComposeRule = {
  id: 'compose-unpinned-image',
  kind: 'compose',
  severity: 'error',
  description: 'An image without a tag, or tagged "latest", can change on the next pull: environments drift apart.',
  fix: 'Pin the image to a version tag (postgres:16) or a digest (postgres:16@sha256:…).',
  check(file) {
    const hits: Hit[] = [];
    for (const s of file.services) {
      if (s.config.build !== undefined || typeof s.config.image !== 'string') continue;
      const reason = unpinnedReason(s.config.image);
      if (reason) hits.push({ message: `Service ${s.name}: image ${s.config.image} ${reason}`, line: s.lineOf(['image']), service: s.name });
    }
    return hits;
  },
};
