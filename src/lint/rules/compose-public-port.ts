import { scalarText } from '../checks';
import type { ComposeRule, Hit } from '../types';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The host address a port entry binds, '' when it binds every interface. */
export function hostAddressOf(entry: unknown): string | undefined {
  if (typeof entry === 'number') return '';
  if (typeof entry === 'string') {
    const spec = entry.replace(/\/(tcp|udp|sctp)$/i, '');
    const ipv6 = /^(\[[^\]]+\]):/.exec(spec);
    if (ipv6) return ipv6[1];
    const parts = spec.split(':');
    return parts.length >= 3 ? parts[0] : '';
  }
  if (entry && typeof entry === 'object') {
    const long = entry as { host_ip?: unknown; published?: unknown };
    if (long.published === undefined && long.host_ip === undefined) return undefined;
    return typeof long.host_ip === 'string' ? long.host_ip : '';
  }
  return undefined;
}

/** A long-syntax port entry as the short syntax writes it (`[host_ip:]published:target[/protocol]`), from its scalar fields only. */
function longSyntax(entry: Record<string, unknown>): string {
  const host = scalarText(entry.host_ip);
  const protocol = scalarText(entry.protocol);
  return `${host !== undefined ? `${host}:` : ''}${scalarText(entry.published) ?? ''}:${scalarText(entry.target) ?? ''}${protocol ? `/${protocol}` : ''}`;
}

/** Published ports bind 127.0.0.1 unless the service is meant to be reached from other machines. */
export const composePublicPort: ComposeRule = {
  id: 'compose-public-port',
  kind: 'compose',
  severity: 'warning',
  description: 'A port published without a host address listens on every interface (0.0.0.0), reachable from the network.',
  fix: 'Publish on loopback ("127.0.0.1:8080:8080"); if the service must be public, acknowledge this finding with the reason.',
  check(file) {
    const hits: Hit[] = [];
    for (const s of file.services) {
      const ports = Array.isArray(s.config.ports) ? s.config.ports : [];
      ports.forEach((entry, i) => {
        const host = hostAddressOf(entry);
        if (host === undefined || LOOPBACK.has(host)) return;
        const shown = typeof entry === 'object' ? longSyntax(entry as Record<string, unknown>) : String(entry);
        hits.push({ message: `Service ${s.name} publishes ${shown} on ${host === '' ? 'all interfaces' : host}`, line: s.lineOf(['ports', i]), service: s.name });
      });
    }
    return hits;
  },
};
