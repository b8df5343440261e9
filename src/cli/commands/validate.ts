import { type CliIO, EXIT, type GlobalOptions, Style } from '../io';
import { kubernetesNameProblems } from '../../kubernetes/names';
import { CliError } from '../errors';
import { loadTopology } from '../load-topology';
import { formatWarning } from '../../graph/problems';
import { runtimeSupportWarnings, supportDate } from '../../runtimes';
import type { Problem } from '../../graph/problems';

export function validateCommand(graph: string | undefined, options: GlobalOptions, io: CliIO): number {
  const { model, shownFile } = loadTopology(graph, io.cwd);
  // What only a target can refuse (Kubernetes name lengths), so 'validate OK' means 'synth succeeds'.
  const targetProblems = kubernetesNameProblems(model);
  if (targetProblems.length) throw new CliError(targetProblems);
  const counts = { services: model.services.length, dependencies: model.dependencies.length, edges: model.edges.length };
  const warnings = runtimeSupportWarnings(model.services, supportDate(io.env));
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: true, command: 'validate', graph: shownFile, ...counts, order: model.order, warnings }, null, 2)}\n`);
  } else if (!options.quiet) {
    printWarnings(warnings, io);
    io.stdout(`${new Style(io).green('OK')}: ${counts.services} services, ${counts.dependencies} dependencies, ${counts.edges} edges\n`);
  }
  return EXIT.OK;
}

/** Warnings on stderr, each as a problem marked WARNING: they never change the exit code. */
export function printWarnings(warnings: readonly Problem[], io: CliIO): void {
  for (const warning of warnings) io.stderr(`${formatWarning(warning)}\n\n`);
}
