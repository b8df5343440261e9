import * as fs from 'node:fs';
import * as path from 'node:path';
import { Topology, TopographApp, type TopologyGraph } from '../../src';

export const REPO = path.resolve(__dirname, '..', '..');
export const SHOP_DIR = path.join(REPO, 'examples', 'shop');
export const SHOP_GRAPH_FILE = path.join(SHOP_DIR, 'topology-graph.json');

/** A fresh copy of the shop example graph, without its environments. */
export function shopGraph(): TopologyGraph {
  // The base topology: what most tests change and check. The example's environments (and the
  // ingress they route through) name its services, so tests that remove one would trip on them;
  // shopGraphWithEnvironments() is the file as it is.
  const { environments: _environments, ingress: _ingress, ...base } = shopGraphWithEnvironments();
  return base;
}

/** examples/shop/topology-graph.json as it is: the base plus its dev and prod environments. */
export function shopGraphWithEnvironments(): TopologyGraph {
  return JSON.parse(fs.readFileSync(SHOP_GRAPH_FILE, 'utf8'));
}

/** Synthesizes a graph in memory, as `topograph synth <graph> --out <outdir>` would (no disk). */
export function synth(graph: unknown, options: { baseDir?: string; outdir?: string; targets?: Array<'docker' | 'compose' | 'k8s'> } = {}) {
  const baseDir = options.baseDir ?? SHOP_DIR;
  const app = new TopographApp({ outdir: options.outdir ?? path.join(baseDir, 'dist') });
  const topology = Topology.fromGraph(app, 'topology', graph, { baseDir });
  return { app, topology, files: app.synthFiles({ targets: options.targets }) };
}

/** Deterministic shuffle (seeded), for order-independence tests. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
