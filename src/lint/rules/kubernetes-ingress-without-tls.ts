import { scalarText } from '../checks';
import type { Hit, KubernetesRule, Severity } from '../types';

/** Environments whose renders (`kubernetes-overlays/<env>/…`) make a route without TLS an error. */
const PRODUCTION = /(?:^|\/)kubernetes-overlays\/(?:prod|production)\//;

/** Whether the TLS host `pattern` (maybe `*.`-prefixed) covers `host`: a wildcard matches one label. */
function covers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === pattern.slice(1);
}

/**
 * Traffic from outside arrives over TLS: an Ingress has `spec.tls` covering each host of its rules;
 * an HTTPRoute attaches to a named listener (`sectionName`, the Gateway's HTTPS one), not to every
 * listener of its Gateway, plain HTTP included (HTTPRoutes carry no TLS: the Gateway terminates it).
 * A warning, and an error in the render of an environment named prod or production.
 */
export const kubernetesIngressWithoutTls: KubernetesRule = {
  id: 'kubernetes-ingress-without-tls',
  kind: 'kubernetes',
  severity: 'warning',
  description:
    'An Ingress without TLS for a host, or an HTTPRoute attached to every listener of its Gateway (plain HTTP too), sends requests and cookies from outside unencrypted; an error in a prod or production environment.',
  fix: 'Set "ingress": {"tls": {"issuer": …}} (cert-manager) or {"tls": {"secret": …}} in the graph, or for the Gateway API "gateway": {"listener": <its HTTPS listener>}.',
  check(file) {
    const hits: Hit[] = [];
    const severity: Severity | undefined = PRODUCTION.test(file.path.replace(/\\/g, '/')) ? 'error' : undefined;
    const hit = (message: string, line: number | undefined, service: string) =>
      hits.push({ message, ...(line !== undefined ? { line } : {}), service, ...(severity ? { severity } : {}) });
    for (const o of file.objects) {
      const spec = o.object.spec && typeof o.object.spec === 'object' ? o.object.spec : {};
      if (o.kind === 'Ingress') {
        const tls: unknown[] = Array.isArray(spec.tls) ? spec.tls : [];
        if (tls.length === 0) {
          hit(`Ingress ${o.name} has no TLS: its hosts are served over plain HTTP`, o.lineOf(['spec']), o.name);
          continue;
        }
        const covered = tls.flatMap((t) => (t && typeof t === 'object' && Array.isArray((t as { hosts?: unknown }).hosts) ? ((t as { hosts: unknown[] }).hosts.map(scalarText)) : []));
        const rules: unknown[] = Array.isArray(spec.rules) ? spec.rules : [];
        rules.forEach((rule, i) => {
          const host = rule && typeof rule === 'object' ? scalarText((rule as { host?: unknown }).host) : undefined;
          if (host === undefined || covered.some((c) => c !== undefined && covers(c, host))) return;
          hit(`Ingress ${o.name} serves host ${host} without TLS (no spec.tls entry lists it)`, o.lineOf(['spec', 'rules', i, 'host']), o.name);
        });
      } else if (o.kind === 'HTTPRoute') {
        const parents: unknown[] = Array.isArray(spec.parentRefs) ? spec.parentRefs : [];
        parents.forEach((parent, i) => {
          const p = parent && typeof parent === 'object' ? (parent as Record<string, unknown>) : {};
          if (scalarText(p.sectionName) !== undefined || scalarText(p.port) !== undefined) return;
          hit(`HTTPRoute ${o.name} attaches to every listener of Gateway ${scalarText(p.name) ?? '(unnamed)'}, plain HTTP too: no sectionName names its HTTPS listener`, o.lineOf(['spec', 'parentRefs', i]), o.name);
        });
      }
    }
    return hits;
  },
};
