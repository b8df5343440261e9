import type { Problem } from '../problems';
import type { TopologyRule } from './types';

/** Aliases share the DNS namespace of the names: each name and alias once in the whole graph. */
export const aliasClash: TopologyRule = {
  id: 'alias-clash',
  scope: 'topology',
  description: 'Each alias is unique across every service and dependency name and every other alias: they share one DNS namespace.',
  check({ shape, source }) {
    const problems: Problem[] = [];
    const taken = new Map<string, string>();
    const members = [...shape.services, ...shape.dependencies];
    for (const node of members) if (!taken.has(node.name)) taken.set(node.name, `the name of ${node.where}`);
    for (const node of members) {
      for (const alias of node.aliases ?? []) {
        const other = taken.get(alias);
        if (other !== undefined) {
          problems.push({
            message: `Alias '${alias}' of ${node.where} is taken`,
            value: `${other} and an alias of ${node.where}`,
            expected: 'each alias unique across every name and alias of the graph (they share one DNS namespace)',
            action: `Remove or rename the alias '${alias}' of ${node.where} in ${source}`,
          });
        } else taken.set(alias, `an alias of ${node.where}`);
      }
    }
    return problems;
  },
};
