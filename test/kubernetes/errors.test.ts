/** Graphs that are valid but cannot become valid manifests are refused with an actionable message. */
import { TopologyError } from '../../src/graph/problems';
import { renderKubernetes } from '../../src/kubernetes';
import { modelOf, shopGraph } from './helpers';

function renderError(graph: unknown): TopologyError {
  try {
    renderKubernetes(modelOf(graph));
  } catch (error) {
    if (error instanceof TopologyError) return error;
    throw error;
  }
  throw new Error('expected a TopologyError');
}

const web = (name: string, port: number) => ({ name, archetype: 'web-service' as const, runtime: 'node' as const, port, build: { context: 'billing' } });

describe('Kubernetes-only limits', () => {
  it('refuses a scheduled pipeline whose name is too long for a CronJob', () => {
    const name = `p${'x'.repeat(52)}`;
    const error = renderError({ name: 'lab', services: [{ name, archetype: 'data-pipeline', runtime: 'node', build: { context: 'billing' }, schedule: '0 3 * * *' }] });
    expect(error.problems).toEqual([
      {
        message: `Name of scheduled data-pipeline '${name}' is too long for a Kubernetes CronJob`,
        value: '53 characters',
        expected: 'at most 52 characters (Kubernetes adds a suffix to the Jobs it creates)',
        action: `Rename '${name}' in the topology`,
      },
    ]);
    expect(error.message).toMatch(/^ERROR: Name of scheduled data-pipeline .*\nValue: 53 characters\nExpected: .*\nAction: Rename /);
  });

  it('refuses an in-cluster dependency whose name is too long for a StatefulSet', () => {
    const graph = shopGraph();
    const name = `pg${'x'.repeat(51)}`;
    graph.dependencies = [{ name, type: 'redis' }];
    graph.edges = [{ from: 'catalog', to: name }];
    expect(renderError(graph).message).toMatch(new RegExp(`^ERROR: Name of dependency '${name}' is too long for a Kubernetes StatefulSet\nValue: 53 characters\n`));
  });

  it('reports every too-long name at once', () => {
    const graph = shopGraph();
    const pipeline = `p${'x'.repeat(52)}`;
    graph.services.push({ name: pipeline, archetype: 'data-pipeline', runtime: 'node', build: { context: 'billing' }, schedule: '0 3 * * *' } as never);
    graph.dependencies = [{ name: `a${'x'.repeat(52)}`, type: 'redis' }, { name: `b${'x'.repeat(52)}`, type: 'nats' }];
    graph.edges = [];
    expect(renderError(graph).problems.map((p) => p.message.replace(/'.*'/, 'NAME'))).toEqual([
      'Name of dependency NAME is too long for a Kubernetes StatefulSet',
      'Name of dependency NAME is too long for a Kubernetes StatefulSet',
      'Name of scheduled data-pipeline NAME is too long for a Kubernetes CronJob',
    ]);
  });

  it('accepts those names when nothing makes them a CronJob or StatefulSet', () => {
    const graph = shopGraph();
    const name = `pg${'x'.repeat(51)}`;
    graph.dependencies = [{ name, type: 'redis', external: true }];
    graph.edges = [{ from: 'catalog', to: name }];
    expect(() => renderKubernetes(modelOf(graph))).not.toThrow();
  });

  it('refuses a plain variable named like a password a connection URL expands', () => {
    const graph = shopGraph();
    graph.services[0].env = { POSTGRES_CATALOG_PASSWORD: 'not-a-secret' };
    // A plain value named like a secret is refused first (compose-secret-in-env) unless acknowledged.
    graph.lint = { acknowledge: [{ rule: 'compose-secret-in-env', service: 'catalog', reason: 'not a secret in this test' }] };
    const error = renderError(graph);
    expect(error.problems[0].message).toBe("Variable POSTGRES_CATALOG_PASSWORD of 'catalog' would have two values in Kubernetes");
    expect(error.problems[0].action).toBe("Rename the variable POSTGRES_CATALOG_PASSWORD of 'catalog' in the topology");
  });

  it('refuses names that would make two objects alike', () => {
    const error = renderError({
      name: 'lab',
      services: [web('a', 8001), web('b-to-c', 8002), web('a-to-b', 8003), web('c', 8004)],
      edges: [
        { from: 'a', to: 'b-to-c' },
        { from: 'a-to-b', to: 'c' },
      ],
    });
    expect(error.problems).toEqual([
      {
        message: 'Two Kubernetes objects would both be NetworkPolicy/allow-a-to-b-to-c',
        value: 'both in 30-network-policies.yaml',
        expected: 'names that stay distinct once topograph adds its prefixes and suffixes (-config, allow-…-to-…)',
        action: 'Rename one of the services or dependencies involved in the topology',
      },
    ]);
  });
});
