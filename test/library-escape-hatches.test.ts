import { JsonPatch } from 'cdk8s';
import { CliTool, Library, Postgres, Redis, Topology, TopologyError, WebService } from '../src';
import { Testing } from '../src/testing';

function topology() {
  const app = Testing.app();
  const shop = new Topology(app, 'shop');
  const db = new Postgres(shop, 'postgres');
  const cache = new Redis(shop, 'redis');
  const api = new WebService(shop, 'api', { runtime: 'python', framework: 'fastapi', port: 8000 }).uses(db).uses(cache);
  return { app, shop, db, cache, api };
}

describe('escape hatches', () => {
  it('change nothing they do not name: the rest of the file stays byte for byte as generated', () => {
    const plain = Testing.synth(topology().app).file('docker/docker-compose.yml');
    const removed = topology();
    removed.shop.addComposeOverride('x-unused', undefined);
    expect(Testing.synth(removed.app).file('docker/docker-compose.yml')).toBe(plain);
    const added = topology();
    added.shop.addComposeOverride('x-note', 'hi');
    expect(Testing.synth(added.app).file('docker/docker-compose.yml')).toBe(`${plain}x-note: "hi"\n`);
  });

  describe('compose overrides', () => {
    it('set nested values on a service, a dependency and the document, keeping the rest as generated', () => {
      const { app, shop, api, cache } = topology();
      const plain = Testing.synth(topology().app).file('docker/docker-compose.yml');
      api.addComposeOverride('logging', { driver: 'json-file', options: { 'max-size': '10m' } });
      api.addComposeOverride(['labels', 'com.example.team'], 'shop');
      cache.addComposeOverride('ulimits.nofile', 65536);
      shop.addComposeOverride('networks.shop-net.driver_opts', { 'com.docker.network.driver.mtu': '1400' });
      const out = Testing.synth(app);
      expect(out.composeService('api').logging).toEqual({ driver: 'json-file', options: { 'max-size': '10m' } });
      expect(out.composeService('api').labels).toEqual({ 'com.example.team': 'shop' });
      expect(out.composeService('redis').ulimits).toEqual({ nofile: 65536 });
      expect(out.compose.networks['shop-net']).toEqual({ driver: 'bridge', driver_opts: { 'com.docker.network.driver.mtu': '1400' } });
      const text = out.file('docker/docker-compose.yml');
      expect(text.startsWith(plain.split('\n').slice(0, 6).join('\n'))).toBe(true); // header comments kept
      expect(text).toMatchSnapshot();
    });

    it('remove a key when the value is undefined, and replace generated values', () => {
      const { app, api } = topology();
      api.addComposeOverride('read_only', undefined).addComposeOverride('restart', 'always');
      const entry = Testing.synth(app).composeService('api');
      expect(entry).not.toHaveProperty('read_only');
      expect(entry.restart).toBe('always');
    });

    it('refuse an empty path at the call', () => {
      const { api } = topology();
      expect(() => api.addComposeOverride('logging..driver', 1)).toThrow(/Invalid compose override path for service 'api'/);
      expect(() => api.addComposeOverride([], 1)).toThrow(TopologyError);
    });

    it('fail synthesis for a service without a compose entry', () => {
      const { app, shop } = topology();
      new Library(shop, 'shared', { runtime: 'python' }).addComposeOverride('x', 1);
      expect(() => Testing.synth(app)).toThrow(/Compose override for service 'shared' has no compose entry to change/);
    });
  });

  describe('Dockerfile instructions and patches', () => {
    it('insert an instruction before USER in the runtime stage, so it runs as root', () => {
      const { app, api } = topology();
      api.addDockerfileInstruction('RUN apt-get update && apt-get install -y --no-install-recommends libpq5');
      const lines = Testing.synth(app).dockerfile('api').split('\n');
      const at = lines.indexOf('RUN apt-get update && apt-get install -y --no-install-recommends libpq5');
      expect(at).toBeGreaterThan(lines.findIndex((l) => l.endsWith(' AS runtime')));
      expect(lines[at + 1]).toBe('USER 10001:10001');
    });

    it('append to the end of another stage', () => {
      const { app, api } = topology();
      api.addDockerfileInstruction('RUN pip check', { stage: 'dependencies' }).addDockerfileInstruction('RUN python -m pytest -q', { stage: 'build' });
      const text = Testing.synth(app).dockerfile('api');
      expect(text).toMatch(/-r requirements\.txt\nRUN pip check\n\n# ---- Stage 2/);
      expect(text).toMatch(/RUN python -m compileall -q \.\nRUN python -m pytest -q\n\n# ---- Stage 3/);
      expect(text).toMatchSnapshot();
    });

    it('apply patches to the whole text after the instructions', () => {
      const { app, api } = topology();
      api.addDockerfileInstruction('ENV A=1').addDockerfilePatch((d) => d.replace('ENV A=1', 'ENV A=2'));
      expect(Testing.synth(app).dockerfile('api')).toContain('ENV A=2');
    });

    it('refuse text that is not an instruction, at the call', () => {
      const { api } = topology();
      expect(() => api.addDockerfileInstruction('apt-get install curl')).toThrow(/Invalid Dockerfile instruction for service 'api'/);
      expect(() => api.addDockerfileInstruction('RUN true', { stage: 'final' as never })).toThrow(/Invalid Dockerfile stage/);
    });

    it('fail synthesis for a service without a Dockerfile, and not when Dockerfiles are not generated', () => {
      const { app, shop } = topology();
      new Library(shop, 'shared', { runtime: 'python' }).addDockerfileInstruction('RUN true');
      expect(() => Testing.synth(app)).toThrow(/Dockerfile edit for service 'shared', which has no Dockerfile/);
      expect(Object.keys(Testing.synth(app, { targets: ['compose'] }).files)).toContain('docker/docker-compose.yml');
    });

    it('fail synthesis when a patch drops the generated marker or returns nothing', () => {
      const a = topology();
      a.api.addDockerfilePatch((d) => d.split('\n').slice(1).join('\n'));
      expect(() => Testing.synth(a.app)).toThrow(/returned text without the generated marker/);
      const b = topology();
      b.api.addDockerfilePatch((() => undefined) as never);
      expect(() => Testing.synth(b.app)).toThrow(/returned a undefined/);
    });

    it('report a bad patch together with every other escape-hatch problem', () => {
      const { app, shop, api } = topology();
      api.addDockerfilePatch(() => 'FROM scratch\n');
      new Library(shop, 'shared', { runtime: 'python' }).addComposeOverride('x', 1);
      let thrown: unknown;
      try {
        Testing.synth(app);
      } catch (error) {
        thrown = error;
      }
      expect(TopologyError.isTopologyError(thrown)).toBe(true);
      expect((thrown as TopologyError).problems.map((p) => p.message)).toEqual([
        "Dockerfile patch for service 'api' returned text without the generated marker",
        "Compose override for service 'shared' has no compose entry to change",
      ]);
    });
  });

  describe('Kubernetes patches', () => {
    it('patch the object of a service, a dependency and any object by kind and name', () => {
      const { app, shop, api, db } = topology();
      api.addKubernetesPatch('Deployment', JsonPatch.add('/spec/template/spec/priorityClassName', 'high'));
      db.addKubernetesPatch('StatefulSet', JsonPatch.replace('/spec/replicas', 1));
      shop.addKubernetesPatch({ kind: 'Service', name: 'api' }, JsonPatch.add('/metadata/annotations', { 'example.com/team': 'shop' }));
      const out = Testing.synth(app);
      expect(out.manifest('Deployment', 'api').spec.template.spec.priorityClassName).toBe('high');
      expect(out.manifest('Service', 'api').metadata.annotations).toEqual({ 'example.com/team': 'shop' });
      expect(out.file('kubernetes/20-services.yaml')).toMatch(/^# @generated by topograph/);
    });

    it('patch a tool Job template by its name', () => {
      const app = Testing.app();
      const t = new Topology(app, 'tools');
      new CliTool(t, 'migrate', { runtime: 'go' }).addKubernetesPatch('Job', JsonPatch.add('/spec/backoffLimit', 0));
      expect(Testing.synth(app).manifest('Job', 'migrate').spec.backoffLimit).toBe(0);
    });

    it('fail synthesis naming the objects there are when nothing matches, or the path is wrong', () => {
      const a = topology();
      a.api.addKubernetesPatch('CronJob', JsonPatch.add('/spec/x', 1));
      expect(() => Testing.synth(a.app)).toThrow(/Kubernetes patch from service 'api' matches no generated object[\s\S]*Deployment\/api/);
      const b = topology();
      b.api.addKubernetesPatch('Deployment', JsonPatch.replace('/spec/nothing/here', 1));
      expect(() => Testing.synth(b.app)).toThrow(/Kubernetes patch for Deployment 'api' \(from service 'api'\) failed/);
    });

    it('are skipped with the Kubernetes target off', () => {
      const { app, api } = topology();
      api.addKubernetesPatch('CronJob', JsonPatch.add('/spec/x', 1));
      expect(Object.keys(Testing.synth(app, { targets: ['compose'] }).files)).not.toContain('kubernetes/20-services.yaml');
    });
  });
});
