/**
 * A service's `autoscale` (issue 18): a HorizontalPodAutoscaler (autoscaling/v2) named like the
 * service, a Deployment without a replica count, a disruption budget that never blocks a drain at
 * `min`, and the validation of the field against the rest of the service.
 */
import { Topology, TopographApp, WebService, Worker, validateGraph } from '../../src';
import type { TopologyGraph } from '../../src';
import { JsonPatch } from 'cdk8s';
import { kubernetesSummary, renderKubernetes } from '../../src/kubernetes';
import { lintFiles } from '../../src/lint';
import { kubernetesHpaWithoutRequests } from '../../src/lint/rules';
import { container, type Manifest, modelOf, render, shopGraph } from './helpers';

/** The shop with catalog autoscaled on CPU and memory, auth on CPU only. */
function autoscaledShop(): TopologyGraph {
  const graph = shopGraph();
  const catalog = graph.services.find((s) => s.name === 'catalog')!;
  delete catalog.replicas;
  catalog.autoscale = { min: 2, max: 10, cpu: 70, memory: 80 };
  const auth = graph.services.find((s) => s.name === 'auth')!;
  auth.autoscale = { min: 1, max: 3, cpu: 60 };
  return graph;
}

function validateSchema(o: Manifest): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require(`kubernetes-models/${o.apiVersion}/${o.kind}`)[o.kind];
  new model(o).validate();
}

describe('a service with autoscale', () => {
  const r = render(autoscaledShop());

  it('gets a HorizontalPodAutoscaler of its Deployment, in 20-services.yaml', () => {
    const hpa = r.get('HorizontalPodAutoscaler', 'catalog');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.namespace).toBe('shop');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'catalog' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    });
    expect(r.get('HorizontalPodAutoscaler', 'auth').spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    ]);
    expect(r.objects.find((o) => o.object.kind === 'HorizontalPodAutoscaler')!.file).toBe('20-services.yaml');
    // No behavior of topograph's own: the cluster's documented defaults apply.
    expect(hpa.spec.behavior).toBeUndefined();
  });

  it('leaves the replica count to the autoscaler: no spec.replicas on its Deployment', () => {
    expect(r.get('Deployment', 'catalog').spec).not.toHaveProperty('replicas');
    expect(r.get('Deployment', 'auth').spec).not.toHaveProperty('replicas');
    // A service without autoscale keeps its count.
    expect(r.get('Deployment', 'billing').spec.replicas).toBe(1);
    expect(r.has('HorizontalPodAutoscaler', 'billing')).toBe(false);
  });

  it('has a disruption budget that allows one eviction at any count, so a drain at min is never blocked', () => {
    for (const name of ['catalog', 'auth']) {
      const pdb = r.get('PodDisruptionBudget', name);
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec).not.toHaveProperty('minAvailable');
    }
    // auth starts at min 1: the spread and the budget follow max (3), not the count.
    expect(r.get('Deployment', 'auth').spec.template.spec.topologySpreadConstraints).toHaveLength(1);
  });

  it('validates against the Kubernetes OpenAPI schemas (HPA, PDB, Deployment)', () => {
    for (const [kind, name] of [
      ['HorizontalPodAutoscaler', 'catalog'],
      ['HorizontalPodAutoscaler', 'auth'],
      ['PodDisruptionBudget', 'catalog'],
      ['PodDisruptionBudget', 'auth'],
      ['Deployment', 'catalog'],
      ['Deployment', 'auth'],
    ]) {
      expect(() => validateSchema(r.get(kind, name))).not.toThrow();
    }
    const hpa = r.get('HorizontalPodAutoscaler', 'catalog');
    expect(() => validateSchema({ ...hpa, spec: { ...hpa.spec, maxReplicas: 'ten' } })).toThrow(/maxReplicas/);
  });

  it('requests what its metrics need', () => {
    expect(container(r.get('Deployment', 'catalog')).resources.requests).toEqual({ cpu: '1', memory: '2Gi' });
  });

  it('passes kubernetes-hpa-without-requests; a patch dropping the requests trips it', () => {
    const lint = (files: Record<string, string>) =>
      lintFiles(Object.fromEntries(Object.entries(files).map(([f, t]) => [`kubernetes/${f}`, t])), { rules: [kubernetesHpaWithoutRequests] }).findings;
    expect(lint(r.files)).toEqual([]);
    const dropped = renderKubernetes(modelOf(autoscaledShop()), [
      { selector: { kind: 'Deployment', name: 'catalog' }, patches: [JsonPatch.remove('/spec/template/spec/containers/0/resources/requests/memory')], where: 'test' },
    ]);
    expect(lint(dropped).map((f) => f.message)).toEqual([
      'HorizontalPodAutoscaler catalog scales Deployment catalog on memory utilization, but container catalog requests no memory',
    ]);
  });

  it('is named in the summary of 20-services.yaml', () => {
    expect(kubernetesSummary(r.model)).toContain('  20-services.yaml          auth, billing, catalog: Deployment, HorizontalPodAutoscaler');
  });

  it('matches the snapshot', () => {
    expect(r.files['20-services.yaml']).toMatchSnapshot();
  });

  it('leaves the shop without autoscale exactly as it was', () => {
    const plain = render(shopGraph());
    expect(plain.all('HorizontalPodAutoscaler')).toEqual([]);
    expect(plain.get('Deployment', 'catalog').spec.replicas).toBe(2);
  });

  it('keeps compose at one container (no deploy.replicas)', () => {
    const app = new TopographApp({ outdir: '/tmp/topograph-autoscale-test' });
    Topology.fromGraph(app, 'topology', autoscaledShop(), { baseDir: `${__dirname}/../../examples/shop` });
    const compose = app.synthFiles({ targets: ['compose'] })['docker/docker-compose.yml'];
    expect(compose).not.toMatch(/replicas/);
  });
});

describe('autoscale validation', () => {
  const problems = (edit: (graph: TopologyGraph) => void) => {
    const graph = shopGraph();
    edit(graph);
    return validateGraph(graph).problems.map((p) => `${p.message} | ${p.value ?? ''} | ${p.expected ?? ''} | ${p.action}`);
  };
  const catalog = (graph: TopologyGraph) => graph.services.find((s) => s.name === 'catalog')!;
  const billing = (graph: TopologyGraph) => graph.services.find((s) => s.name === 'billing')!;

  it('accepts a valid autoscale', () => {
    expect(problems((g) => (catalog(g).autoscale = { min: 2, max: 4, cpu: 50 }))).toEqual([]);
  });

  it('reports every problem at once: min above max, a target without its reservation, no target', () => {
    const found = problems((g) => {
      catalog(g).autoscale = { min: 5, max: 3, cpu: 50 };
      billing(g).autoscale = { min: 1, max: 3, cpu: 50, memory: 70 };
      g.services.find((s) => s.name === 'auth')!.autoscale = { min: 1, max: 2 } as never;
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Autoscale min above max for catalog \| min 5 > max 3 \|/),
        expect.stringMatching(/^Autoscale of billing targets CPU utilization, but billing reserves no CPU \| cpu 50% \| resources\.reservations\.cpu .* \| Add services\[billing\]\.resources\.reservations\.cpu \(e\.g\. "250m"\)/),
        expect.stringMatching(/^Autoscale of billing targets memory utilization, but billing reserves no memory/),
        expect.stringMatching(/^Autoscale of auth has no target/),
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it('refuses replicas outside [min, max] (inside they only say where a new Deployment starts)', () => {
    expect(problems((g) => (catalog(g).autoscale = { min: 3, max: 5, cpu: 50 }))).toEqual([
      expect.stringMatching(/^Replicas of catalog lie outside its autoscale range \| replicas 2, autoscale 3 to 5 \| .* \| Remove services\[catalog\]\.replicas/),
    ]);
    expect(problems((g) => (catalog(g).autoscale = { min: 2, max: 5, cpu: 50 }))).toEqual([]);
  });

  it('takes autoscale on web-services and workers only', () => {
    const found = problems((g) => {
      g.services.push({ name: 'nightly', archetype: 'data-pipeline', runtime: 'python', autoscale: { min: 1, max: 2, cpu: 50 }, resources: { reservations: { cpu: 1 } } } as never);
    });
    expect(found).toEqual([expect.stringMatching(/^Only a web-service or a worker autoscales, but nightly is a data-pipeline/)]);
  });

  it('names each bad field, its value and the range', () => {
    const found = problems((g) => (catalog(g).autoscale = { min: 0, max: 1001, cpu: 101, memory: 50.5, extra: 1 } as never));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Invalid autoscale min for catalog \| 0 \| an integer from 1 to 1000/),
        expect.stringMatching(/^Invalid autoscale max for catalog \| 1001 \|/),
        expect.stringMatching(/^Invalid autoscale CPU target for catalog \| 101 \| an integer percent from 1 to 100/),
        expect.stringMatching(/^Invalid autoscale memory target for catalog \| 50.5 \|/),
        expect.stringMatching(/^Unknown field 'extra' in services\[catalog\]\.autoscale \| 1 \| one of: min, max, cpu, memory/),
      ]),
    );
  });

  it('checks the construct door the same way, at the line that wrote it', () => {
    const app = new TopographApp({ outdir: '/tmp/topograph-autoscale-test' });
    const topology = new Topology(app, 'shop');
    expect(() => new WebService(topology, 'api', { runtime: 'node', port: 8080, autoscale: { min: 1, max: 3, cpu: 70 } })).toThrow(/reserves no CPU/);
    const worker = new Worker(topology, 'jobs', { runtime: 'node', resources: { reservations: { memory: '256Mi' } }, autoscale: { min: 1, max: 4, memory: 75 } });
    expect(worker.toSpec().autoscale).toEqual({ min: 1, max: 4, memory: 75 });
    const model = topology.toModel().services.find((s) => s.name === 'jobs')!;
    expect(model.autoscale).toEqual({ min: 1, max: 4, memory: 75 });
    expect(model.replicas).toBe(1);
  });
});
