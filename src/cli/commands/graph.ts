import { DIAGRAM_FORMATS, type DiagramFormat, renderDiagram } from '../../render/diagram';
import { type CliIO, EXIT, type GlobalOptions } from '../io';
import { loadTopology } from '../load-topology';

export interface GraphCommandOptions extends GlobalOptions {
  readonly format?: string;
}

export { DIAGRAM_FORMATS };

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
