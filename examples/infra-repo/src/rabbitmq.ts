import type { Construct } from 'constructs';
import { Dependency, type DependencyCommonProps } from 'topograph';

/** Props for RabbitMQ. */
export interface RabbitMqProps extends DependencyCommonProps {
  /** Version line of the official image. @default "3.13" */
  readonly version?: string;
  /** Virtual host the services use. @default "/" (written as %2F in the URL) */
  readonly virtualHost?: string;
}

/**
 * RabbitMQ, a dependency topograph does not ship, added through the public `Dependency`
 * extension point: the image, its port, how it checks its health, where it keeps its data, the
 * environment it needs and the connection (`AMQP_URL`) each service that uses it receives.
 */
export class RabbitMq extends Dependency {
  public constructor(scope: Construct, id: string, props: RabbitMqProps = {}) {
    super(scope, id, {
      ...props,
      type: 'rabbitmq',
      image: props.image ?? `rabbitmq:${props.version ?? '3.13'}-alpine`,
      port: 5672,
      healthCheck: { command: ['rabbitmq-diagnostics', '-q', 'ping'], interval: '10s', timeout: '10s', retries: 6, startPeriod: '20s' },
      dataPath: '/var/lib/rabbitmq',
      env: { RABBITMQ_DEFAULT_USER: 'shop' },
      // The password is a secret: compose reads it from .env, Kubernetes from the topology Secret.
      secretEnv: { RABBITMQ_DEFAULT_PASS: 'RABBITMQ_PASSWORD' },
      connection: {
        env: 'AMQP_URL',
        scheme: 'amqp',
        username: 'shop',
        passwordSecret: 'RABBITMQ_PASSWORD',
        path: props.virtualHost === undefined ? undefined : encodeURIComponent(props.virtualHost),
      },
      uid: 999,
    });
  }
}
