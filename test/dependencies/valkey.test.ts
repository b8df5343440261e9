/** The valkey kind (src/graph/kinds/dependencies/valkey.ts): redis's shape, its own image. */
import { describeKind } from './helpers';

describeKind({
  type: 'valkey',
  image: 'valkey/valkey:8.1',
  port: 6379,
  healthCheck: ['valkey-cli', 'ping'],
  dataPath: '/data',
  uid: 999,
  capabilities: ['DAC_READ_SEARCH', 'SETGID', 'SETUID'],
  connectionEnv: 'VALKEY_URL',
  url: 'redis://valkey:6379',
  databases: false,
});
