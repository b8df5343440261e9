import type { Problem } from '../problems';
import type { TopologyRule } from './types';

/** One host and path reach one service: an ingress controller cannot route the same request to two. */
export const ingressRouteClash: TopologyRule = {
  id: 'ingress-route-clash',
  scope: 'topology',
  description: 'Each host and path of an ingress routes to one service.',
  check({ services, source }) {
    const problems: Problem[] = [];
    const owner = new Map<string, string>();
    for (const service of services.values()) {
      const routes = service.routes;
      if (!routes) continue;
      for (const host of new Set(routes.hosts)) {
        const key = `${host}${routes.path}`;
        const other = owner.get(key);
        if (other === undefined) owner.set(key, service.name);
        else if (other !== service.name) {
          problems.push({
            message: `Ingress route clash: ${other} and ${service.name} both answer ${host}${routes.path}`,
            value: `${host}${routes.path}`,
            expected: 'each host and path routed to one service (another path, or another host)',
            action: `Change ${service.where}.ingress.hosts or .path in ${source}`,
          });
        }
      }
    }
    return problems;
  },
};
