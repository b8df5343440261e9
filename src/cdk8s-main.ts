/**
 * The cdk8s app entry (`cdk8s.yaml` → `npx cdk8s synth --check-upgrade false`): synthesizes a topology-graph.json.
 * cdk8s empties its output directory before running the app, so cdk8s.yaml names
 * `dist/kubernetes` (regenerable manifests only) and topograph writes `dist/docker` beside it
 * (docs/security.md, "The output directory"). Usage: node lib/src/cdk8s-main.js [graph-file]
 */
import { Topology } from '../constructs/topology';
import { TopographApp } from './app';
import { loadGraphFile } from './graph/load';
import { formatProblems, TopologyError } from './graph/problems';
import { ConflictError } from './write';

const graphFile = process.argv[2] ?? process.env.TOPOGRAPH_GRAPH ?? 'topology-graph.json';
const loaded = loadGraphFile(graphFile);
if (!loaded.graph) {
  process.stderr.write(`${formatProblems(loaded.problems)}\n`);
  process.exit(1);
}
try {
  const app = new TopographApp();
  Topology.fromGraph(app, loaded.graph.name, loaded.graph, { baseDir: loaded.baseDir, file: graphFile });
  app.synth();
} catch (error) {
  if (TopologyError.isTopologyError(error) || error instanceof ConflictError) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  throw error;
}
