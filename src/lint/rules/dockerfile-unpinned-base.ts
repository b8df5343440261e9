import { unpinnedReason } from '../checks';
import type { DockerfileRule } from '../types';

/** Every FROM names a tagged or digest-pinned image (stage references are fine). */
export const dockerfileUnpinnedBase: DockerfileRule = {
  id: 'dockerfile-unpinned-base',
  kind: 'dockerfile',
  severity: 'error',
  description: 'A base image without a tag, or tagged "latest", changes between builds: builds stop being reproducible.',
  fix: 'Pin the base image to a version tag (python:3.12-slim) or, better, a digest (python:3.12-slim@sha256:…).',
  check(file) {
    const aliases = new Set<string>();
    const hits = [];
    for (const stage of file.stages) {
      if (!aliases.has(stage.from.toLowerCase())) {
        const reason = unpinnedReason(stage.from);
        if (reason) hits.push({ message: `Base image ${stage.from} ${reason}`, line: stage.line, service: file.service });
      }
      if (stage.alias) aliases.add(stage.alias);
    }
    return hits;
  },
};
