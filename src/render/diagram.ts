/**
 * The topology as a diagram (Mermaid for READMEs, Graphviz dot for rendering), with each node
 * numbered by its place in the start-up order.
 */
import { diagramComment, dotLabel, dotString, mermaidText } from '../escape';
import type { DependencyModel, ServiceModel, TopologyModel } from '../model';

export const DIAGRAM_FORMATS = ['mermaid', 'dot'] as const;
/** Diagram formats `renderDiagram` writes. */
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

function describe(node: ServiceModel | DependencyModel): string {
  if (node.kind === 'dependency') return `${node.type} · ${node.external ? 'external' : node.image}`;
  const runtime = `${node.runtime}${node.framework ? `/${node.framework}` : ''}`;
  return `${node.archetype} · ${runtime}${node.port !== undefined ? ` :${node.port}` : ''}`;
}

function nodes(topology: TopologyModel): Array<{ node: ServiceModel | DependencyModel; position: number }> {
  const byName = new Map<string, ServiceModel | DependencyModel>();
  topology.dependencies.forEach((d) => byName.set(d.name, d));
  topology.services.forEach((s) => byName.set(s.name, s));
  return topology.order.map((name, i) => ({ node: byName.get(name)!, position: i + 1 }));
}

/** The topology as a Mermaid or Graphviz (dot) diagram, with its start-up order. */
export function renderDiagram(topology: TopologyModel, format: DiagramFormat): string {
  return format === 'mermaid' ? renderMermaid(topology) : renderDot(topology);
}

/** A Mermaid node id: a graph name (a DNS label) with "-" as "_"; anything else is refused. */
function mermaidId(name: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new RangeError(`not a node name: ${JSON.stringify(name)}`);
  return name.replace(/-/g, '_');
}

function renderMermaid(topology: TopologyModel): string {
  const lines = [
    `%% ${diagramComment(`topograph: ${topology.name} — start-up order: ${topology.order.join(' → ')}`)}`,
    'flowchart LR',
  ];
  const all = nodes(topology);
  const deps = all.filter((n) => n.node.kind === 'dependency');
  const services = all.filter((n) => n.node.kind === 'service');
  if (deps.length) {
    lines.push('  subgraph dependencies');
    for (const { node, position } of deps) lines.push(`    ${mermaidId(node.name)}[("${mermaidText(`${position}. ${node.name}`)}<br/>${mermaidText(describe(node))}")]`);
    lines.push('  end');
  }
  for (const { node, position } of services) lines.push(`  ${mermaidId(node.name)}["${mermaidText(`${position}. ${node.name}`)}<br/>${mermaidText(describe(node))}"]`);
  for (const edge of topology.edges) {
    lines.push(`  ${mermaidId(edge.from)} -->|${mermaidText(edge.env)}| ${mermaidId(edge.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderDot(topology: TopologyModel): string {
  const lines = [
    `// ${diagramComment(`topograph: ${topology.name} — start-up order: ${topology.order.join(' -> ')}`)}`,
    `digraph ${dotString(topology.name)} {`,
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
  ];
  for (const { node, position } of nodes(topology)) {
    const shape = node.kind === 'dependency' ? 'cylinder' : 'box';
    lines.push(`  ${dotString(node.name)} [shape=${shape}, label=${dotLabel([`${position}. ${node.name}`, describe(node)])}];`);
  }
  for (const edge of topology.edges) {
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edge.env)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
