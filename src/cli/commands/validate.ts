import * as path from 'node:path';
import { TopologyError } from '../../graph/problems';
import { SYNTH_RULES } from '../../lint';
import { type SynthRenders, synthRenders } from '../../synth';
import { lintRenders } from '../../synthesis';
import type { Command } from 'commander';
import { type Bind, type CliIO, displayPath, EXIT, type GlobalOptions, Style } from '../io';
import { kubernetesNameProblems } from '../../kubernetes/names';
import { CliError } from '../errors';
import { loadTopology } from '../load-topology';
import { topologySize } from '../../plural';
import { lintErrorProblems } from './lint';
import { formatWarning } from '../../graph/problems';
import { runtimeSupportWarnings, supportDate } from '../../runtimes';
import type { Problem } from '../../graph/problems';

/** Adds `validate` and its argument to the program. */
export function addValidateCommand(program: Command, bind: Bind): void {
  program
    .command('validate')
    .description('check a graph and report every problem at once')
    .argument('[graph]', 'topology graph file', 'topology-graph.json')
    .addHelpText('after', '\nExamples:\n  topograph validate\n  topograph validate path/to/topology-graph.json --json')
    .action(bind((c, io) => validateCommand(c.args[0], c.optsWithGlobals(), io)));
}

/**
 * `topograph validate`: everything `synth` checks, without writing. Besides the graph itself, it
 * renders every target in memory and runs the hardening rules on the result, exactly as synth
 * does, so "validate OK" means "synth succeeds" by construction (docs/performance.md, "Start-up").
 */
export function validateCommand(graph: string | undefined, options: GlobalOptions, io: CliIO): number {
  const loaded = loadTopology(graph, io.cwd);
  const { model, shownFile } = loaded;
  // What only a target can refuse (Kubernetes name lengths), reported as such.
  const targetProblems = kubernetesNameProblems(model);
  if (targetProblems.length) throw new CliError(targetProblems);
  const outdir = path.resolve(io.cwd, 'dist');
  let renders: SynthRenders;
  try {
    // What synth renders (with environments: the base and each environment flattened), as the app would.
    renders = synthRenders(loaded.app, { outdir });
  } catch (error) {
    if (TopologyError.isTopologyError(error)) throw new CliError(error.problems);
    throw error;
  }
  const lintProblems = lintErrorProblems(lintRenders(renders.lint, renders.lintOrigins, { acknowledge: loaded.graph.lint?.acknowledge, rules: SYNTH_RULES }), {
    graph: shownFile,
    shown: (file) => displayPath(io.cwd, path.resolve(outdir, file)),
  });
  if (lintProblems.length) throw new CliError(lintProblems);
  const counts = { services: model.services.length, dependencies: model.dependencies.length, edges: model.edges.length };
  const warnings = runtimeSupportWarnings(model.services, supportDate(io.env));
  if (options.json) {
    const environments = [...loaded.topology.environmentNames].sort();
    io.stdout(`${JSON.stringify({ ok: true, command: 'validate', graph: shownFile, ...counts, ...(environments.length ? { environments } : {}), order: model.order, warnings }, null, 2)}\n`);
  } else if (!options.quiet) {
    printWarnings(warnings, io);
    const environments = loaded.topology.environmentNames;
    io.stdout(`${new Style(io).green('OK')}: ${topologySize(counts)}${environments.length ? `, environments ${[...environments].sort().join(', ')}` : ''}\n`);
  }
  return EXIT.OK;
}

/** Warnings on stderr, each as a problem marked WARNING: they never change the exit code. */
export function printWarnings(warnings: readonly Problem[], io: CliIO): void {
  for (const warning of warnings) io.stderr(`${formatWarning(warning)}\n\n`);
}
