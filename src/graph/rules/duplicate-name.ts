import type { Problem } from '../problems';
import type { TopologyRule } from './types';

/** Services and dependencies share one DNS namespace: each name once. */
export const duplicateName: TopologyRule = {
  id: 'duplicate-name',
  scope: 'topology',
  description: 'Each service and dependency is named once: they share one DNS namespace.',
  check({ shape, source }) {
    const problems: Problem[] = [];
    const first = new Map<string, { where: string }>();
    for (const node of [...shape.services, ...shape.dependencies]) {
      const other = first.get(node.name);
      if (other) {
        problems.push({
          message: `Duplicate name '${node.name}'`,
          value: `${other.where} and ${node.where}`,
          expected: 'each service and dependency named once (they share one DNS namespace)',
          action: `Rename one of them in ${source}`,
        });
      } else first.set(node.name, node);
    }
    return problems;
  },
};
