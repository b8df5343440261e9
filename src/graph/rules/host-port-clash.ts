import type { Problem } from '../problems';
import type { TopologyRule } from './types';

/** Each port published on the host (service ports with "host", published dependencies) is published once. */
export const hostPortClash: TopologyRule = {
  id: 'host-port-clash',
  scope: 'topology',
  description: 'Each host port is published once: by one service port ("host") or one published dependency.',
  check({ services, dependencies, source }) {
    const problems: Problem[] = [];
    const hostPorts = new Map<number, string>();
    const published: Array<{ port: number; name: string; where: string }> = [
      ...[...services.values()].flatMap((s) => (s.hostPorts ?? []).map((port) => ({ port, name: s.name, where: `${s.where}.ports` }))),
      ...[...dependencies.values()]
        .filter((d) => d.publish && d.port !== undefined)
        .map((d) => ({ port: d.port!, name: d.name, where: d.where })),
    ];
    for (const { port, name, where } of published) {
      const other = hostPorts.get(port);
      if (other) {
        problems.push({
          message: other === name ? `Port clash: ${name} publishes host port ${port} twice` : `Port clash: ${other} and ${name} both publish host port ${port}`,
          value: String(port),
          expected: 'a distinct port for each published service',
          action: `Change the host port of ${where} in ${source}`,
        });
      } else hostPorts.set(port, name);
    }
    return problems;
  },
};
