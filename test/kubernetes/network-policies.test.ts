/** NetworkPolicies from the edges: deny by default, then DNS and exactly the graph's edges. */
import { labGraph, render, shop } from './helpers';

const pods = (name: string, topology = 'shop') => ({ matchLabels: { 'app.kubernetes.io/instance': topology, 'app.kubernetes.io/name': name } });

describe('NetworkPolicies', () => {
  const r = shop();

  it('deny all traffic in and out of every pod of the topology by default', () => {
    expect(r.get('NetworkPolicy', 'shop-default-deny').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop' } },
      policyTypes: ['Egress', 'Ingress'],
    });
  });

  it('allow DNS out of every pod, to any resolver', () => {
    expect(r.get('NetworkPolicy', 'shop-allow-dns').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    });
  });

  it('allow each edge on the target port, out of the caller and into the target', () => {
    expect(r.get('NetworkPolicy', 'allow-billing-to-catalog').spec).toEqual({
      podSelector: pods('billing'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: pods('catalog') }], ports: [{ port: 8001, protocol: 'TCP' }] }],
    });
    expect(r.get('NetworkPolicy', 'allow-catalog-from-billing').spec).toEqual({
      podSelector: pods('catalog'),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: pods('billing') }], ports: [{ port: 8001, protocol: 'TCP' }] }],
    });
    expect(r.get('NetworkPolicy', 'allow-postgres-from-auth').spec.ingress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });

  it('are exactly the default, DNS and two per edge', () => {
    const names = r.all('NetworkPolicy').map((p) => p.metadata.name).sort();
    const edges = r.model.edges.flatMap((e) => [`allow-${e.from}-to-${e.to}`, `allow-${e.to}-from-${e.from}`]);
    expect(names).toEqual(['shop-allow-dns', 'shop-default-deny', ...edges].sort());
  });

  it('let anyone reach a public service on its port, and nothing more', () => {
    const lab = render(labGraph());
    expect(lab.get('NetworkPolicy', 'allow-api-from-anywhere').spec).toEqual({
      podSelector: pods('api', 'lab'),
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
    expect(shop().all('NetworkPolicy').filter((p) => p.metadata.name!.endsWith('-from-anywhere'))).toEqual([]);
  });

  it('let a user of an external dependency out on its port to any address, with no policy for the dependency itself', () => {
    const lab = render(labGraph());
    expect(lab.get('NetworkPolicy', 'allow-nightly-to-warehouse').spec).toEqual({
      podSelector: pods('nightly', 'lab'),
      policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    expect(lab.has('NetworkPolicy', 'allow-warehouse-from-nightly')).toBe(false);
  });

  it('cover the edges of batch workloads and tools too', () => {
    const lab = render(labGraph());
    expect(lab.has('NetworkPolicy', 'allow-backfill-to-db')).toBe(true);
    expect(lab.has('NetworkPolicy', 'allow-admin-to-api')).toBe(true);
    expect(lab.has('NetworkPolicy', 'allow-api-from-admin')).toBe(true);
  });
});
