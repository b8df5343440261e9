/**
 * RabbitMQ from the official image (`rabbitmq`, the 4.1 line, without the management plugin).
 * Services share one user, `app`, whose password is the secret `<NAME>_PASSWORD`, on the default
 * virtual host; they get `AMQP_URL`.
 *
 * Checked against the image's documentation and Dockerfile (hub.docker.com/_/rabbitmq,
 * github.com/docker-library/rabbitmq) and rabbitmq.com/docs/monitoring#health-checks: data (and the
 * Erlang cookie, its home) in /var/lib/rabbitmq; user rabbitmq is uid 999; the entrypoint starts
 * as root, chowns /var/lib/rabbitmq and switches user; RABBITMQ_DEFAULT_USER/PASS create the user
 * on first boot; `rabbitmq-diagnostics -q check_port_connectivity` passes once every listener
 * (AMQP 5672 here) accepts connections, which implies the node is running.
 */
import { superuserSecret } from '../../postgres-roles';
import type { DependencyKindPack } from '../dependency';
import { CHOWN_AND_SWITCH_USER } from './per-service-databases';

/** The user services connect as. */
export const RABBITMQ_USER = 'app';

/** RabbitMQ. */
export const RABBITMQ: DependencyKindPack = {
  name: 'rabbitmq',
  defaultVersion: '4.1',
  image: (version) => `rabbitmq:${version}`,
  port: 5672,
  healthCheck: { command: ['rabbitmq-diagnostics', '-q', 'check_port_connectivity'], interval: '10s', timeout: '10s', retries: 10, startPeriod: '20s' },
  dataPath: '/var/lib/rabbitmq',
  env: { RABBITMQ_DEFAULT_USER: RABBITMQ_USER },
  secretEnv: (name) => ({ RABBITMQ_DEFAULT_PASS: superuserSecret(name) }),
  connection: { env: 'AMQP_URL', scheme: 'amqp', username: RABBITMQ_USER },
  connectionFor: (dependency) => ({ passwordSecret: superuserSecret(dependency) }),
  uid: 999,
  capabilities: [...CHOWN_AND_SWITCH_USER],
};
