import type { Construct } from 'constructs';
import { DEPENDENCY_VERSIONS } from '../src/defaults';
import { Dependency, type DependencyCommonProps } from './dependency';

/** Props for Redis. */
export interface RedisProps extends DependencyCommonProps {
  /** Major version of the official image. @default "7" */
  readonly version?: string;
}

/** Redis from the official image, with append-only persistence; services get `REDIS_URL`. */
export class Redis extends Dependency {
  public constructor(scope: Construct, id: string, props: RedisProps = {}) {
    super(scope, id, {
      ...props,
      type: 'redis',
      image: props.image ?? `redis:${props.version ?? DEPENDENCY_VERSIONS.redis}-alpine`,
      port: 6379,
      command: ['redis-server', '--appendonly', 'yes'],
      healthCheck: { command: ['redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10, startPeriod: '5s' },
      dataPath: '/data',
      connection: { env: 'REDIS_URL', scheme: 'redis' },
      uid: 999,
      // The entrypoint starts as root: it looks through /data (redis writes it with umask 0077) for files
      // not owned by redis, then switches user. CHOWN is needed only when /data holds another user's files.
      capabilities: ['DAC_READ_SEARCH', 'SETGID', 'SETUID'],
    });
  }
}
