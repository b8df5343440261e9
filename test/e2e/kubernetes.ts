/**
 * What podman 4.3 can do with dist/kubernetes: `podman kube play --start=false` of the service
 * Deployments (20-services.yaml, unmodified), then inspect what it created. Not started: podman 4.3
 * publishes every containerPort on all host interfaces (the suite allows 127.0.0.1 traffic only).
 * StatefulSets (10-dependencies.yaml), Services, NetworkPolicies and probes are beyond kube play;
 * schema and consistency tests cover them (docs/e2e.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DOCKER_DIR, LAB, OUT, REPO, must, podman, run } from './engine';

const SERVICES_YAML = path.join(OUT, 'kubernetes', '20-services.yaml');
/** The shop's prod environment, flattened (`synth --env prod`): what its overlay builds (test/system/example-environments.test.ts). */
const PROD_OUT = path.join(LAB, 'out-prod');
const PROD_SERVICES_YAML = path.join(PROD_OUT, 'kubernetes', '20-services.yaml');

function dotEnv(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(path.join(DOCKER_DIR, '.env'), 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  return values;
}

/** Bytes of a Kubernetes memory quantity ("512Mi", "4Gi"). */
function kubernetesBytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * 1024 ** (['Ki', 'Mi', 'Gi'].indexOf(match[2]) + 1);
}

/** (Re)creates the podman secret shop-secrets from `values`: podman 4.3 reads a JSON map of base64 values, from a file removed at once. */
function createShopSecret(values: Record<string, string>): void {
  const file = path.join(LAB, 'run', 'shop-secrets.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]))), { mode: 0o600 });
  run('podman', ['secret', 'rm', 'shop-secrets']);
  try {
    podman('secret', 'create', 'shop-secrets', file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function registerKubernetesChecks(): void {
  describe('Kubernetes manifests under podman kube play', () => {
    afterAll(() => {
      run('podman', ['kube', 'down', SERVICES_YAML], { timeoutMs: 120_000 });
      run('podman', ['kube', 'down', PROD_SERVICES_YAML], { timeoutMs: 120_000 });
      run('podman', ['secret', 'rm', 'shop-secrets']);
    }, 180_000);

    it('20-services.yaml: every Deployment becomes pods with the images, user, limits, config and secret it names', () => {
      // The Secret the user creates (docs/kubernetes.md); podman 4.3 reads a JSON map of base64 values.
      const secrets = dotEnv();
      createShopSecret(secrets);
      must('podman', ['kube', 'play', '--start=false', SERVICES_YAML], { timeoutMs: 180_000 });

      const docs = parseAllDocuments(fs.readFileSync(SERVICES_YAML, 'utf8')).map((d) => d.toJSON()).filter(Boolean);
      const configMaps = Object.fromEntries(docs.filter((d) => d.kind === 'ConfigMap').map((d) => [d.metadata.name, d.data]));
      const deployments = docs.filter((d) => d.kind === 'Deployment');
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['auth', 'billing', 'catalog']);
      for (const deployment of deployments) {
        const name: string = deployment.metadata.name;
        const spec = deployment.spec.template.spec;
        const container = spec.containers[0];
        for (let replica = 0; replica < deployment.spec.replicas; replica++) {
          const info = JSON.parse(podman('inspect', `${name}-pod-${replica}-${name}`))[0];
          const env = new Map((info.Config.Env as string[]).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
          expect({ name, image: info.ImageName, user: info.Config.User, readOnly: info.HostConfig.ReadonlyRootfs }).toEqual({
            name, image: `docker.io/${container.image}`, user: `${spec.securityContext.runAsUser}:${spec.securityContext.runAsGroup}`, readOnly: true,
          });
          expect({ name, memory: info.HostConfig.Memory }).toEqual({ name, memory: kubernetesBytes(container.resources.limits.memory) });
          for (const [key, value] of Object.entries(configMaps[`${name}-config`] ?? {})) expect(env.get(key)).toBe(value);
          expect(env.get('JWT_SECRET')).toBe(secrets.JWT_SECRET);
          for (const init of spec.initContainers ?? []) {
            const initInfo = JSON.parse(podman('inspect', `${name}-pod-${replica}-${init.name}`))[0];
            expect(initInfo.ImageName).toBe(`docker.io/library/${init.image}`);
          }
        }
      }
      expect(podman('pod', 'ps', '--format', '{{.Name}}').split('\n').sort()).toEqual(expect.arrayContaining(['auth-pod-0', 'billing-pod-0', 'catalog-pod-0', 'catalog-pod-1']));
    }, 5 * 60_000);

    it('prod (flattened, as its overlay builds it): the Deployments run the registry images, with the telemetry and the external database URL from the Secret', () => {
      // What kube play cannot check: the HorizontalPodAutoscaler, Ingresses, NetworkPolicies and the
      // ExternalSecret are skipped by it (it plays Pods, Deployments, ConfigMaps, Secrets and volume
      // claims); kubectl kustomize and the OpenAPI schemas cover them (test/system/example-environments.test.ts).
      run('podman', ['kube', 'down', SERVICES_YAML], { timeoutMs: 120_000 });
      fs.rmSync(PROD_OUT, { recursive: true, force: true });
      must('node', [path.join(REPO, 'lib', 'src', 'cli', 'main.js'), 'synth', path.join(REPO, 'examples', 'shop', 'topology-graph.json'), '--env', 'prod', '--target', 'k8s', '--out', PROD_OUT]);
      const docs = parseAllDocuments(fs.readFileSync(PROD_SERVICES_YAML, 'utf8')).map((d) => d.toJSON()).filter(Boolean);
      const deployments = docs.filter((d) => d.kind === 'Deployment');
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['auth', 'billing', 'catalog']);
      // No registry here: the images built for the base are tagged with the names prod's manifests use.
      for (const d of deployments) {
        const image: string = d.spec.template.spec.containers[0].image;
        expect(image).toBe(`ghcr.io/acme/shop/${d.metadata.name}:0.1.0`);
        podman('tag', `shop/${d.metadata.name}:0.1.0`, image);
      }
      // The Secret the ExternalSecret fills in a cluster; here made by hand, with a made-up managed database URL.
      const secrets: Record<string, string> = { JWT_SECRET: 'e2e-jwt' };
      for (const name of ['auth', 'billing', 'catalog']) secrets[`POSTGRES_${name.toUpperCase()}_URL`] = `postgresql://${name}:pw@db.acme.example:5432/${name}`;
      createShopSecret(secrets);
      must('podman', ['kube', 'play', '--start=false', PROD_SERVICES_YAML], { timeoutMs: 180_000 });

      const configMaps = Object.fromEntries(docs.filter((d) => d.kind === 'ConfigMap').map((d) => [d.metadata.name, d.data]));
      for (const deployment of deployments) {
        const name: string = deployment.metadata.name;
        // catalog has no replica count (its HorizontalPodAutoscaler owns it): kube play runs one.
        expect({ name, replicas: deployment.spec.replicas }).toEqual({ name, replicas: name === 'catalog' ? undefined : 2 });
        const info = JSON.parse(podman('inspect', `${name}-pod-0-${name}`))[0];
        const env = new Map((info.Config.Env as string[]).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
        expect({ name, image: info.ImageName, readOnly: info.HostConfig.ReadonlyRootfs }).toEqual({ name, image: `ghcr.io/acme/shop/${name}:0.1.0`, readOnly: true });
        for (const [key, value] of Object.entries(configMaps[`${name}-config`] ?? {})) expect(env.get(key)).toBe(value);
        expect(env.get('OTEL_SERVICE_NAME')).toBe(name);
        expect(env.get('OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('https://otlp.acme.example:4317');
        expect(env.get('OTEL_RESOURCE_ATTRIBUTES')).toContain('deployment.environment=prod');
        expect(env.get('DATABASE_URL')).toBe(secrets[`POSTGRES_${name.toUpperCase()}_URL`]);
        expect(env.get('JWT_SECRET')).toBe('e2e-jwt');
      }
      expect(podman('pod', 'ps', '--format', '{{.Name}}').split('\n').sort()).toEqual(expect.arrayContaining(['auth-pod-0', 'auth-pod-1', 'billing-pod-0', 'billing-pod-1', 'catalog-pod-0']));
    }, 5 * 60_000);
  });
}
