import { DIAGRAM_FORMATS, type DiagramFormat, renderDiagram } from '../../render/diagram';
import { type Command, Option } from 'commander';
import { type Bind, type CliIO, EXIT, type GlobalOptions } from '../io';
import { loadTopology } from '../load-topology';

export interface GraphCommandOptions extends GlobalOptions {
  readonly format?: string;
}

export { DIAGRAM_FORMATS };

/** Adds `graph`, its argument and its options to the program. */
export function addGraphCommand(program: Command, bind: Bind): void {
  program
    .command('graph')
    .description('print the topology and its start-up order as a Mermaid or Graphviz diagram')
    .argument('[graph]', 'topology graph file', 'topology-graph.json')
    .addOption(new Option('-f, --format <format>', 'diagram format').choices([...DIAGRAM_FORMATS]).default('mermaid'))
    .addHelpText('after', '\nExamples:\n  topograph graph > topology.mmd\n  topograph graph --format dot | dot -Tpng > topology.png')
    .action(bind((c, io) => graphCommand(c.args[0], c.optsWithGlobals(), io)));
}

export function graphCommand(graph: string | undefined, options: GraphCommandOptions, io: CliIO): number {
  const { model, shownFile } = loadTopology(graph, io.cwd);
  const format = (options.format ?? 'mermaid') as DiagramFormat;
  const diagram = renderDiagram(model, format);
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: true, command: 'graph', graph: shownFile, format, order: model.order, diagram }, null, 2)}\n`);
  } else {
    io.stdout(diagram);
  }
  return EXIT.OK;
}
