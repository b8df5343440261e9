/** Graph file → construct tree → model, for the commands that read a graph. */
import * as path from 'node:path';
import { TopographApp } from '../app';
import { Topology } from '../../constructs/topology';
import { loadGraphFile } from '../graph/load';
import { TopologyError } from '../graph/problems';
import type { TopologyGraph } from '../graph/schema';
import type { TopologyModel } from '../model';
import { CliError } from './errors';
import { displayPath } from '../paths';

export const DEFAULT_GRAPH = 'topology-graph.json';

export interface LoadedTopology {
  readonly app: TopographApp;
  readonly topology: Topology;
  readonly model: TopologyModel;
  /** Graph file as the user should see it (relative to the working directory). */
  readonly shownFile: string;
  readonly graphFile: string;
  /** The graph as read and validated. */
  readonly graph: TopologyGraph;
}

/** Options of `loadTopology`. */
export interface LoadTopologyOptions {
  /** Allow build contexts outside the graph file's directory (the user's --allow-outside-context). */
  readonly allowOutsideContext?: boolean;
}

export function loadTopology(graphArg: string | undefined, cwd: string, outdir?: string, options: LoadTopologyOptions = {}): LoadedTopology {
  const file = path.resolve(cwd, graphArg ?? DEFAULT_GRAPH);
  const result = loadGraphFile(file);
  if (!result.graph) throw new CliError(result.problems);
  const app = new TopographApp({ outdir: outdir ? path.resolve(cwd, outdir) : path.resolve(cwd, 'dist') });
  try {
    const topology = Topology.fromGraph(app, result.graph.name, result.graph, {
      baseDir: result.baseDir,
      file: displayPath(cwd, result.file),
      allowOutsideContext: options.allowOutsideContext,
    });
    return {
      app,
      topology,
      model: topology.toModel(),
      shownFile: displayPath(cwd, result.file),
      graphFile: result.file,
      graph: result.graph,
    };
  } catch (error) {
    if (TopologyError.isTopologyError(error)) throw new CliError(error.problems);
    throw error;
  }
}
