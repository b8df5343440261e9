/** What synth prints for the Kubernetes target: files, what is not deployed, the Secret to create, how to apply. */
import { createSecretCommand, kubernetesSummary, userSecret } from '../../src/kubernetes';
import { labGraph, modelOf, shopGraph } from './helpers';

describe('kubernetesSummary', () => {
  const shop = modelOf(shopGraph());
  const lab = modelOf(labGraph());

  it('lists the files and prints the exact kubectl commands, in order', () => {
    const lines = kubernetesSummary(shop, 'dist/kubernetes');
    expect(lines).toEqual([
      'Kubernetes manifests for namespace shop in dist/kubernetes/:',
      '  00-namespace.yaml         Namespace shop (restricted Pod Security Standard)',
      '  10-dependencies.yaml      nats, postgres, redis: StatefulSet, headless Service, persistent volume claim',
      '  20-services.yaml          auth, billing, catalog: Deployment',
      '  30-network-policies.yaml  default deny, DNS, and one allow per edge (8 edges)',
      'Before applying:',
      '  kubectl apply -f dist/kubernetes/00-namespace.yaml',
      '  Create the Secret from your shell variables (values never go into generated files; e.g. set -a; . dist/docker/.env; set +a):',
      '  kubectl create secret generic shop-secrets --namespace shop --from-literal=JWT_SECRET="${JWT_SECRET:?}" --from-literal=POSTGRES_AUTH_PASSWORD="${POSTGRES_AUTH_PASSWORD:?}" --from-literal=POSTGRES_BILLING_PASSWORD="${POSTGRES_BILLING_PASSWORD:?}" --from-literal=POSTGRES_CATALOG_PASSWORD="${POSTGRES_CATALOG_PASSWORD:?}" --from-literal=POSTGRES_PASSWORD="${POSTGRES_PASSWORD:?}"',
      'Apply: kubectl apply -f dist/kubernetes/',
      'Note: images have no registry (e.g. shop/auth:0.1.0): set "registry" in the graph and push them so the cluster can pull.',
      'Note: NetworkPolicies allow only DNS and the edges of the graph; see docs/kubernetes.md to allow more.',
    ]);
  });

  it('says what is not deployed: libraries and external dependencies', () => {
    const lines = kubernetesSummary(lab);
    expect(lines).toContain('  library shared: not deployed (a library is used by other programs, not run)');
    expect(lines).toContain('  dependency warehouse: external, not deployed (its users read their URL from the Secret)');
    expect(lines).toContain('Run a tool: kubectl create -f kubernetes/tools/admin.yaml');
    expect(lines.some((l) => l.startsWith('Note: images have no registry'))).toBe(false);
  });

  it('asks for exactly the keys the pods read: secrets, expanded passwords and external URLs', () => {
    const keys = ['API_KEY', 'DB_API_PASSWORD', 'DB_BACKFILL_PASSWORD', 'DB_JOBS_PASSWORD', 'DB_NIGHTLY_PASSWORD', 'DB_PASSWORD', 'WAREHOUSE_NIGHTLY_URL'];
    expect(userSecret(lab)).toEqual({ name: 'lab-secrets', keys });
    expect(createSecretCommand(lab, userSecret(lab)!)).toBe(
      `kubectl create secret generic lab-secrets --namespace lab-prod ${keys.map((k) => `--from-literal=${k}="\${${k}:?}"`).join(' ')}`,
    );
  });

  it('asks for no Secret when nothing reads one', () => {
    const graph = shopGraph();
    graph.services = graph.services.map(({ secrets: _secrets, ...s }) => s);
    graph.dependencies = [{ name: 'redis', type: 'redis' }];
    graph.edges = [{ from: 'catalog', to: 'redis' }];
    const model = modelOf(graph);
    expect(userSecret(model)).toBeUndefined();
    expect(kubernetesSummary(model).some((l) => l.includes('kubectl create secret'))).toBe(false);
  });
});
