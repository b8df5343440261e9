/**
 * Properties of invalid graphs: take a valid generated graph, break it in one of many ways, and
 * topograph must report problems — a TopologyError from the library, problems from validateGraph,
 * exit 1 with readable errors from the CLI — and never crash otherwise or write anything.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { TopologyError, type TopologyGraph, validateGraph } from '../src';
// The CLI in-process as built (program.ts reads ../../../package.json relative to lib/), with the
// Kubernetes target registered as the binary does.
import { run } from '../lib/src/cli/program';
import { SHOP_DIR, synth } from './helpers/shop';
import { params, validGraph } from './property/arbitraries';

type Graph = any;
const web = (name: string, port: number) => ({ name, archetype: 'web-service', runtime: 'node', ports: [{ port, host: port }], build: { context: 'billing' } });

/** Ways to break a graph; each leaves something the validator must reject. `i` picks a service. */
const MUTATIONS: Record<string, (g: Graph, i: number) => unknown> = {
  'no name': (g) => (delete g.name, g),
  'no services': (g) => ((g.services = []), g),
  'services not a list': (g) => ((g.services = { a: g.services[0] }), g),
  'not an object': (_, i) => [null, 42, 'text', [], true][i % 5],
  'bad service name': (g, i) => ((g.services[i].name = ['Bad_Name', '', 'x'.repeat(70), '9lives'][i % 4]), g),
  'duplicate name': (g, i) => (g.services.push({ ...g.services[i] }), g),
  'unknown archetype': (g, i) => ((g.services[i].archetype = 'daemon'), g),
  'unknown runtime': (g, i) => ((g.services[i].runtime = 'ruby'), g),
  'bad port': (g, i) => (Object.assign(g.services[i], { archetype: 'web-service', port: [0, 70000, '8080', 1.5][i % 4] }), delete g.services[i].schedule, g),
  'web service without port': (g, i) => (Object.assign(g.services[i], { archetype: 'web-service' }), delete g.services[i].port, delete g.services[i].ports, delete g.services[i].schedule, g),
  'edge to nowhere': (g, i) => ((g.edges = [...(g.edges ?? []), { from: g.services[i].name, to: 'ghost' }]), g),
  'self edge': (g) => (g.services.push(web('se-a', 9001)), (g.edges = [...(g.edges ?? []), { from: 'se-a', to: 'se-a' }]), g),
  cycle: (g) => (
    g.services.push(web('cy-a', 9001), web('cy-b', 9002)),
    (g.edges = [...(g.edges ?? []), { from: 'cy-a', to: 'cy-b' }, { from: 'cy-b', to: 'cy-a' }]),
    g
  ),
  'port clash': (g) => (g.services.push(web('cl-a', 9100), web('cl-b', 9100)), g),
  'unknown field': (g, i) => (i % 2 ? (g.servics = []) : (g.services[i].colour = 'red'), g),
  'bad memory': (g, i) => ((g.services[i].resources = { limits: { memory: ['lots', '-1Gi', 0, '5 GB'][i % 4] } }), g),
  'bad cpu': (g, i) => ((g.services[i].resources = { limits: { cpu: [-1, 'fast', '0m', ''][i % 4] } }), g),
  'reservation above limit': (g, i) => ((g.services[i].resources = { limits: { memory: '128Mi' }, reservations: { memory: '1Gi' } }), g),
  'framework on the wrong runtime': (g, i) => (Object.assign(g.services[i], { archetype: 'web-service', runtime: 'go', framework: 'express', port: 9200 }), delete g.services[i].schedule, g),
  'schedule on a worker': (g, i) => (Object.assign(g.services[i], { archetype: 'worker', schedule: '0 3 * * *' }), g),
  'env value not a string': (g, i) => ((g.services[i].env = { WORKERS: 5 }), g),
  'bad secret name': (g, i) => ((g.services[i].secrets = ['not valid']), g),
  'unknown dependency type': (g) => ((g.dependencies = [...(g.dependencies ?? []), { name: 'db-x', type: 'mysql' }]), g),
  'edge from a dependency': (g, i) => (
    (g.dependencies = [...(g.dependencies ?? []), { name: 'dep-x', type: 'redis' }]),
    (g.edges = [...(g.edges ?? []), { from: 'dep-x', to: g.services[i].name }]),
    g
  ),
  'acknowledgement without reason': (g) => ((g.lint = { acknowledge: [{ rule: 'compose-public-port' }] }), g),
  'acknowledgement of an unknown rule': (g) => ((g.lint = { acknowledge: [{ rule: 'no-such-rule', reason: 'because' }] }), g),
};

/** Every file under `dir` with its content. */
function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[path.relative(dir, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

const invalidGraph = fc.tuple(validGraph, fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat()).map(([graph, mutation, n]) => {
  const copy: TopologyGraph = JSON.parse(JSON.stringify(graph));
  return { mutation, graph: MUTATIONS[mutation](copy, n % copy.services.length) };
});

it('the library reports a TopologyError with problems, and validateGraph lists them, for every broken graph', () => {
  fc.assert(
    fc.property(invalidGraph, ({ mutation, graph }) => {
      const validation = validateGraph(graph);
      let thrown: unknown;
      try {
        synth(graph);
      } catch (error) {
        thrown = error;
      }
      expect({ mutation, problems: validation.problems.length > 0 || (TopologyError.isTopologyError(thrown) && thrown.problems.length > 0) }).toEqual({ mutation, problems: true });
      expect({ mutation, thrown: thrown === undefined ? 'nothing' : TopologyError.isTopologyError(thrown) ? 'TopologyError' : String(thrown) }).toEqual({ mutation, thrown: 'TopologyError' });
      for (const p of (thrown as TopologyError).problems) {
        expect(typeof p.message).toBe('string');
        expect(p.action.length).toBeGreaterThan(0);
      }
    }),
    params(50),
  );
});

it('every mutation is exercised (the property above is not vacuous)', () => {
  const seen = new Set(fc.sample(invalidGraph, { seed: 1, numRuns: 400 }).map((x) => x.mutation));
  expect([...seen].sort()).toEqual(Object.keys(MUTATIONS).sort());
});

it('the CLI exits 1 with readable problems and writes nothing for every broken graph', async () => {
  // Copies of the shop sources as build contexts, so only the mutation makes a graph invalid and a
  // synth that wrongly succeeds cannot touch the repository.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-prop-'));
  for (const context of ['catalog', 'billing', 'auth']) {
    fs.cpSync(path.join(SHOP_DIR, context), path.join(root, context), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  const contextsBefore = snapshotDir(root);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(invalidGraph, async ({ mutation, graph }) => {
      const dir = path.join(root, String(n++));
      fs.mkdirSync(dir);
      // Build contexts point at the shop sources, so only the mutation makes the graph invalid.
      const services = (graph as Graph)?.services;
      for (const s of Array.isArray(services) ? services : []) if (s && typeof s === 'object' && s.build) s.build.context = path.join('..', s.build.context);
      fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph, null, 2));
      const out: string[] = [];
      const err: string[] = [];
      const code = await run(['synth', '--out', 'out'], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        isTTY: false,
        env: {},
        cwd: dir,
        prompt: async () => '',
      });
      const stderr = err.join('');
      expect({ mutation, code }).toEqual({ mutation, code: 1 });
      expect(stderr).toMatch(/^ERROR: /);
      expect(stderr).toContain('nothing was written');
      expect(stderr).not.toContain('failed unexpectedly');
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(out.join('')).toBe('');
      expect(fs.readdirSync(dir)).toEqual(['topology-graph.json']);
      fs.rmSync(dir, { recursive: true });
      expect(snapshotDir(root)).toEqual(contextsBefore);
    }),
    params(25),
  );
});
