import { secretLiteral } from '../checks';
import type { Hit, KubernetesRule } from '../types';

/** Secrets reach containers through secretKeyRef, never as literal env values. */
export const kubernetesSecretInEnv: KubernetesRule = {
  id: 'kubernetes-secret-in-env',
  kind: 'kubernetes',
  severity: 'error',
  description: 'A secret written as an env value is stored in plain text in the manifest and readable by anyone who can read the workload.',
  fix: 'Put the value in a Secret and reference it: env: [{name: …, valueFrom: {secretKeyRef: {name: …, key: …}}}].',
  check(file) {
    const hits: Hit[] = [];
    for (const w of file.workloads) {
      for (const c of w.containers) {
        const env: any[] = Array.isArray(c.spec.env) ? c.spec.env : [];
        env.forEach((e, i) => {
          const why = e && typeof e.name === 'string' && typeof e.value === 'string' ? secretLiteral(e.name, e.value) : undefined;
          if (why) hits.push({ message: `${w.kind} ${w.name}: container ${c.name}: ${why}`, line: w.lineOf([...c.path, 'env', i]), service: w.name });
        });
      }
    }
    return hits;
  },
};
