import type { Construct } from 'constructs';
import type { DependencyCommonProps } from './dependency';
import { KindDependency } from './kind-dependency';

/** Props for Redis. */
export interface RedisProps extends DependencyCommonProps {
  /** Major version of the official image. @default "7" */
  readonly version?: string;
}

/** Redis from the official image, with append-only persistence; services get `REDIS_URL` (its pack: src/graph/kinds/dependencies/redis.ts). */
export class Redis extends KindDependency {
  public constructor(scope: Construct, id: string, props: RedisProps = {}) {
    super(scope, id, { ...props, type: 'redis' });
  }
}
