import { finalStage } from '../parse/dockerfile';
import type { DockerfileRule } from '../types';

/** The image must not run as root: its last USER is a non-root user. */
export const dockerfileRootUser: DockerfileRule = {
  id: 'dockerfile-root-user',
  kind: 'dockerfile',
  severity: 'error',
  description: 'The final image runs as root (no USER, or USER root/0), so a compromised process owns the container.',
  fix: 'Create an unprivileged user and end the final stage with `USER <uid>:<gid>` (e.g. USER 10001:10001).',
  check(file) {
    const stage = finalStage(file);
    if (!stage) return [];
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (!last) return [{ message: `The final stage (FROM ${stage.from}) sets no USER, so it runs as root`, line: stage.line, service: file.service }];
    const user = last.args.trim().split(':')[0];
    if (user === 'root' || user === '0') return [{ message: `The final stage switches to USER ${last.args.trim()}`, line: last.line, service: file.service }];
    return [];
  },
};
