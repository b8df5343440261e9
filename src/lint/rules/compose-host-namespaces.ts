import type { ComposeRule, Hit } from '../types';

const SETTINGS = [
  ['network_mode', 'network'],
  ['pid', 'process'],
  ['ipc', 'IPC'],
  ['userns_mode', 'user'],
] as const;

/** No sharing of the host's network, process, IPC or user namespaces. */
export const composeHostNamespaces: ComposeRule = {
  id: 'compose-host-namespaces',
  kind: 'compose',
  severity: 'error',
  description: "Sharing the host's network, PID, IPC or user namespace removes the isolation between the container and the host.",
  fix: 'Remove network_mode/pid/ipc/userns_mode: host; publish ports or use a compose network instead.',
  check(file) {
    const hits: Hit[] = [];
    for (const s of file.services) {
      for (const [key, what] of SETTINGS) {
        if (s.config[key] === 'host') hits.push({ message: `Service ${s.name} shares the host ${what} namespace (${key}: host)`, line: s.lineOf([key]), service: s.name });
      }
    }
    return hits;
  },
};
