import { parse } from 'yaml';
import { shopGraph, synth } from './helpers/shop';

// podman's Docker-compatible API (docker-compose on podman) joins healthcheck.test with spaces and
// splits it again: an argument containing whitespace would reach the container cut into pieces.
// The end-to-end suite (npm run test:e2e) runs these probes for real; this keeps them intact cheaply.
describe('health probes', () => {
  const { files } = synth(shopGraph());
  const compose = parse(files['docker/docker-compose.yml']) as {
    services: Record<string, { healthcheck?: { test: string[] } }>;
  };

  it.each(['catalog', 'billing', 'auth'])('%s: exec form, no argument contains whitespace', (name) => {
    const test = compose.services[name].healthcheck?.test ?? [];
    expect(test[0]).toBe('CMD');
    expect(test.length).toBeGreaterThan(2);
    for (const argument of test) expect(argument).not.toMatch(/\s/);
  });

  it('the Dockerfile HEALTHCHECK runs the same command as compose', () => {
    const test = compose.services.catalog.healthcheck?.test ?? [];
    expect(files['docker/Dockerfile.catalog']).toContain(`CMD ${JSON.stringify(test.slice(1)).replace(/","/g, '", "')}`);
  });
});
