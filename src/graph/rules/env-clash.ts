import type { EdgeRule } from './types';

/** Each environment variable of a service is set once: by the service itself or by one edge. */
export const envClash: EdgeRule = {
  id: 'env-clash',
  scope: 'edge',
  description: 'Each environment variable of a service is set once: by the service itself or by one of its edges.',
  check({ edge, status, envOwner }, { source }) {
    if (status !== 'ok' || !edge.env || envOwner === undefined) return [];
    return [
      {
        message: `Service '${edge.from}' gets ${edge.env} twice`,
        value: `${envOwner} and ${edge.where}`,
        expected: 'each environment variable set once',
        action: `Set "env" on ${edge.where} to another name (e.g. ${edge.to.toUpperCase().replace(/-/g, '_')}_${edge.env}) in ${source}`,
      },
    ];
  },
};
