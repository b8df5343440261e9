/** The rabbitmq kind (src/graph/kinds/dependencies/rabbitmq.ts): one shared user, its password a secret. */
import { describeKind } from './helpers';

describeKind({
  type: 'rabbitmq',
  image: 'rabbitmq:4.1',
  port: 5672,
  healthCheck: ['rabbitmq-diagnostics', '-q', 'check_port_connectivity'],
  dataPath: '/var/lib/rabbitmq',
  uid: 999,
  capabilities: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  secretEnv: { RABBITMQ_DEFAULT_PASS: 'RABBITMQ_PASSWORD' },
  connectionEnv: 'AMQP_URL',
  url: 'amqp://app:{RABBITMQ_PASSWORD}@rabbitmq:5672',
  databases: false,
});
