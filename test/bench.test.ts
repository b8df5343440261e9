/**
 * The benchmark's own parts: the graph generator makes valid graphs, the floor writes the same
 * kinds and number of objects as topograph, and a whole run works at N=10. No timing is asserted
 * here (timings belong to `npm run bench`, docs/performance.md).
 */
import { parseAllDocuments } from 'yaml';
import { floorFiles } from '../bench/floor';
import { generateGraph } from '../bench/generate';
import { checkTargets, formatTable, runBench, synthOurs } from '../bench/run';
import { validateGraph } from '../src/graph/validate';

const kinds = (files: Record<string, string>) => {
  const count: Record<string, number> = {};
  for (const [file, text] of Object.entries(files)) {
    if (!file.startsWith('kubernetes/')) continue;
    for (const doc of parseAllDocuments(text)) {
      const kind = (doc.toJS() as { kind?: string } | null)?.kind;
      if (kind) count[kind] = (count[kind] ?? 0) + 1;
    }
  }
  return count;
};

describe('generated graphs', () => {
  it.each([10, 100, 1000])('of %i services are valid', (n) => {
    const graph = generateGraph(n);
    expect(graph.services).toHaveLength(n);
    expect(validateGraph(graph).problems).toEqual([]);
  });

  it('mix every archetype and runtime, with 2 to 5 edges per deployed service once there is something to call', () => {
    const graph = generateGraph(200);
    expect(new Set(graph.services.map((s) => s.archetype))).toEqual(new Set(['web-service', 'worker', 'cli-tool', 'data-pipeline', 'library']));
    expect(new Set(graph.services.map((s) => s.runtime))).toEqual(new Set(['python', 'node', 'bun', 'go']));
    const out = new Map<string, number>();
    for (const e of graph.edges ?? []) out.set(e.from, (out.get(e.from) ?? 0) + 1);
    const deployed = graph.services.slice(10).filter((s) => s.archetype !== 'library');
    for (const s of deployed) {
      expect(out.get(s.name)).toBeGreaterThanOrEqual(2);
      expect(out.get(s.name)).toBeLessThanOrEqual(5);
    }
    expect(graph.services.filter((s) => s.archetype === 'library').every((s) => !out.has(s.name))).toBe(true);
  });

  it('are the same for the same seed and differ for another', () => {
    expect(generateGraph(50)).toEqual(generateGraph(50));
    expect(generateGraph(50, { seed: 2 })).not.toEqual(generateGraph(50));
  });

  it('refuse a count that is not a positive integer', () => {
    expect(() => generateGraph(0)).toThrow('count must be a positive integer, got 0');
  });
});

describe('the floor', () => {
  it('writes the same Kubernetes objects, kind for kind, as topograph', () => {
    const graph = generateGraph(100);
    expect(kinds(floorFiles(graph, ['k8s']))).toEqual(kinds(synthOurs(graph, ['k8s'], '/tmp/topograph-bench-test')));
  });

  it('writes a Dockerfile per built service and one compose file', () => {
    const graph = generateGraph(20);
    const ours = Object.keys(synthOurs(graph, ['docker', 'compose'], '/tmp/topograph-bench-test'));
    const floor = Object.keys(floorFiles(graph, ['docker', 'compose']));
    const dockerfiles = (paths: string[]) => paths.filter((p) => p.startsWith('docker/Dockerfile.')).sort();
    expect(dockerfiles(floor)).toEqual(dockerfiles(ours));
    expect(floor).toContain('docker/docker-compose.yml');
  });
});

describe('a benchmark run', () => {
  it('measures N=10 in child processes and prints the table', () => {
    const result = runBench({ sizes: [10], runs: 1, cli: false });
    const [size] = result.sizes;
    expect(size.services).toBe(10);
    expect(size.files).toBeGreaterThan(10);
    for (const job of ['docker', 'compose', 'k8s', 'all'] as const) {
      expect(size.ms[job]).toBeGreaterThan(0);
      expect(size.floorMs[job]).toBeGreaterThan(0);
    }
    expect(size.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    const table = formatTable(result);
    expect(table).toMatch(/^N\s+edges\s+files/m);
    expect(table).toContain('ours/floor');
  }, 120_000);

  it('checks the targets only for the sizes that were run', () => {
    expect(checkTargets([])).toEqual([]);
    const at = (services: number, all: number, floor: number, rss: number) => ({
      services, dependencies: 0, edges: 0, files: 0, bytes: 0, floorBytes: 0,
      ms: { docker: 0, compose: 0, k8s: 0, all }, floorMs: { docker: 0, compose: 0, k8s: 0, all: floor },
      cpuMs: 0, floorCpuMs: 0, rssBytes: rss * 1024 * 1024, floorRssBytes: 0,
    });
    const targets = checkTargets([at(1000, 1000, 800, 200), at(3000, 4000, 2000, 350)], 700);
    expect(targets.map((t) => [t.name, t.met])).toEqual([
      ['N=1000 all targets, in-process', true],
      ['N=1000 all targets, ours / floor', true],
      ['N=3000 / N=1000 time', false],
      ['N=3000 peak RSS, in-process', false],
      ['topograph synth shop, end to end', false],
    ]);
  });
});
