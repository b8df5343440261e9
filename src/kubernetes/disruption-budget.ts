/**
 * A PodDisruptionBudget for every workload with more than one replica: voluntary disruptions
 * (node drains, cluster upgrades) take down at most one pod at a time. cdk8s-plus has no
 * construct for it, so this is the typed `KubePodDisruptionBudget` it ships.
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
