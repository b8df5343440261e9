import type { Problem } from '../problems';
import type { TopologyRule } from './types';

/** Members name declared segments only. */
export const segmentMembership: TopologyRule = {
  id: 'segment-membership',
  scope: 'topology',
  description: 'A member lists only segments declared in the top-level "segments", each declared once.',
  check({ shape, source }) {
    const problems: Problem[] = [];
    const declared = shape.segments ?? [];
    const seen = new Set<string>();
    for (const name of declared) {
      if (seen.has(name)) {
        problems.push({
          message: `Segment '${name}' is declared twice`,
          expected: 'each segment declared once',
          action: `Remove the second {"name": "${name}"} from "segments" in ${source}`,
        });
      }
      seen.add(name);
    }
    for (const node of [...shape.services, ...shape.dependencies]) {
      for (const segment of node.segments ?? []) {
        if (declared.includes(segment)) continue;
        problems.push({
          message: `${node.where} joins segment '${segment}', which is not declared`,
          value: segment,
          expected: declared.length ? `one of: ${declared.join(', ')}` : 'a segment declared in the top-level "segments"',
          action: declared.length
            ? `Use a declared segment in ${node.where}.segments, or add {"name": "${segment}"} to "segments" in ${source}`
            : `Add "segments": [{"name": "${segment}"}] to the graph, or remove ${node.where}.segments in ${source}`,
        });
      }
    }
    return problems;
  },
};
