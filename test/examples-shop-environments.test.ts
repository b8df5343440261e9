/**
 * examples/shop's environments (issue 18): dev and prod over the base topology. The layout they add
 * (kubernetes/Kustomization, kubernetes-overlays/<env>/, docker/docker-compose.<env>.yml,
 * docker/.env.prod.example) is snapshotted; the targeted tests read what each environment must be,
 * from its flattened render (what `synth --env` writes) and from its overlay applied to the base
 * (test/kubernetes/json-patch-apply.ts; test/system/example-environments.test.ts does the same with
 * the real kubectl kustomize). The base itself is test/synth.test.ts's snapshot, unchanged.
 */
import { parseAllDocuments, parse } from 'yaml';
import { lintFiles } from '../src';
import { emulateKustomize, objectKey } from './kubernetes/json-patch-apply';
import { shopGraph, shopGraphWithEnvironments, synth } from './helpers/shop';

const { app, files } = synth(shopGraphWithEnvironments());
const base = synth(shopGraph()).files;
const flat = { dev: app.synthFiles({ environment: 'dev' }), prod: app.synthFiles({ environment: 'prod' }) };

type K8s = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any; data?: any };

function objectsOf(all: Record<string, string>): K8s[] {
  return Object.entries(all)
    .filter(([f]) => f.startsWith('kubernetes/') && f.endsWith('.yaml') && !f.startsWith('kubernetes/tools/'))
    .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as K8s))
    .filter(Boolean);
}
const find = (objects: K8s[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const prod = objectsOf(flat.prod);
const dev = objectsOf(flat.dev);
const envOf = (deployment: K8s | undefined) => Object.fromEntries(deployment!.spec.template.spec.containers[0].env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [e.name, e.value ?? e.valueFrom]));

describe('the shop example with environments', () => {
  it('adds the layout beside the base, which stays as it is (snapshot of what it adds)', () => {
    for (const [file, content] of Object.entries(base)) expect({ file, content: files[file] }).toEqual({ file, content });
    const added = Object.fromEntries(Object.entries(files).filter(([f]) => !Object.hasOwn(base, f)));
    expect(Object.keys(added).filter((f) => !f.startsWith('kubernetes-overlays/'))).toEqual([
      'docker/.env.prod.example',
      'docker/docker-compose.dev.yml',
      'docker/docker-compose.prod.yml',
      'kubernetes/Kustomization',
    ]);
    expect(added).toMatchSnapshot();
  });

  it.each(['dev', 'prod'] as const)('kubernetes-overlays/%s applied to the base is exactly the environment’s render', (env) => {
    const built = emulateKustomize(files, env);
    const want = objectsOf(flat[env]);
    expect([...built.keys()].sort()).toEqual(want.map(objectKey).sort());
    for (const object of want) expect(built.get(objectKey(object))).toEqual(object);
  });

  it('dev: catalog runs one replica at LOG_LEVEL debug (so no disruption budget); nothing else changes', () => {
    expect(find(dev, 'Deployment', 'catalog')!.spec.replicas).toBe(1);
    expect(find(dev, 'ConfigMap', 'catalog-config')!.data.LOG_LEVEL).toBe('debug');
    expect(find(dev, 'PodDisruptionBudget', 'catalog')).toBeUndefined();
    const patches = Object.keys(files).filter((f) => f.startsWith('kubernetes-overlays/dev/patches/'));
    expect(patches.sort()).toEqual([
      'kubernetes-overlays/dev/patches/configmap-catalog-config.yaml',
      'kubernetes-overlays/dev/patches/deployment-catalog.yaml',
      'kubernetes-overlays/dev/patches/poddisruptionbudget-catalog.yaml',
    ]);
  });

  it('prod: images from the registry, two replicas each, catalog autoscaled (no fixed replicas)', () => {
    for (const name of ['auth', 'billing', 'catalog']) {
      expect(find(prod, 'Deployment', name)!.spec.template.spec.containers[0].image).toBe(`ghcr.io/acme/shop/${name}:0.1.0`);
    }
    expect(find(prod, 'Deployment', 'auth')!.spec.replicas).toBe(2);
    expect(find(prod, 'Deployment', 'billing')!.spec.replicas).toBe(2);
    expect(find(prod, 'Deployment', 'catalog')!.spec.replicas).toBeUndefined();
    expect(find(prod, 'HorizontalPodAutoscaler', 'catalog')!.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'catalog' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    // A drain at min is never blocked.
    expect(find(prod, 'PodDisruptionBudget', 'catalog')!.spec.maxUnavailable).toBe(1);
    expect(find(prod, 'Deployment', 'billing')!.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' }); // Docker's G is binary
  });

  it('prod: one host with TLS from cert-manager, admitted only from the controller namespace', () => {
    for (const [name, path] of [['auth', '/auth'], ['billing', '/billing'], ['catalog', '/catalog']]) {
      const ingress = find(prod, 'Ingress', name)!;
      expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
      expect(ingress.spec.ingressClassName).toBe('nginx');
      expect(ingress.spec.tls).toEqual([{ hosts: ['shop.acme.example'], secretName: `${name}-tls` }]);
      expect(ingress.spec.rules[0].host).toBe('shop.acme.example');
      expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({ path, pathType: 'Prefix', backend: { service: { name } } });
      const policy = find(prod, 'NetworkPolicy', `allow-${name}-from-ingress`)!;
      expect(policy.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);
    }
    expect(find(dev, 'Ingress', 'catalog')).toBeUndefined();
  });

  it('prod: postgres is external — no StatefulSet, the services read their URL from the Secret, filled from the store', () => {
    expect(find(prod, 'StatefulSet', 'postgres')).toBeUndefined();
    expect(find(prod, 'Service', 'postgres')).toBeUndefined();
    expect(files['kubernetes-overlays/prod/patches/statefulset-postgres.yaml']).toMatch(/\$patch": delete/);
    expect(envOf(find(prod, 'Deployment', 'catalog')).DATABASE_URL).toEqual({ secretKeyRef: { name: 'shop-secrets', key: 'POSTGRES_CATALOG_URL' } });
    const externalSecret = find(prod, 'ExternalSecret', 'shop-secrets')!;
    expect(externalSecret.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(externalSecret.spec.data.map((d: { secretKey: string; remoteRef: { key: string } }) => [d.secretKey, d.remoteRef.key])).toEqual([
      ['JWT_SECRET', 'shop/JWT_SECRET'],
      ['POSTGRES_AUTH_URL', 'shop/POSTGRES_AUTH_URL'],
      ['POSTGRES_BILLING_URL', 'shop/POSTGRES_BILLING_URL'],
      ['POSTGRES_CATALOG_URL', 'shop/POSTGRES_CATALOG_URL'],
    ]);
    expect(find(dev, 'ExternalSecret', 'shop-secrets')).toBeUndefined();
    // Compose: postgres is not started, and nobody waits for it.
    const override = files['docker/docker-compose.prod.yml'];
    expect(override).toContain('postgres:\n    profiles:\n      - "external"');
    const compose = parse(flat.prod['docker/docker-compose.yml']);
    expect(compose.services.postgres).toBeUndefined();
    expect(Object.keys(compose.services.catalog.depends_on).sort()).toEqual(['nats', 'redis']);
  });

  it('prod: OpenTelemetry on every service, agreeing between compose and Kubernetes, with egress to the endpoint', () => {
    const compose = parse(flat.prod['docker/docker-compose.yml']);
    for (const name of ['auth', 'billing', 'catalog']) {
      const expected = {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.acme.example:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=shop,service.version=0.1.0,deployment.environment=prod',
        OTEL_SERVICE_NAME: name,
      };
      expect(compose.services[name].environment).toMatchObject(expected);
      const config = find(prod, 'ConfigMap', `${name}-config`)!.data;
      expect(config).toMatchObject(expected);
      expect(find(prod, 'NetworkPolicy', `allow-${name}-to-otlp-endpoint`)!.spec.egress[0].ports).toEqual([{ port: 4317, protocol: 'TCP' }]);
    }
    expect(find(dev, 'ConfigMap', 'catalog-config')!.data.OTEL_SERVICE_NAME).toBeUndefined();
  });

  it('every environment passes the error-level hardening rules (prod’s ingresses have TLS)', () => {
    for (const env of ['dev', 'prod'] as const) {
      const renamed = Object.fromEntries(Object.entries(flat[env]).map(([f, c]) => [f.startsWith('kubernetes/') ? f.replace(/^kubernetes\//, `kubernetes-overlays/${env}/`) : f, c]));
      expect({ env, errors: lintFiles(renamed).findings.filter((f) => f.severity === 'error') }).toEqual({ env, errors: [] });
    }
  });
});
