/**
 * Network segments in Kubernetes (issue 17, item 8): each pod carries one label per segment it is
 * in, `segment.topograph.dev/<segment>: "true"`, for the user's own policies and for `kubectl get
 * pods -l`. The generated NetworkPolicies already allow exactly the edges of the graph, and the
 * topology checks refuse an edge between members that share no segment, so they need nothing more.
 */
import type { DependencyModel, ServiceModel } from '../model';
import type { Labels } from './labels';

/** The label prefix of segment membership. */
export const SEGMENT_LABEL_PREFIX = 'segment.topograph.dev/';

/** The segment labels of a member's pods (none without segments). */
export function segmentLabels(member: ServiceModel | DependencyModel): Labels {
  const out: Labels = {};
  for (const segment of member.segments) out[`${SEGMENT_LABEL_PREFIX}${segment}`] = 'true';
  return out;
}
