/**
 * Regression test (docs/security.md): compose runs the dependency containers hardened like the
 * services. The end-to-end suite proves the images still start (and restart) with these settings.
 */
import { parse as parseYaml } from 'yaml';
import { shopGraph, synth } from './helpers/shop';

describe('14.18 compose dependency containers are hardened like services', () => {
  const compose = parseYaml(synth(shopGraph()).files['docker/docker-compose.yml']);

  it.each([
    ['postgres', ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']],
    ['redis', ['DAC_READ_SEARCH', 'SETGID', 'SETUID']],
    ['nats', undefined],
  ])('%s: every capability dropped but what its entrypoint needs, no new privileges, read-only', (name, added) => {
    const service = compose.services[name];
    expect(service.cap_drop).toEqual(['ALL']);
    expect(service.cap_add).toEqual(added);
    expect(service.security_opt).toEqual(['no-new-privileges:true']);
    expect(service.read_only).toBe(true);
  });
});

