/** "1 service", "2 services", "1 dependency", "3 dependencies": a count with its noun, for messages. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "3 services, 1 dependency, 2 edges": the size of a topology, as the CLI prints it. */
export function topologySize(counts: { readonly services: number; readonly dependencies: number; readonly edges: number }): string {
  return `${plural(counts.services, 'service')}, ${plural(counts.dependencies, 'dependency', 'dependencies')}, ${plural(counts.edges, 'edge')}`;
}
