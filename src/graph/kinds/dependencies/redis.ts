/** Redis from the official image, with append-only persistence; services get `REDIS_URL`. */
import type { DependencyKindPack } from '../dependency';

/** Redis. */
export const REDIS: DependencyKindPack = {
  name: 'redis',
  defaultVersion: '7',
  image: (version) => `redis:${version}-alpine`,
  port: 6379,
  command: ['redis-server', '--appendonly', 'yes'],
  healthCheck: { command: ['redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10, startPeriod: '5s' },
  dataPath: '/data',
  connection: { env: 'REDIS_URL', scheme: 'redis' },
  uid: 999,
  // The entrypoint starts as root: it looks through /data (redis writes it with umask 0077) for files
  // not owned by redis, then switches user. CHOWN is needed only when /data holds another user's files.
  capabilities: ['DAC_READ_SEARCH', 'SETGID', 'SETUID'],
};
