/**
 * The topology's Namespace, labelled to enforce the "restricted" Pod Security Standard: every pod
 * topograph generates meets it, and anything added later that does not is rejected rather than
 * silently weakening the namespace. Not generated for `default` and `kube-*` namespaces, which
 * exist already and are shared.
 */
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { TopologyModel } from '../model';
import { NAME_LABEL } from './labels';

export const POD_SECURITY_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'latest',
};

export { ownsNamespace } from './names';

export function namespace(scope: Construct, topology: TopologyModel): void {
  new kplus.Namespace(scope, 'namespace', {
    metadata: { name: topology.namespace, labels: { [NAME_LABEL]: topology.namespace, ...POD_SECURITY_LABELS } },
  });
}
