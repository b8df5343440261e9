/**
 * Aliases in Kubernetes (issue 17, item 6): a Service's name is its DNS name, so each alias of a
 * service or dependency is one more Service, named like the alias, with the same selector and
 * ports as the member's own (headless for a dependency, like its own; ClusterIP for a service,
 * never a LoadBalancer: an alias is a name inside the cluster). NetworkPolicies select pods, not
 * Services, so they need no change.
 */
import * as kplus from 'cdk8s-plus-27';
import { ApiObject, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import type { DependencyModel, ServiceModel } from '../model';
import type { Labels } from './labels';

/** One extra Service per alias of `member`, selecting `selector` on `ports`. */
export function aliasServices(scope: Construct, member: ServiceModel | DependencyModel, selector: Labels, labels: Labels, ports: kplus.ServicePort[]): void {
  for (const alias of member.aliases) {
    const svc = new kplus.Service(scope, `${member.name}:alias:${alias}`, {
      metadata: { name: alias, labels },
      ...(member.kind === 'dependency' ? { clusterIP: 'None' } : { type: kplus.ServiceType.CLUSTER_IP }),
      ports,
    });
    for (const [key, value] of Object.entries(selector)) svc.selectLabel(key, value);
    ApiObject.of(svc).addJsonPatch(JsonPatch.remove('/spec/externalIPs')); // always an empty list from cdk8s-plus
  }
}
