/**
 * Liveness is not readiness: Kubernetes restarts a container whose liveness probe fails, so it
 * must not depend on other services or dependencies (a database blip would restart every pod).
 * Readiness stays on the health path (and compose's health check with it); liveness and startup
 * use TCP on the port by default, a shallow HTTP path when the graph names one, or nothing.
 */
import { App } from 'cdk8s';
import { parse } from 'yaml';
import { Topology, validateGraph, WebService } from '../src';
import { renderKubernetes } from '../src/kubernetes';
import { HOSTILE_STRINGS } from './escape/corpus';
import { container, render } from './kubernetes/helpers';
import { SHOP_DIR, shopGraph, synth } from './helpers/shop';

function withLiveness(liveness: unknown) {
  const graph = shopGraph() as any;
  graph.services[0].health = { path: '/health', liveness };
  return graph;
}

describe('the liveness grammar', () => {
  it.each([{ kind: 'tcp' }, { kind: 'http', path: '/livez' }, { kind: 'grpc' }, { kind: 'grpc', service: 'shop.Catalog' }, { kind: 'exec', command: ['/app/alive'] }, { kind: 'none' }])('accepts %j', (liveness) => {
    expect(validateGraph(withLiveness(liveness)).problems).toEqual([]);
  });

  it.each([
    [{ kind: 'grpc', service: 'has space' }],
    [{ kind: 'exec' }],
    [{ kind: 'exec', command: [] }],
    [{ kind: 'http' }],
    [{ kind: 'http', path: 'livez' }],
    [{ kind: 'tcp', path: '/x' }],
    [{ path: '/livez' }],
    ['tcp'],
  ])('refuses %j, naming the field', (liveness) => {
    const { problems } = validateGraph(withLiveness(liveness), 'topology-graph.json');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => `${p.message} ${p.action}`).join('\n')).toMatch(/liveness/);
    for (const p of problems) expect(p.action).toContain('topology-graph.json');
  });

  it('says what is wrong in the usual form: an unknown kind, a missing kind, a field the kind does not take', () => {
    const problems = (liveness: unknown) => validateGraph(withLiveness(liveness), 'topology-graph.json').problems;
    expect(problems({ kind: 'gprc' })).toEqual([
      {
        message: 'Invalid liveness kind for catalog',
        value: '"gprc"',
        expected: 'one of: tcp, http, grpc, exec, none ("http" with a shallow "path", "exec" with a "command")',
        action: "Did you mean 'grpc'? Fix services[catalog].health.liveness.kind in topology-graph.json",
      },
    ]);
    expect(problems({ path: '/livez' })[0]).toEqual(expect.objectContaining({ message: 'Missing kind for catalog', action: 'Add "kind" to services[catalog].health.liveness in topology-graph.json' }));
    expect(problems({ kind: 'tcp', path: '/x' })[0]).toEqual(expect.objectContaining({ message: "Unknown field 'path' in services[catalog].health.liveness", expected: 'one of: kind' }));
  });

  it('keeps a hostile path out of the manifests: refused by the grammar, or a plain YAML string', () => {
    for (const hostile of HOSTILE_STRINGS) {
      const graph = withLiveness({ kind: 'http', path: `/${hostile}` });
      if (validateGraph(graph).problems.length > 0) continue;
      expect(hostile).not.toMatch(/\s/);
      const files = renderKubernetes(render(graph).model);
      const deployment = files['20-services.yaml'].split(/^---\n/m).map((d) => parse(d, { version: '1.1' })).find((o) => o?.kind === 'Deployment' && o.metadata.name === 'catalog');
      expect(deployment.spec.template.spec.containers[0].livenessProbe.httpGet.path).toBe(`/${hostile}`);
    }
  });
});

describe('the probes', () => {
  it('default: liveness and startup on TCP, so a failing dependency only takes the pod out of its Service', () => {
    const c = container(render(shopGraph()).get('Deployment', 'billing'));
    expect(c.readinessProbe.httpGet.path).toBe('/health');
    expect(c.livenessProbe).toEqual(expect.objectContaining({ tcpSocket: { port: 8002 } }));
    expect(c.startupProbe).toEqual(expect.objectContaining({ tcpSocket: { port: 8002 } }));
    expect(c.livenessProbe.httpGet).toBeUndefined();
  });

  it('compose keeps the readiness check, whatever liveness says (depends_on: service_healthy waits for it)', () => {
    for (const liveness of [{ kind: 'http', path: '/livez' }, { kind: 'none' }, undefined]) {
      const compose = parse(synth(liveness ? withLiveness(liveness) : shopGraph(), { targets: ['compose'] }).files['docker/docker-compose.yml']);
      expect(compose.services.catalog.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8001/health');
      expect(compose.services.catalog.healthcheck.test.join(' ')).not.toContain('livez');
    }
  });

  it('reads liveness from the constructs the same as from the graph', () => {
    const app = new App();
    const topology = new Topology(app, 'lab', { baseDir: SHOP_DIR });
    const web = new WebService(topology, 'web', { runtime: 'node', port: 8080, build: { context: 'billing' }, health: { liveness: { kind: 'http', path: '/livez' } } });
    expect(web.toSpec().health).toEqual({ liveness: { kind: 'http', path: '/livez' } });
    const model = topology.toModel();
    expect(model.services[0].health).toEqual(expect.objectContaining({ path: '/health', liveness: { kind: 'http', path: '/livez' } }));
    expect(() => new WebService(topology, 'bad', { runtime: 'node', port: 8081, health: { liveness: { kind: 'exec' } as never } })).toThrow(/liveness/);
  });
});
