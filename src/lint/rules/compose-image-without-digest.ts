import { parseImageRef, unpinnedReason } from '../checks';
import type { ComposeRule, Hit } from '../types';

/** Pulled images (services without `build`) are pinned to a digest, not only a tag. */
export const composeImageWithoutDigest: ComposeRule = {
  id: 'compose-image-without-digest',
  kind: 'compose',
  severity: 'warning',
  description: 'A tag can be moved to another build (postgres:17 is a new image every patch release); only a digest names one exact image.',
  fix: 'Pin the image to a digest as well as its tag: "version": "17@sha256:…" on a dependency, "image": "…:1.4@sha256:…" on a service (docker buildx imagetools inspect <image> prints it).',
  check(file) {
    const hits: Hit[] = [];
    for (const s of file.services) {
      if (s.config.build !== undefined || typeof s.config.image !== 'string') continue;
      const image = s.config.image;
      // Unpinned images are compose-unpinned-image's (an error); references built from variables cannot be judged.
      if (unpinnedReason(image) !== undefined || image.includes('$') || parseImageRef(image).digest) continue;
      hits.push({ message: `Service ${s.name}: image ${image} is pinned by tag only, not by digest`, line: s.lineOf(['image']), service: s.name });
    }
    return hits;
  },
};
