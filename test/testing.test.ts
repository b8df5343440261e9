import { Postgres, Topology, TopologyError, WebService, Worker } from '../src';
import { SynthResult, Testing } from '../src/testing';
import { SHOP_DIR, shopGraph } from './helpers/shop';

function shop() {
  const app = Testing.app();
  Topology.fromGraph(app, 'shop', shopGraph(), { baseDir: SHOP_DIR });
  return app;
}

describe('Testing.synth', () => {
  it('returns the same files as the app would write, without writing them', () => {
    const app = shop();
    const out = Testing.synth(app);
    expect(out.files).toEqual(app.synthFiles());
    expect(out.paths).toContain('docker/docker-compose.yml');
  });

  it('parses docker-compose.yml: one line per assertion', () => {
    const out = Testing.synth(shop());
    expect(Object.keys(out.compose.services)).toEqual(['nats', 'postgres', 'redis', 'catalog', 'auth', 'billing']);
    expect(out.composeService('catalog').environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(out.composeService('postgres').image).toBe('postgres:16');
  });

  it('gives manifests by kind and by name', () => {
    const out = Testing.synth(shop());
    expect(out.manifests('Deployment').map((d) => d.metadata.name)).toEqual(['auth', 'billing', 'catalog']);
    expect(out.manifest('Deployment', 'catalog').spec.replicas).toBe(2);
    expect(out.manifests().length).toBeGreaterThan(out.manifests('Deployment').length);
  });

  it('gives Dockerfiles per service and the variables of .env.example', () => {
    const out = Testing.synth(shop());
    expect(out.dockerfile('catalog')).toMatch(/^FROM docker\.io\/library\/python:3\.11-slim AS runtime$/m);
    expect(out.envExampleVariables).toEqual(expect.arrayContaining(['JWT_SECRET', 'POSTGRES_PASSWORD']));
  });

  it('names what exists when asked for something that does not', () => {
    const out = Testing.synth(shop());
    expect(() => out.dockerfile('nope')).toThrow(/No generated file 'docker\/Dockerfile\.nope'\. Generated: .*docker\/Dockerfile\.auth/);
    expect(() => out.composeService('nope')).toThrow(/has no service 'nope'\. It has: nats, postgres, redis/);
    expect(() => out.manifest('Deployment', 'nope')).toThrow(/No Deployment named 'nope'\. There are: auth, billing, catalog/);
  });

  it('synthesizes one topology of an app with several, and views each by name', () => {
    const app = Testing.app();
    const a = new Topology(app, 'alpha');
    new Worker(a, 'jobs', { runtime: 'go' });
    const b = new Topology(app, 'beta');
    new WebService(b, 'api', { runtime: 'node', port: 3000 }).uses(new Postgres(b, 'db'));
    const all = Testing.synth(app);
    expect(all.topology('beta').composeService('api').depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(all.topology('alpha').manifests('Deployment').map((d) => d.metadata.name)).toEqual(['jobs']);
    expect(Object.keys(Testing.synth(a).files).every((p) => !p.startsWith('alpha/'))).toBe(true);
  });

  it('throws TopologyError listing the problems of an invalid topology', () => {
    const app = Testing.app();
    const t = new Topology(app, 'bad');
    // Two services publishing the same host port (listening on the same container port is fine).
    new WebService(t, 'a', { runtime: 'node', ports: [{ port: 3000, host: 3000 }] });
    new WebService(t, 'b', { runtime: 'node', ports: [{ port: 3000, host: 3000 }] });
    expect(() => Testing.synth(app)).toThrow(TopologyError);
  });

  it('is deterministic', () => {
    expect(Testing.synth(shop()).files).toEqual(Testing.synth(shop()).files);
    expect(new SynthResult({}).paths).toEqual([]);
  });
});
