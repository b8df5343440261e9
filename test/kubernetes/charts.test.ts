import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, Chart, JsonPatch, Testing as CdkTesting } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Postgres, Topology, TopologyError, TopographApp, WebService, Worker } from '../../src';
import { Testing } from '../../src/testing';

/** api → catalog (a web-service), api and catalog → postgres; api has a plain env value (a ConfigMap). */
function shop(app = Testing.app(), baseDir?: string) {
  const topology = new Topology(app, 'shop', { baseDir });
  const db = new Postgres(topology, 'postgres');
  const catalog = new WebService(topology, 'catalog', { runtime: 'python', framework: 'fastapi', port: 8000 }).uses(db);
  const api = new WebService(topology, 'api', { runtime: 'python', framework: 'fastapi', port: 8080, env: { MODE: 'shop' } }).calls(catalog).uses(db);
  return { app, topology, db, catalog, api };
}

const waitCommand = (deployment: any, host: string): string =>
  deployment.spec.template.spec.initContainers.find((c: any) => c.name === `wait-for-${host}`).command[2];
const policyPorts = (out: ReturnType<typeof Testing.synth>, name: string, direction: 'egress' | 'ingress') =>
  out.manifest('NetworkPolicy', name).spec[direction][0].ports.map((p: any) => p.port);

describe('the Kubernetes objects are cdk8s charts in the app', () => {
  it('one chart per manifest file under the topology, each a construct of the app', () => {
    const { app, topology } = shop();
    expect(topology.kubernetes.files).toEqual(['00-namespace.yaml', '10-dependencies.yaml', '20-services.yaml', '30-network-policies.yaml']);
    const charts = app.node.findAll().filter(Chart.isChart);
    expect(charts.map((c) => c.node.path)).toEqual(['shop/Kubernetes/namespace', 'shop/Kubernetes/dependencies', 'shop/Kubernetes/services', 'shop/Kubernetes/network-policies']);
    expect(topology.kubernetes).toBe(topology.kubernetes);
    expect(topology.kubernetes.deployment('catalog')).toBeInstanceOf(kplus.Deployment);
    expect(topology.kubernetes.statefulSet('postgres')).toBeInstanceOf(kplus.StatefulSet);
    expect(topology.kubernetes.service('catalog').ports[0].port).toBe(8000);
    expect(topology.kubernetes.configMap('api-config')).toBeInstanceOf(kplus.ConfigMap);
    expect(topology.kubernetes.networkPolicy('allow-api-to-catalog').kind).toBe('NetworkPolicy');
  });

  it('synthesize the same files whether or not they were reached before synth', () => {
    const plain = Testing.synth(shop().app).files;
    const reached = shop();
    reached.topology.kubernetes.deployment('api');
    expect(Testing.synth(reached.app).files).toEqual(plain);
  });

  it('work with cdk8s Testing.synth, derived values included', () => {
    const { topology } = shop();
    const objects = CdkTesting.synth(topology.kubernetes.chart('20-services.yaml'));
    const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api');
    expect(waitCommand(api, 'catalog')).toContain('nc -z -w 2 catalog 8000');
    expect(api.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(CdkTesting.synth(topology.kubernetes.chart('30-network-policies.yaml')).length).toBeGreaterThan(2);
  });

  it('name what exists when an object or file is not there', () => {
    const { topology } = shop();
    expect(() => topology.kubernetes.deployment('postgres')).toThrow(/has no Kubernetes Deployment 'postgres'[\s\S]*one of api, catalog/);
    expect(() => topology.kubernetes.chart('40-extra.yaml')).toThrow(TopologyError);
    expect(() => topology.kubernetes.service('nope')).toThrow(/one of api, catalog, postgres/);
  });

  it('refuse a topology outside a cdk8s App, with a clear error', () => {
    const topology = new Topology(new Construct(undefined as unknown as Construct, ''), 'loose');
    new Worker(topology, 'w', { runtime: 'go' });
    expect(() => topology.kubernetes).toThrow(/is not in a cdk8s App/);
  });
});

describe('changes made through the constructs', () => {
  it('ApiObject.of() on a topograph Deployment changes the output', () => {
    const { app, topology } = shop();
    ApiObject.of(topology.kubernetes.deployment('api')).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
    topology.kubernetes.deployment('catalog').metadata.addAnnotation('example.com/team', 'catalog');
    const out = Testing.synth(app);
    expect(out.manifest('Deployment', 'api').spec.revisionHistoryLimit).toBe(3);
    expect(out.manifest('Deployment', 'catalog').metadata.annotations).toEqual({ 'example.com/team': 'catalog' });
    expect(out.manifest('Deployment', 'catalog').spec.revisionHistoryLimit).toBeUndefined();
  });

  it('objects added to a topograph chart are written into its file (an Ingress for the catalog Service)', () => {
    const { app, topology } = shop();
    new kplus.Ingress(topology.kubernetes.chart('20-services.yaml'), 'catalog-ingress', {
      metadata: { name: 'catalog' },
      defaultBackend: kplus.IngressBackend.fromService(topology.kubernetes.service('catalog')),
    });
    const out = Testing.synth(app);
    const ingress = out.manifest('Ingress', 'catalog');
    expect(ingress.metadata.namespace).toBe('shop');
    expect(ingress.spec.defaultBackend.service).toEqual({ name: 'catalog', port: { number: 8000 } });
    expect(out.file('kubernetes/20-services.yaml')).toMatch(/^# @generated by topograph[\s\S]*kind: Ingress/);
  });

  it('a patched Service port moves the init-container waits of its callers and their NetworkPolicy ports', () => {
    const before = Testing.synth(shop().app);
    expect(waitCommand(before.manifest('Deployment', 'api'), 'catalog')).toContain('catalog 8000;');
    expect(policyPorts(before, 'allow-api-to-catalog', 'egress')).toEqual([8000]);

    const { app, topology } = shop();
    // cdk8s applies ApiObject patches before the L1 conversion: an IntOrString is written as one.
    ApiObject.of(topology.kubernetes.service('catalog')).addJsonPatch(
      JsonPatch.replace('/spec/ports/0/port', 9000),
      JsonPatch.replace('/spec/ports/0/targetPort', kplus.k8s.IntOrString.fromNumber(9001)),
    );
    const out = Testing.synth(app);
    expect(out.manifest('Service', 'catalog').spec.ports).toEqual([{ name: 'http', port: 9000, targetPort: 9001 }]);
    expect(waitCommand(out.manifest('Deployment', 'api'), 'catalog')).toBe(
      'until nc -z -w 2 catalog 9000; do\n  echo "waiting for catalog:9000"; sleep 2\ndone',
    );
    // Policies match the pods' port, the Service's targetPort.
    expect(policyPorts(out, 'allow-api-to-catalog', 'egress')).toEqual([9001]);
    expect(policyPorts(out, 'allow-catalog-from-api', 'ingress')).toEqual([9001]);
    // Nothing else moved.
    expect(waitCommand(out.manifest('Deployment', 'api'), 'postgres')).toContain('postgres 5432;');
    expect(policyPorts(out, 'allow-api-to-postgres', 'egress')).toEqual([5432]);
  });

  it('the same through addKubernetesPatch, recorded before the charts exist, and for a dependency', () => {
    const { app, catalog, db } = shop();
    catalog.addKubernetesPatch('Service', JsonPatch.replace('/spec/ports/0/port', 9000));
    db.addKubernetesPatch('Service', JsonPatch.replace('/spec/ports/0/port', 6543), JsonPatch.replace('/spec/ports/0/targetPort', 6543));
    const out = Testing.synth(app);
    expect(waitCommand(out.manifest('Deployment', 'api'), 'catalog')).toContain('catalog 9000;');
    expect(policyPorts(out, 'allow-api-to-catalog', 'egress')).toEqual([8000]); // targetPort unchanged
    expect(waitCommand(out.manifest('Deployment', 'catalog'), 'postgres')).toContain('postgres 6543;');
    expect(policyPorts(out, 'allow-catalog-to-postgres', 'egress')).toEqual([6543]);
    expect(policyPorts(out, 'allow-postgres-from-api', 'ingress')).toEqual([6543]);
    // The callers' connection URLs follow the Service port too, so their pods roll.
    expect(out.manifest('ConfigMap', 'api-config').data.CATALOG_SERVICE_URL).toBe('http://catalog:9000');
    const env = out.manifest('Deployment', 'api').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'DATABASE_URL').value).toMatch(/@postgres:6543\//);
    const plain = Testing.synth(shop().app);
    expect(out.manifest('Deployment', 'api').spec.template.metadata.annotations).not.toEqual(plain.manifest('Deployment', 'api').spec.template.metadata.annotations);
  });

  it('a patched ConfigMap changes checksum/config, so the pods roll', () => {
    const checksum = (out: ReturnType<typeof Testing.synth>, name: string) => out.manifest('Deployment', name).spec.template.metadata.annotations['checksum/config'];
    const plain = Testing.synth(shop().app);
    const a = shop();
    a.topology.addKubernetesPatch({ kind: 'ConfigMap', name: 'api-config' }, JsonPatch.replace('/data/MODE', 'outlet'));
    const patched = Testing.synth(a.app);
    expect(patched.manifest('ConfigMap', 'api-config').data.MODE).toBe('outlet');
    expect(checksum(patched, 'api')).not.toBe(checksum(plain, 'api'));
    expect(patched.manifest('Deployment', 'catalog')).toEqual(plain.manifest('Deployment', 'catalog'));
    const b = shop();
    b.topology.kubernetes.configMap('api-config').addData('EXTRA', '1');
    const added = Testing.synth(b.app);
    expect(added.manifest('ConfigMap', 'api-config').data).toEqual({ CATALOG_SERVICE_URL: 'http://catalog:8000', EXTRA: '1', MODE: 'shop' });
    expect(checksum(added, 'api')).not.toBe(checksum(plain, 'api'));
    expect(checksum(added, 'api')).not.toBe(checksum(patched, 'api'));
  });

  it('report a patch that fails by the object and the call that added it', () => {
    const { app, topology } = shop();
    ApiObject.of(topology.kubernetes.deployment('api')).addJsonPatch(JsonPatch.replace('/spec/nothing/here', 1));
    expect(() => Testing.synth(app)).toThrow(/Kubernetes object Deployment 'api' \(shop\/Kubernetes\/services\/api\/api:deployment\/Resource\) cannot be serialized/);
  });
});

describe('once the charts exist', () => {
  it('a synthesis builds charts for itself only: afterwards the topology is open to changes, as before', () => {
    const { app, topology } = shop();
    Testing.synth(app);
    expect(topology.node.tryFindChild('Kubernetes')).toBeUndefined();
    new Worker(topology, 'late', { runtime: 'go' });
    expect(Testing.synth(app).paths).toContain('docker/Dockerfile.late');
    expect(topology.kubernetes.files).toContain('20-services.yaml');
  });

  it('the topology refuses changes the charts would not follow, saying why', () => {
    const { topology, api, catalog } = shop();
    void topology.kubernetes;
    expect(() => new Worker(topology, 'late', { runtime: 'go' })).toThrow(/Topology 'shop' cannot change after its Kubernetes charts were built[\s\S]*new service 'late'/);
    expect(() => api.addEnv('LATE', '1')).toThrow(/cannot change after its Kubernetes charts were built[\s\S]*env LATE on service 'api'/);
    expect(() => api.addSecret('TOKEN')).toThrow(TopologyError);
    expect(() => catalog.calls(api)).toThrow(/edge catalog → api/);
  });

  it('a Kubernetes patch goes onto the object at once, and one that selects nothing fails at the call', () => {
    const { app, topology, api } = shop();
    void topology.kubernetes;
    api.addKubernetesPatch('Deployment', JsonPatch.add('/spec/paused', true));
    expect(() => api.addKubernetesPatch('CronJob', JsonPatch.add('/spec/x', 1))).toThrow(/matches no generated object/);
    expect(Testing.synth(app).manifest('Deployment', 'api').spec.paused).toBe(true);
  });

  it('compose overrides still apply (they do not touch the charts)', () => {
    const { app, topology, api } = shop();
    void topology.kubernetes;
    api.addComposeOverride('restart', 'always');
    expect(Testing.synth(app).composeService('api').restart).toBe('always');
  });
});

describe("the app's own charts", () => {
  it('a user Chart in a TopographApp is synthesized beside the topology, as cdk8s names it', () => {
    const { app } = shop();
    const extras = new Chart(app, 'extras', { namespace: 'shop' });
    new kplus.ConfigMap(extras, 'feature-flags', { metadata: { name: 'feature-flags' }, data: { checkout: 'on' } });
    const out = Testing.synth(app);
    const text = out.file('kubernetes/extras.k8s.yaml');
    expect(text).toMatch(/^# @generated by topograph — do not edit\n# Chart extras of your app/);
    expect(out.manifest('ConfigMap', 'feature-flags').data).toEqual({ checkout: 'on' });
    expect(out.paths.filter((p) => p.startsWith('kubernetes/'))).toEqual([
      'kubernetes/00-namespace.yaml',
      'kubernetes/10-dependencies.yaml',
      'kubernetes/20-services.yaml',
      'kubernetes/30-network-policies.yaml',
      'kubernetes/extras.k8s.yaml',
    ]);
    expect(Object.keys(Testing.synth(app, { targets: ['compose'] }).files)).not.toContain('kubernetes/extras.k8s.yaml');
  });

  it('are written, owned and pruned like every generated file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-charts-'));
    const outdir = path.join(dir, 'dist');
    for (const service of ['api', 'catalog']) {
      fs.mkdirSync(path.join(dir, service));
      fs.writeFileSync(path.join(dir, service, 'requirements.txt'), 'fastapi\n');
    }
    try {
      const make = (withChart: boolean) => {
        const app = new TopographApp({ outdir, lint: false, targets: ['k8s'] });
        shop(app, dir);
        if (withChart) new kplus.ConfigMap(new Chart(app, 'extras'), 'flags', { metadata: { name: 'flags' }, data: { a: '1' } });
        return app;
      };
      const first = make(true);
      first.synth();
      expect(first.lastChanges).toContainEqual({ path: 'kubernetes/extras.k8s.yaml', status: 'created' });
      const second = make(false);
      second.synth();
      expect(second.lastChanges).toContainEqual({ path: 'kubernetes/extras.k8s.yaml', status: 'deleted' });
      expect(fs.existsSync(path.join(outdir, 'kubernetes', 'extras.k8s.yaml'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a chart that cannot be synthesized is a clear problem, not dropped', () => {
    const { app } = shop();
    const broken = new Chart(app, 'broken');
    new kplus.ConfigMap(broken, 'cm', { metadata: { name: 'cm' } });
    ApiObject.of(broken.node.findChild('cm')).addJsonPatch(JsonPatch.replace('/nothing/here', 1));
    expect(() => Testing.synth(app)).toThrow(/Your chart broken cannot be synthesized/);
  });
});
