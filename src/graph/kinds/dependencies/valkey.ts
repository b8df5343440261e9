/**
 * Valkey from its official image (`valkey/valkey`, the 8.1 line), with append-only persistence;
 * services get `VALKEY_URL` with the `redis` scheme, which Valkey speaks and every Redis client parses.
 *
 * Checked against the image's Dockerfile (github.com/valkey-io/valkey-container): data in /data;
 * user valkey is uid 999; the entrypoint starts as root, chowns files in /data not owned by valkey
 * and switches user, as redis's does; `valkey-cli` ships in the image.
 */
import type { DependencyKindPack } from '../dependency';

/** Valkey. */
export const VALKEY: DependencyKindPack = {
  name: 'valkey',
  defaultVersion: '8.1',
  image: (version) => `valkey/valkey:${version}`,
  port: 6379,
  command: ['valkey-server', '--appendonly', 'yes'],
  healthCheck: { command: ['valkey-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10, startPeriod: '5s' },
  dataPath: '/data',
  connection: { env: 'VALKEY_URL', scheme: 'redis' },
  uid: 999,
  // As redis: the entrypoint looks through /data for files another user owns, then switches user.
  capabilities: ['DAC_READ_SEARCH', 'SETGID', 'SETUID'],
};
