/**
 * The HorizontalPodAutoscaler (autoscaling/v2) of a service with `autoscale`, named like the
 * service, in its file (20-services.yaml). It owns the Deployment's replica count, so the
 * Deployment is marked as autoscaled and cdk8s-plus writes no `spec.replicas` (a `kubectl apply`
 * would otherwise reset the count the HPA chose on every deploy).
 *
 * A plain object, not cdk8s-plus's `HorizontalPodAutoscaler`: that one always writes a `behavior`
 * of its own (scale up by 4 pods or 200% a minute, scale down by `min` pods every 5 minutes),
 * which would replace Kubernetes' documented defaults with choices nobody asked for. Without
 * `behavior` the cluster's defaults apply (scale down after a 5-minute stabilization window).
 */
import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { AutoscaleModel, ServiceModel } from '../model';
import type { Labels } from './labels';
import { PlainApiObject } from './plain-api-object';

/** The autoscaler of `service`, targeting `deployment` (marked as autoscaled: no replica count). */
export function horizontalPodAutoscaler(scope: Construct, service: ServiceModel, autoscale: AutoscaleModel, deployment: kplus.Deployment, labels: Labels): PlainApiObject {
  deployment.markHasAutoscaler();
  const target = ApiObject.of(deployment);
  return new PlainApiObject(scope, `${service.name}:autoscaler`, {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: service.name, labels },
    body: () => ({
      spec: {
        scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
        minReplicas: autoscale.min,
        maxReplicas: autoscale.max,
        metrics: resourceMetrics(autoscale),
      },
    }),
  });
}

/** One `Resource` metric per target, CPU first: average utilization of the pods' requests. */
function resourceMetrics(autoscale: AutoscaleModel): Array<Record<string, unknown>> {
  const targets: Array<['cpu' | 'memory', number | undefined]> = [
    ['cpu', autoscale.cpu],
    ['memory', autoscale.memory],
  ];
  return targets.flatMap(([name, utilization]) =>
    utilization === undefined ? [] : [{ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } }],
  );
}
