import { scalarText } from '../checks';
import type { Hit, KubernetesRule } from '../types';

/** No privileged containers, no privilege escalation, no added ALL / SYS_ADMIN capabilities. */
export const kubernetesPrivileged: KubernetesRule = {
  id: 'kubernetes-privileged',
  kind: 'kubernetes',
  severity: 'error',
  description: 'A privileged container, or one allowed to escalate privileges or given ALL/SYS_ADMIN, can take over the node.',
  fix: 'Set securityContext.privileged: false and allowPrivilegeEscalation: false, and drop capabilities: ["ALL"].',
  check(file) {
    const hits: Hit[] = [];
    for (const w of file.workloads) {
      for (const c of w.containers) {
        const sc = c.spec.securityContext ?? {};
        const at = (key: string) => w.lineOf([...c.path, 'securityContext', key]);
        if (sc.privileged === true) hits.push({ message: `${w.kind} ${w.name}: container ${c.name} is privileged`, line: at('privileged'), service: w.name });
        if (sc.allowPrivilegeEscalation === true) hits.push({ message: `${w.kind} ${w.name}: container ${c.name} allows privilege escalation`, line: at('allowPrivilegeEscalation'), service: w.name });
        const added: unknown[] = Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : [];
        for (const cap of added.map(scalarText).filter((cap): cap is string => cap !== undefined && /^(CAP_)?(ALL|SYS_ADMIN)$/i.test(cap))) {
          hits.push({ message: `${w.kind} ${w.name}: container ${c.name} adds capability ${cap}`, line: at('capabilities'), service: w.name });
        }
      }
    }
    return hits;
  },
};
