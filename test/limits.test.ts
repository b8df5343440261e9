/**
 * Resource limits, through the built CLI: a graph too large to synthesize in reasonable time and
 * memory is refused up front with a message saying what to do, and nothing is written.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateGraph } from '../bench/generate';
import { writeContext } from '../bench/run';
import type { Runtime } from '../src/graph/schema';
import { MAX_DEPENDENCIES, MAX_EDGES, MAX_GRAPH_BYTES, MAX_SERVICES, sizeProblems } from '../src/graph/limits';
import { REPO } from './helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

function topograph(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, HOME: os.tmpdir() },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A directory holding the graph and a build context per service, as a user's would. */
function graphDir(graph: object & { services: Array<{ name: string }> }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-limits-'));
  for (const s of graph.services) writeContext(path.join(dir, s.name), (s as { runtime?: Runtime }).runtime ?? 'go');
  fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph));
  return dir;
}

function expectRefusal(result: { code: number | null; stderr: string; stdout: string }) {
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.stderr).not.toMatch(/heap out of memory/i);
  expect(result.stderr).toContain('nothing was written');
}

describe('limits', () => {
  it('are documented in docs/performance.md with their values', () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'performance.md'), 'utf8');
    for (const value of [MAX_SERVICES, MAX_DEPENDENCIES, MAX_EDGES]) expect(doc).toContain(value.toLocaleString('en-US'));
    expect(doc).toContain(`${MAX_GRAPH_BYTES / 1024 / 1024} MiB`);
  });

  it('count services, dependencies and edges, up to and including the limit', () => {
    const lists = (services: number, dependencies: number, edges: number) => ({
      services: new Array(services),
      dependencies: new Array(dependencies),
      edges: new Array(edges),
    });
    expect(sizeProblems(lists(MAX_SERVICES, MAX_DEPENDENCIES, MAX_EDGES), 'g.json')).toEqual([]);
    const problems = sizeProblems(lists(MAX_SERVICES + 1, MAX_DEPENDENCIES + 1, MAX_EDGES + 1), 'g.json');
    expect(problems.map((p) => p.expected)).toEqual([
      `at most ${MAX_SERVICES} services per topology`,
      `at most ${MAX_DEPENDENCIES} dependencies per topology`,
      `at most ${MAX_EDGES} edges per topology`,
    ]);
  });
});

describe('the CLI', () => {
  it('refuses a graph of 10,000 services, naming the count and the limit, and writes nothing', () => {
    const dir = graphDir(generateGraph(10_000));
    const result = topograph(['synth', 'topology-graph.json', '--out', 'dist'], dir);
    expectRefusal(result);
    expect(result.stderr).toContain('ERROR: topology-graph.json has 10000 services, more than topograph synthesizes in one topology');
    expect(result.stderr).toContain(`Expected: at most ${MAX_SERVICES} services per topology`);
    expect(result.stderr).toContain('Action: Split the system into several topologies');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('refuses a 50 MB graph file before reading it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-limits-'));
    const file = path.join(dir, 'topology-graph.json');
    const padding = 'x'.repeat(50 * 1000 * 1000);
    fs.writeFileSync(file, `{"name": "big", "description": "${padding}", "services": []}`);
    const result = topograph(['synth', 'topology-graph.json', '--out', 'dist'], dir);
    expectRefusal(result);
    expect(result.stderr).toContain('ERROR: topology-graph.json is too large (47.7 MiB)');
    expect(result.stderr).toContain(`Expected: a graph file of at most ${MAX_GRAPH_BYTES / 1024 / 1024} MiB`);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`validates a graph of ${MAX_SERVICES} services, the limit`, () => {
    const dir = graphDir(generateGraph(MAX_SERVICES));
    const result = topograph(['validate', 'topology-graph.json'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
