import type { ComposeRule } from '../types';

/** Containers run with a read-only root filesystem. */
export const composeWritableRootFilesystem: ComposeRule = {
  id: 'compose-writable-root-filesystem',
  kind: 'compose',
  severity: 'warning',
  description: 'A writable root filesystem lets an attacker modify the program and persist tools inside the container.',
  fix: 'Set read_only: true and mount what must be writable: tmpfs for /tmp, a volume for data.',
  check(file) {
    return file.services
      .filter((s) => s.config.read_only !== true)
      .map((s) => ({ message: `Service ${s.name} has a writable root filesystem (read_only is not true)`, line: s.lineOf(s.config.read_only === undefined ? [] : ['read_only']), service: s.name }));
  },
};
