import { finalStage } from '../parse/dockerfile';
import type { DockerfileRule } from '../types';

/** The final image says how to check its health (HEALTHCHECK NONE counts: a deliberate choice). */
export const dockerfileMissingHealthcheck: DockerfileRule = {
  id: 'dockerfile-missing-healthcheck',
  kind: 'dockerfile',
  severity: 'warning',
  description: 'Without HEALTHCHECK, Docker cannot tell a hung container from a healthy one, and dependants start too early.',
  fix: 'Add HEALTHCHECK CMD ["…"] probing the service, or HEALTHCHECK NONE when it has nothing to probe.',
  check(file) {
    const stage = finalStage(file);
    if (!stage || stage.instructions.some((i) => i.keyword === 'HEALTHCHECK')) return [];
    return [{ message: `The final stage (FROM ${stage.from}) has no HEALTHCHECK`, line: stage.line, service: file.service }];
  },
};
