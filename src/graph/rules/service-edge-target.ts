import { showValue } from '../problems';
import type { EdgeRule } from './types';

/** A service edge ends at a deployed, long-running service with a port. */
export const serviceEdgeTarget: EdgeRule = {
  id: 'service-edge-target',
  scope: 'edge',
  description: 'An edge to a service ends at a web-service or worker that keeps running and listens on a port.',
  check({ edge, status, targetService: target }, { source }) {
    if (status !== 'ok' || !target) return [];
    if (target.archetype === 'library') {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to}: '${edge.to}' is a library and is not deployed`,
          expected: 'a service with a port',
          action: `Depend on the library in ${edge.from}'s package manifest instead, and remove ${edge.where} from ${source}`,
        },
      ];
    }
    if (target.archetype === 'cli-tool' || target.archetype === 'data-pipeline') {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to}: '${edge.to}' is a ${target.archetype} and runs to completion`,
          expected: 'the target of a service edge to be a web-service or worker that keeps running',
          action: `Remove ${edge.where} from ${source}, or change the archetype of '${edge.to}'`,
        },
      ];
    }
    // A job is only waited for (to complete): it needs no port.
    if (target.port === undefined && target.archetype !== 'job') {
      return [
        {
          message: `Edge ${edge.from} → ${edge.to}: '${edge.to}' has no port to call`,
          value: `archetype ${showValue(target.archetype)}`,
          expected: 'the target of a service edge to listen on a port',
          action: `Give ${target.where} a "port", or remove ${edge.where} from ${source}`,
        },
      ];
    }
    return [];
  },
};
