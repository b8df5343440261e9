import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatProblems, loadGraphFile, type Problem, validateGraph } from '../src';
import { shopGraph } from './helpers/shop';

/** Validates a mutated copy of the shop graph and returns the problems as the user reads them. */
function problemsAfter(mutate: (graph: any) => void): { problems: Problem[]; text: string } {
  const graph = shopGraph() as any;
  mutate(graph);
  const { problems } = validateGraph(graph, 'topology-graph.json');
  return { problems, text: formatProblems(problems) };
}

describe('graph validation', () => {
  it('accepts the shop example', () => {
    const result = validateGraph(shopGraph());
    expect(result.problems).toEqual([]);
    expect(result.graph?.services).toHaveLength(3);
  });

  it("names an edge to an unknown service: what, where, the valid names, the fix", () => {
    const { text } = problemsAfter((g) => g.edges.push({ from: 'billing', to: 'CatalogService' }));
    expect(text).toContain("ERROR: Service 'CatalogService' not in topology graph");
    expect(text).toMatch(/Action: .*edges\[8\]/);
  });

  it('suggests the closest name for a typo', () => {
    const { text } = problemsAfter((g) => g.edges.push({ from: 'billing', to: 'catalgo' }));
    expect(text).toContain("Did you mean 'catalog'?");
  });

  it('reports an invalid CPU value with Value / Expected / Action', () => {
    const { problems, text } = problemsAfter((g) => (g.services[0].resources.limits.cpu = 'not-a-number'));
    expect(problems).toHaveLength(1);
    expect(text).toContain('ERROR: Invalid CPU value for catalog');
    expect(text).toContain('Value: "not-a-number"');
    expect(text).toContain('Expected: numeric (e.g., 2, 0.5)');
    expect(text).toContain('Action: Fix services[catalog].resources.limits.cpu in topology-graph.json');
  });

  it('prints a dependency cycle', () => {
    const { text } = problemsAfter((g) => g.edges.push({ from: 'catalog', to: 'billing' }));
    expect(text).toContain('ERROR: Dependency cycle between services');
    expect(text).toContain('Value: billing → catalog → billing');
  });

  it('rejects duplicate names across services and dependencies', () => {
    const { text } = problemsAfter((g) => g.services.push({ ...g.services[1], name: 'redis', port: 9000 }));
    expect(text).toContain("ERROR: Duplicate name 'redis'");
    expect(text).toContain('services[redis] and dependencies[redis]');
  });

  it('rejects names that are not DNS labels', () => {
    const { text } = problemsAfter((g) => (g.services[0].name = 'Catalog_Service'));
    expect(text).toContain('ERROR: Invalid name for Catalog_Service');
    expect(text).toContain('Expected: a lower-case DNS label');
  });

  it('an upper-case name is told its lower-case form, and is never suggested itself', () => {
    const { text } = problemsAfter((g) => {
      g.services[0].name = 'Catalog';
      // The other services still call it "catalog": that is what the rename will make valid.
    });
    expect(text).toContain("ERROR: Invalid name for Catalog\nValue: \"Catalog\"");
    expect(text).toContain("Action: Did you mean 'catalog'? Fix services[Catalog].name");
    expect(text).not.toContain("Did you mean 'Catalog'");
    expect(text).toContain("Action: Rename 'Catalog' to 'catalog' (its name is not valid, see above)");
    expect(text).not.toMatch(/Expected: one of: .*Catalog/);
  });

  it('an invalid name with no valid lower-case form gets no suggestion', () => {
    const { text } = problemsAfter((g) => (g.services[0].name = 'Catalog_Service'));
    expect(text).not.toContain('Did you mean');
  });

  it('a missing field is "Missing …", with no Value line (never "Value: undefined")', () => {
    const { text } = problemsAfter((g) => {
      delete g.services[0].runtime;
      delete g.services[1].archetype;
      delete g.dependencies[0].type;
    });
    expect(text).toContain('ERROR: Missing runtime for catalog\nExpected: one of: python, node, bun, go, java, dotnet, rust, ruby, php, static, dockerfile, image\nAction: Add "runtime" to services[catalog]');
    expect(text).toContain('ERROR: Missing archetype for');
    expect(text).toContain('ERROR: Missing type for');
    expect(text).not.toContain('undefined');
  });

  it('rejects two services publishing the same port', () => {
    const { text } = problemsAfter((g) => (g.services[1].ports[0].host = 8001));
    expect(text).toContain('ERROR: Port clash: catalog and billing both publish host port 8001');
  });

  it('lists the valid archetypes and runtimes', () => {
    const { text } = problemsAfter((g) => {
      g.services[0].archetype = 'webservice';
      g.services[1].runtime = 'cobol';
    });
    expect(text).toContain('ERROR: Invalid archetype for catalog');
    expect(text).toContain('Expected: one of: web-service, worker, cli-tool, data-pipeline, library');
    expect(text).toContain('ERROR: Invalid runtime for billing');
    expect(text).toContain('Expected: one of: python, node, bun, go, java, dotnet, rust, ruby, php, static');
    expect(text).toContain("Action: Did you mean 'web-service'? Fix services[catalog].archetype");
    expect(text).not.toContain("Did you mean 'cobol'");
  });

  it('reports an unknown framework once, not also as a runtime mismatch', () => {
    const { problems } = problemsAfter((g) => (g.services[0].framework = 'django'));
    expect(problems.map((p) => p.message)).toEqual(['Invalid framework for catalog']);
  });

  it('reports every problem at once, schema and topology alike', () => {
    const { problems } = problemsAfter((g) => {
      g.services[0].resources.limits.cpu = 'lots';
      g.services[1].ports[0].port = 'eighty';
      g.edges.push({ from: 'auth', to: 'nowhere' });
      g.edges.push({ from: 'catalog', to: 'auth' });
    });
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Invalid CPU value for catalog',
        'Invalid port for billing',
        "Service 'nowhere' not in topology graph",
        'Dependency cycle between services',
      ]),
    );
  });

  it('rejects framework/runtime mismatches, portless web services and misplaced schedules', () => {
    const { text } = problemsAfter((g) => {
      g.services[0].framework = 'express';
      delete g.services[1].ports;
      g.services[2].schedule = '0 3 * * *';
    });
    expect(text).toContain('Framework "express" does not run on python for catalog');
    expect(text).toContain('Web service billing has no port');
    expect(text).toContain('Only data pipelines have a schedule');
  });

  it('rejects a reservation above its limit', () => {
    const { text } = problemsAfter((g) => (g.services[0].resources.reservations.memory = '8G'));
    expect(text).toContain('Reservation above limit for catalog (memory)');
  });

  it('suggests the intended field for an unknown one', () => {
    const { text } = problemsAfter((g) => (g.services[0].replica = 2));
    expect(text).toContain("ERROR: Unknown field 'replica' in services[catalog]");
    expect(text).toContain("Did you mean 'replicas'?");
  });

  it('rejects a variable set twice in one service', () => {
    const { text } = problemsAfter((g) => (g.services[0].env.DATABASE_URL = 'postgres://elsewhere'));
    expect(text).toContain("Service 'catalog' gets DATABASE_URL twice");
  });

  it('rejects edges starting at a dependency or pointing at something that cannot be called', () => {
    const { text } = problemsAfter((g) => {
      g.edges.push({ from: 'redis', to: 'catalog' });
      g.services.push({ name: 'nightly', archetype: 'data-pipeline', runtime: 'python' });
      g.edges.push({ from: 'billing', to: 'nightly' });
    });
    expect(text).toContain('starts at dependency');
    expect(text).toContain("'nightly' is a data-pipeline and runs to completion");
  });

  it('explains an empty object and a non-object', () => {
    expect(formatProblems(validateGraph({}).problems)).toContain('Missing name for the topology');
    expect(formatProblems(validateGraph({}).problems)).toContain('Missing services for the topology');
    expect(formatProblems(validateGraph([1, 2]).problems)).toContain('does not hold a topology graph');
  });
});

describe('loading a graph file', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-load-'));

  it('reports JSON syntax errors with line and column', () => {
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, '{\n  "name": "shop",\n  "services": [\n    { "name": "a" },,\n  ]\n}\n');
    const { problems } = loadGraphFile(file);
    expect(problems[0].message).toMatch(/broken.json is not valid JSON at line 4, column 21$/);
    expect(problems[0].value).toBe('"," (Value expected)');
  });

  it('accepts comments (JSON with comments, as tsconfig.json)', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'c-'));
    fs.mkdirSync(path.join(dir, 'api'));
    fs.writeFileSync(path.join(dir, 'api', 'go.mod'), 'module example.com/api\n');
    const file = path.join(dir, 'topology-graph.json');
    fs.writeFileSync(file, '// a comment\n{ "name": "x", /* inline */ "services": [{ "name": "api", "archetype": "worker", "runtime": "go" }] }\n');
    expect(loadGraphFile(file).problems).toEqual([]);
  });

  it('reports a missing file, a directory and a missing build context', () => {
    expect(loadGraphFile(path.join(tmp, 'nope.json')).problems[0].message).toMatch(/Topology graph not found/);
    expect(loadGraphFile(tmp).problems[0].message).toMatch(/is a directory, not a topology graph file/);
    const file = path.join(tmp, 'no-context.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'x', services: [{ name: 'api', archetype: 'worker', runtime: 'go' }] }));
    const [problem] = loadGraphFile(file).problems;
    expect(problem.message).toBe('Build context of api does not exist');
    expect(problem.action).toContain('services[api].build.context');
  });
});
