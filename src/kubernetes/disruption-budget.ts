/**
 * A PodDisruptionBudget for every workload with more than one replica (or an autoscaler that may
 * run more than one): voluntary disruptions (node drains, cluster upgrades) take down at most one
 * pod at a time. cdk8s-plus has no construct for it, so this is the typed `KubePodDisruptionBudget`
 * it ships.
 *
 * `maxUnavailable: 1`, never `minAvailable`: with a HorizontalPodAutoscaler the count moves between
 * `min` and `max`, and a `minAvailable` of `min` or more would block every drain while the HPA
 * sits at `min` (at `min` 1, no pod could ever be evicted). One pod at a time follows any count,
 * so a drain is never blocked by the budget while the pods are healthy.
 */
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Labels } from './labels';

export function disruptionBudget(scope: Construct, name: string, labels: Labels, selector: Labels): kplus.k8s.KubePodDisruptionBudget {
  return new kplus.k8s.KubePodDisruptionBudget(scope, `${name}:disruption-budget`, {
    metadata: { name, labels },
    spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
  });
}
