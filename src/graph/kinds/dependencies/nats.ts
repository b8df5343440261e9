/** NATS with JetStream from the official image, monitored on 8222; services get `NATS_URL`. */
import type { DependencyKindPack } from '../dependency';

/** NATS. */
export const NATS: DependencyKindPack = {
  name: 'nats',
  defaultVersion: '2.10',
  image: (version) => `nats:${version}-alpine`,
  port: 4222,
  command: ['--jetstream', '--store_dir=/data', '--http_port=8222'],
  healthCheck: { command: ['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8222/healthz'], interval: '5s', timeout: '3s', retries: 10, startPeriod: '5s' },
  dataPath: '/data',
  connection: { env: 'NATS_URL', scheme: 'nats' },
};
