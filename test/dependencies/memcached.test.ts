/** The memcached kind (src/graph/kinds/dependencies/memcached.ts): a cache without a volume, checked over bash's /dev/tcp. */
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import { MEMCACHED } from '../../src/graph/kinds/dependencies/memcached';
import { both, describeKind, kindGraph } from './helpers';

describeKind({
  type: 'memcached',
  image: 'memcached:1.6',
  port: 11211,
  healthCheck: MEMCACHED.healthCheck.command,
  uid: 11211,
  connectionEnv: 'MEMCACHED_URL',
  url: 'memcached://memcached:11211',
  databases: false,
});

describe('memcached: the health check', () => {
  it('is bash sending the protocol\'s "version" command, with "$" kept for the container in compose', () => {
    expect(MEMCACHED.healthCheck.command.slice(0, 2)).toEqual(['bash', '-c']);
    const { compose } = both(kindGraph('memcached'));
    expect(compose.services.memcached.healthcheck.test[3]).toContain('[[ $$reply == VERSION* ]]');
  });

  /** Runs the check's script against a fake server on 127.0.0.1:11211 answering `reply`. */
  async function check(reply: string): Promise<number | null> {
    const server = net.createServer((socket) => socket.on('data', (d) => d.toString() === 'version\r\n' && socket.end(reply)));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(11211, '127.0.0.1', resolve));
    try {
      const script = MEMCACHED.healthCheck.command[2];
      const result = await new Promise<number | null>((resolve) => {
        const child = require('node:child_process').spawn('bash', ['-c', script], { stdio: 'ignore' });
        child.on('exit', (code: number | null) => resolve(code));
      });
      return result;
    } finally {
      server.close();
    }
  }

  const portFree = spawnSync('bash', ['-c', 'exec 3<>/dev/tcp/127.0.0.1/11211'], { stdio: 'ignore' }).status !== 0;
  (portFree ? it : it.skip)('passes on a VERSION reply and fails on anything else', async () => {
    expect(await check('VERSION 1.6.38\r\n')).toBe(0);
    expect(await check('ERROR\r\n')).not.toBe(0);
  });
});
