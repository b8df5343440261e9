import { type CliIO, EXIT, type GlobalOptions, Style } from '../io';
import { kubernetesNameProblems } from '../../kubernetes/names';
import { CliError } from '../errors';
import { loadTopology } from '../load-topology';
import { topologySize } from '../../plural';

export function validateCommand(graph: string | undefined, options: GlobalOptions, io: CliIO): number {
  const { model, shownFile } = loadTopology(graph, io.cwd);
  // What only a target can refuse (Kubernetes name lengths), so 'validate OK' means 'synth succeeds'.
  const targetProblems = kubernetesNameProblems(model);
  if (targetProblems.length) throw new CliError(targetProblems);
  const counts = { services: model.services.length, dependencies: model.dependencies.length, edges: model.edges.length };
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: true, command: 'validate', graph: shownFile, ...counts, order: model.order }, null, 2)}\n`);
  } else if (!options.quiet) {
    io.stdout(`${new Style(io).green('OK')}: ${topologySize(counts)}\n`);
  }
  return EXIT.OK;
}
