import { DNS_LABEL } from '../schema';
import { editDistance } from '../edit-distance';
import type { Problem } from '../problems';
import type { CheckedTopology, EdgeRule } from './types';

/** An edge starts at a service and ends at a service or dependency of the topology. */
export const edgeUnknownEnd: EdgeRule = {
  id: 'edge-unknown-end',
  scope: 'edge',
  description: 'An edge starts at a service and ends at a service or dependency of the topology.',
  check({ edge, status, from, targetService, targetDependency }, topology) {
    if (status !== 'dangling') return [];
    const problems: Problem[] = [];
    if (!from) {
      problems.push(
        topology.dependencies.has(edge.from)
          ? {
              message: `Edge ${edge.from} → ${edge.to} starts at dependency '${edge.from}'`,
              expected: 'edges start at a service; dependencies do not call anything',
              action: `Reverse or remove ${edge.where} in ${topology.source}`,
            }
          : notInGraph(edge.from, `${edge.where}.from`, topology),
      );
    }
    if (!targetService && !targetDependency) problems.push(notInGraph(edge.to, `${edge.where}.to`, topology));
    return problems;
  },
};

function notInGraph(name: string, where: string, { shape, source }: CheckedTopology): Problem {
  const all = [...shape.services, ...shape.dependencies].map((n) => n.name).sort();
  // An invalid name (reported on its own) is never a suggestion; its lower-case form may be what the edge meant.
  const known = all.filter((k) => DNS_LABEL.test(k));
  const renamed = all.find((k) => !DNS_LABEL.test(k) && k.toLowerCase() === name);
  const close = known.filter((k) => editDistance(k, name) <= 2);
  return {
    message: `Service '${name}' not in topology graph`,
    value: where,
    expected: known.length ? `one of: ${known.join(', ')}` : 'a declared service or dependency',
    action: renamed
      ? `Rename '${renamed}' to '${name}' (its name is not valid, see above), or fix ${where} in ${source}`
      : close.length
        ? `Did you mean '${close[0]}'? Fix ${where} in ${source}`
        : `Add '${name}' to services or dependencies, or fix ${where} in ${source}`,
  };
}
