import { envPrefix } from './grammar';

/** The variable an edge sets in its source service when the graph does not name one. */
export function defaultEdgeEnv(targetKind: 'service' | 'dependency', type: string | undefined, target: string): string {
  if (targetKind === 'service') return `${envPrefix(target)}_SERVICE_URL`;
  switch (type) {
    case 'postgres':
      return 'DATABASE_URL';
    case 'redis':
      return 'REDIS_URL';
    case 'nats':
      return 'NATS_URL';
    default:
      return `${envPrefix(target)}_URL`;
  }
}
