import { scalarText } from '../checks';
import type { ComposeRule } from '../types';

/** No service is told to run as root. */
export const composeRootUser: ComposeRule = {
  id: 'compose-root-user',
  kind: 'compose',
  severity: 'error',
  description: 'user: root (or 0) overrides the non-root user an image was built with.',
  fix: 'Remove the user setting, or set an unprivileged user id such as "10001:10001".',
  check(file) {
    return file.services.flatMap((s) => {
      const user = scalarText(s.config.user);
      if (user === undefined || !['root', '0'].includes(user.split(':')[0])) return [];
      return [{ message: `Service ${s.name} runs as user ${user}`, line: s.lineOf(['user']), service: s.name }];
    });
  },
};
