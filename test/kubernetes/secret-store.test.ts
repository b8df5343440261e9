/**
 * The topology's `secretStore` (issue 18): one ExternalSecret (external-secrets.io/v1) in
 * 05-secrets.yaml fills the topology Secret from the store, a `data` entry per key the pods read;
 * the summary names the store and keys instead of `kubectl create secret`; compose keeps .env;
 * never a value anywhere.
 */
import { kubernetesSummary, Topology, TopographApp, validateGraph, WebService } from '../../src';
import { userSecret } from '../../src/kubernetes';
import type { TopologyGraph } from '../../src';
import { type Manifest, modelOf, render, shopGraph } from './helpers';
import { synth } from '../helpers/shop';

function storedShop(store: Record<string, unknown> = { name: 'vault' }): TopologyGraph {
  return { ...shopGraph(), secretStore: store } as TopologyGraph;
}

const SHOP_KEYS = ['JWT_SECRET', 'POSTGRES_AUTH_PASSWORD', 'POSTGRES_BILLING_PASSWORD', 'POSTGRES_CATALOG_PASSWORD', 'POSTGRES_PASSWORD'];

describe('a topology with a secret store', () => {
  const r = render(
    storedShop({
      name: 'vault-backend',
      kind: 'SecretStore',
      refreshInterval: '15m',
      prefix: 'prod/shop/',
      keys: { JWT_SECRET: 'shared/jwt', POSTGRES_PASSWORD: { key: 'prod/db/admin', property: 'password' } },
    }),
  );

  it('writes one ExternalSecret named after the topology Secret, filling it from the store', () => {
    const es = r.get('ExternalSecret', 'shop-secrets');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.metadata.namespace).toBe('shop');
    expect(es.metadata.labels!['app.kubernetes.io/managed-by']).toBe('topograph');
    expect(es.spec).toEqual({
      refreshInterval: '15m',
      secretStoreRef: { name: 'vault-backend', kind: 'SecretStore' },
      target: { name: 'shop-secrets', creationPolicy: 'Owner' },
      data: [
        { secretKey: 'JWT_SECRET', remoteRef: { key: 'shared/jwt' } },
        { secretKey: 'POSTGRES_AUTH_PASSWORD', remoteRef: { key: 'prod/shop/POSTGRES_AUTH_PASSWORD' } },
        { secretKey: 'POSTGRES_BILLING_PASSWORD', remoteRef: { key: 'prod/shop/POSTGRES_BILLING_PASSWORD' } },
        { secretKey: 'POSTGRES_CATALOG_PASSWORD', remoteRef: { key: 'prod/shop/POSTGRES_CATALOG_PASSWORD' } },
        { secretKey: 'POSTGRES_PASSWORD', remoteRef: { key: 'prod/db/admin', property: 'password' } },
      ],
    });
  });

  it('has exactly one data entry per key the pods read (the Secret the workloads reference)', () => {
    const es = r.get('ExternalSecret', 'shop-secrets');
    expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(userSecret(r.model)!.keys);
    const referenced = new Set<string>();
    for (const { object } of r.objects) {
      JSON.stringify(object, (k, v) => {
        if (k === 'secretKeyRef') {
          expect(v.name).toBe('shop-secrets');
          referenced.add(v.key);
        }
        return v;
      });
    }
    expect([...referenced].sort()).toEqual(SHOP_KEYS);
  });

  it('puts it in 05-secrets.yaml, applied after the Namespace and before every workload', () => {
    const files = Object.keys(r.files).sort();
    expect(files).toEqual(['00-namespace.yaml', '05-secrets.yaml', '10-dependencies.yaml', '20-services.yaml', '30-network-policies.yaml']);
    expect(r.objects.filter((o) => o.file === '05-secrets.yaml').map((o) => o.object.kind)).toEqual(['ExternalSecret']);
    expect(r.files['05-secrets.yaml']).toMatchSnapshot();
    expect(r.files['20-services.yaml']).toContain('which the ExternalSecret in 05-secrets.yaml fills from SecretStore vault-backend');
    expect(r.files['20-services.yaml']).not.toContain('which you create');
  });

  it('is structurally what the operator accepts (no published models to validate against)', () => {
    const es: Manifest = r.get('ExternalSecret', 'shop-secrets');
    expect(Object.keys(es).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(es.spec.refreshInterval).toMatch(/^(\d+h)?(\d+m)?(\d+s)?$/);
    expect(['SecretStore', 'ClusterSecretStore']).toContain(es.spec.secretStoreRef.kind);
    for (const d of es.spec.data) {
      expect(Object.keys(d).sort()).toEqual(['remoteRef', 'secretKey']);
      expect(d.secretKey).toMatch(/^[-._a-zA-Z0-9]+$/); // a Secret data key
      expect(Object.keys(d.remoteRef).every((k) => ['key', 'property'].includes(k))).toBe(true);
      expect(d.remoteRef.key).toMatch(/^[^/].*[^/]$/);
    }
  });

  it('defaults: ClusterSecretStore, refresh 1h, keys "<topology>/<NAME>"', () => {
    const es = render(storedShop()).get('ExternalSecret', 'shop-secrets');
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(es.spec.refreshInterval).toBe('1h');
    expect(es.spec.data.map((d: { remoteRef: unknown }) => d.remoteRef)).toEqual(SHOP_KEYS.map((k) => ({ key: `shop/${k}` })));
  });

  it('summarizes the store and the keys it must hold instead of a kubectl create secret command', () => {
    const lines = kubernetesSummary(r.model, 'dist/kubernetes');
    expect(lines.some((l) => l.includes('kubectl create secret'))).toBe(false);
    expect(lines).toContain('  05-secrets.yaml           ExternalSecret shop-secrets: the Secret, from SecretStore vault-backend');
    const at = lines.findIndex((l) => l.includes('fills the Secret shop-secrets from SecretStore vault-backend'));
    expect(lines[at]).toBe(
      '  The External Secrets Operator (v0.17 or later, external-secrets.io/v1) fills the Secret shop-secrets from SecretStore vault-backend (dist/kubernetes/05-secrets.yaml): that store must exist in namespace shop and hold these keys:',
    );
    expect(lines.slice(at + 1, at + 6)).toEqual([
      '    JWT_SECRET                 ← shared/jwt',
      '    POSTGRES_AUTH_PASSWORD     ← prod/shop/POSTGRES_AUTH_PASSWORD',
      '    POSTGRES_BILLING_PASSWORD  ← prod/shop/POSTGRES_BILLING_PASSWORD',
      '    POSTGRES_CATALOG_PASSWORD  ← prod/shop/POSTGRES_CATALOG_PASSWORD',
      '    POSTGRES_PASSWORD          ← prod/db/admin (property password)',
    ]);
  });

  it('keeps compose on .env, unchanged', () => {
    const withStore = synth(storedShop(), { targets: ['compose'] }).files;
    const without = synth(shopGraph(), { targets: ['compose'] }).files;
    expect(withStore).toEqual(without);
  });

  it('writes no ExternalSecret when no pod reads a secret', () => {
    const graph = storedShop();
    graph.services = graph.services.map(({ secrets: _s, ...s }) => s);
    graph.dependencies = [{ name: 'redis', type: 'redis' }];
    graph.edges = [{ from: 'catalog', to: 'redis' }];
    const plain = render(graph);
    expect(plain.all('ExternalSecret')).toEqual([]);
    expect(Object.keys(plain.files)).not.toContain('05-secrets.yaml');
  });

  it('changes nothing for a topology without a store', () => {
    expect(render(shopGraph()).all('ExternalSecret')).toEqual([]);
    expect(kubernetesSummary(modelOf(shopGraph())).some((l) => l.includes('kubectl create secret generic shop-secrets'))).toBe(true);
  });
});

describe('secretStore validation', () => {
  const problems = (store: unknown) => validateGraph({ ...shopGraph(), secretStore: store }).problems.map((p) => `${p.message} | ${p.value ?? ''} | ${p.expected ?? ''}`);

  it('refuses every malformed field at once, naming it', () => {
    const found = problems({ name: 'Vault_Store', kind: 'KeyVault', refreshInterval: '2d', prefix: '/abs//', keys: { JWT_SECRET: '../etc', 'BAD-NAME': 'x' }, extra: true });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Invalid secret store name for the topology \| "Vault_Store"/),
        expect.stringMatching(/^Invalid secret store kind .* one of: ClusterSecretStore, SecretStore/),
        expect.stringMatching(/^Invalid refresh interval .* \| "2d" \| a duration such as "1h"/),
        expect.stringMatching(/^Invalid key prefix .* \| "\/abs\/\/" \|/),
        expect.stringMatching(/^Invalid secret store key/),
        expect.stringMatching(/^Unknown field 'extra' in secretStore/),
      ]),
    );
    expect(found.length).toBeGreaterThanOrEqual(7);
  });

  it('refuses a remote key with a control character, a "." segment or a leading "/"', () => {
    for (const key of ['a\nb', 'a/./b', '/a', 'a/', 'a//b', '']) expect(problems({ name: 'vault', keys: { JWT_SECRET: key } }).length).toBeGreaterThan(0);
    expect(problems({ name: 'vault', keys: { JWT_SECRET: 'team-a/shop@prod/jwt+v=2' } })).toEqual([]);
    expect(problems({ name: 'vault', prefix: '' })).toEqual([]);
  });

  it('refuses a key naming no secret variable of the topology, with the ones it has', () => {
    const app = new TopographApp({ outdir: '/tmp/topograph-store-test' });
    const topology = Topology.fromGraph(app, 'topology', { ...shopGraph(), secretStore: { name: 'vault', keys: { JWT_SECRT: 'x' } } }, { baseDir: `${__dirname}/../../examples/shop` });
    expect(() => topology.toModel()).toThrow(/secretStore\.keys names JWT_SECRT, which is no secret variable of topology 'shop'[\s\S]*one of its secret variables: JWT_SECRET, POSTGRES_AUTH_PASSWORD/);
  });

  it('checks the construct door with the same grammar', () => {
    const app = new TopographApp({ outdir: '/tmp/topograph-store-test' });
    expect(() => new Topology(app, 'bad', { secretStore: { name: 'vault', refreshInterval: '5s' } })).toThrow(/refresh interval/);
    const topology = new Topology(app, 'shop', { secretStore: { name: 'vault', keys: { API_KEY: { key: 'shop/api', property: 'token' } } } });
    new WebService(topology, 'api', { runtime: 'node', port: 8080, secrets: ['API_KEY'] });
    expect(topology.toModel().secretStore).toEqual({ name: 'vault', kind: 'ClusterSecretStore', refreshInterval: '1h', prefix: 'shop/', keys: { API_KEY: { key: 'shop/api', property: 'token' } } });
  });
});

describe('in the construct tree', () => {
  it('reaches the ExternalSecret and the autoscaler as ApiObjects, which patches change', () => {
    const app = new TopographApp({ outdir: '/tmp/topograph-store-test' });
    const topology = new Topology(app, 'shop', { secretStore: { name: 'vault' } });
    new WebService(topology, 'api', { runtime: 'node', port: 8080, secrets: ['API_KEY'], resources: { reservations: { cpu: '250m' } }, autoscale: { min: 2, max: 6, cpu: 65 } });
    const k8s = topology.kubernetes;
    expect(k8s.externalSecret().kind).toBe('ExternalSecret');
    expect(k8s.horizontalPodAutoscaler('api').kind).toBe('HorizontalPodAutoscaler');
    expect(k8s.files).toContain('05-secrets.yaml');
    k8s.externalSecret().metadata.addAnnotation('example.com/owner', 'team-a');
    expect(k8s.toFiles()['05-secrets.yaml']).toContain('example.com/owner: team-a');
  });
});
