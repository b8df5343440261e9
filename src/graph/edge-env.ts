import { DEPENDENCY_KIND_TABLE } from './kinds';
import { envPrefix } from './grammar';

/**
 * The variable an edge sets in its source service when the graph does not name one: the
 * dependency kind's connection variable (its pack's `connection.env`), else `<TARGET>_URL`, and
 * `<TARGET>_SERVICE_URL` for a service.
 */
export function defaultEdgeEnv(targetKind: 'service' | 'dependency', type: string | undefined, target: string): string {
  if (targetKind === 'service') return `${envPrefix(target)}_SERVICE_URL`;
  return (type !== undefined ? DEPENDENCY_KIND_TABLE.get(type)?.connection.env : undefined) ?? `${envPrefix(target)}_URL`;
}
