import type { Construct } from 'constructs';
import { DEPENDENCY_VERSIONS } from '../src/defaults';
import { Dependency, type DependencyCommonProps } from './dependency';

/** Props for NATS. */
export interface NatsProps extends DependencyCommonProps {
  /** Version line of the official image. @default "2.10" */
  readonly version?: string;
}

/** NATS with JetStream from the official image, monitored on 8222; services get `NATS_URL`. */
export class Nats extends Dependency {
  public constructor(scope: Construct, id: string, props: NatsProps = {}) {
    super(scope, id, {
      ...props,
      type: 'nats',
      image: props.image ?? `nats:${props.version ?? DEPENDENCY_VERSIONS.nats}-alpine`,
      port: 4222,
      command: ['--jetstream', '--store_dir=/data', '--http_port=8222'],
      healthCheck: { command: ['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8222/healthz'], interval: '5s', timeout: '3s', retries: 10, startPeriod: '5s' },
      dataPath: '/data',
      connection: { env: 'NATS_URL', scheme: 'nats' },
    });
  }
}
