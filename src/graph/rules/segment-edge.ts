import type { EdgeRule } from './types';

/** The ends of an edge share a segment: compose puts them on a common network, Kubernetes lets them talk. */
export const segmentEdge: EdgeRule = {
  id: 'segment-edge',
  scope: 'edge',
  description: 'Once segments are declared, the two ends of every edge share at least one segment.',
  check({ edge, status, from, targetService, targetDependency }, { shape, source }) {
    const declared = shape.segments ?? [];
    if (status !== 'ok' || declared.length === 0 || !from) return [];
    const target = targetService ?? targetDependency;
    if (!target) return [];
    if ('external' in target && target.external) return [];
    const of = (segments: readonly string[] | undefined) => segments ?? [declared[0]];
    const a = of(from.segments);
    const b = of(target.segments);
    if (a.some((s) => b.includes(s))) return [];
    return [
      {
        message: `Edge ${edge.from} → ${edge.to} crosses segments: '${edge.from}' is in ${a.join(', ')}, '${edge.to}' in ${b.join(', ')}`,
        expected: 'both ends of an edge in at least one common segment (compose networks and NetworkPolicies follow segments)',
        action: `Add one of ${edge.to}'s segments (${b.join(', ')}) to ${from.where}.segments, or one of ${edge.from}'s to ${target.where}.segments, in ${source}`,
      },
    ];
  },
};
