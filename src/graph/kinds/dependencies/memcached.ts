/**
 * Memcached from the official image (`memcached`, the 1.6 line, Debian-based): a cache, so no data
 * volume; services get `MEMCACHED_URL` (`memcached://<name>:11211`).
 *
 * Checked against the image's Dockerfile (github.com/docker-library/memcached, debian/Dockerfile):
 * it runs as user memcache (uid 11211) from the start, no capability needed; the base is
 * debian:*-slim, which has bash but no nc, curl or wget. The health check is therefore bash's own
 * /dev/tcp: it sends the protocol's `version` command and passes only on a `VERSION …` reply, so it
 * exercises the server, not only the port.
 */
import type { DependencyKindPack } from '../dependency';

/** Memcached. */
export const MEMCACHED: DependencyKindPack = {
  name: 'memcached',
  defaultVersion: '1.6',
  image: (version) => `memcached:${version}`,
  port: 11211,
  healthCheck: {
    command: ['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/11211 && printf "version\\r\\n" >&3 && read -r -t 2 reply <&3 && [[ $reply == VERSION* ]]'],
    interval: '5s',
    timeout: '3s',
    retries: 10,
    startPeriod: '5s',
  },
  connection: { env: 'MEMCACHED_URL', scheme: 'memcached' },
  uid: 11211,
};
