import type { EdgeRule } from './types';

/** A library is not deployed, so it calls and uses nothing at run time. */
export const libraryCaller: EdgeRule = {
  id: 'library-caller',
  scope: 'edge',
  description: 'A library is not deployed: no edge starts at one.',
  check({ edge, status, from }, { source }) {
    if (status !== 'ok' || from?.archetype !== 'library') return [];
    return [
      {
        message: `Library '${from.name}' cannot call or use anything at run time`,
        value: edge.where,
        expected: 'edges from deployed services (web-service, worker, cli-tool, data-pipeline)',
        action: `Remove ${edge.where}, or change the archetype of '${from.name}' in ${source}`,
      },
    ];
  },
};
