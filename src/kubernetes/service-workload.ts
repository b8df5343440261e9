/**
 * web-service and worker: a Deployment with the graph's replicas, rolled out without downtime; a
 * Service with every port (servicePort → container port) when there is one (every web-service; a worker that listens), of type
 * LoadBalancer when the graph marks it public; a PodDisruptionBudget and a spread over nodes when
 * there is more than one replica; an Ingress or HTTPRoute when it has routes (ingress.ts).
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { ServiceModel } from '../model';
import { disruptionBudget } from './disruption-budget';
import { selectorLabels } from './labels';
import { TEMPLATE_PATH } from './pod-template';
import type { RenderContext } from './render-context';
import { servicePod } from './service-pod';
import { aliasServices } from './aliases';
import { horizontalPodAutoscaler } from './autoscaler';
import { serviceRouting } from './ingress';

export function serviceWorkload(scope: Construct, service: ServiceModel, ctx: RenderContext): void {
  const pod = servicePod(scope, service, ctx, { probes: true });
  const selector = selectorLabels(ctx.topology, service.name);
  const deployment = new kplus.Deployment(scope, `${service.name}:deployment`, {
    ...pod.props,
    replicas: service.replicas,
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.percent(25),
      maxUnavailable: kplus.PercentOrAbsolute.percent(25),
    }),
  });
  deployment.select(kplus.LabelSelector.of({ labels: selector }));
  pod.hardenTemplate(deployment, TEMPLATE_PATH.deployment);
  if (service.autoscale) horizontalPodAutoscaler(scope, service, service.autoscale, deployment, pod.labels);
  // With an autoscaler the count moves up to its max: spread and budget as soon as there can be two pods.
  if ((service.autoscale?.max ?? service.replicas) > 1) {
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.add(`${TEMPLATE_PATH.deployment}/spec/topologySpreadConstraints`, [
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
      ]),
    );
    disruptionBudget(scope, service.name, pod.labels, selector);
  }
  if (service.ports.length > 0) {
    const svc = new kplus.Service(scope, `${service.name}:service`, {
      metadata: { name: service.name, labels: pod.labels },
      // Any public port makes it a LoadBalancer; the NetworkPolicies let outsiders reach only the public ports.
      type: service.ports.some((p) => p.public ?? service.public) ? kplus.ServiceType.LOAD_BALANCER : kplus.ServiceType.CLUSTER_IP,
      ports: servicePorts(service),
    });
    appProtocols(svc, service);
    for (const [key, value] of Object.entries(selector)) svc.selectLabel(key, value);
    ApiObject.of(svc).addJsonPatch(JsonPatch.remove('/spec/externalIPs')); // always an empty list from cdk8s-plus
    aliasServices(scope, service, selector, pod.labels, servicePorts(service));
    // B (issue 18): its Ingress or HTTPRoute, beside the Service it routes to.
    serviceRouting(scope, service, ctx.topology, svc, pod.labels);
  }
}

/** The Service ports of `service`: what callers use (servicePort) onto what it listens on. */
function servicePorts(service: ServiceModel): kplus.ServicePort[] {
  return service.ports.map((p) => ({
    name: p.name,
    port: p.servicePort,
    targetPort: p.port,
    ...(p.protocol === 'udp' ? { protocol: kplus.Protocol.UDP } : {}),
  }));
}

/**
 * `appProtocol: kubernetes.io/h2c` on gRPC ports (cleartext HTTP/2, a standard Kubernetes
 * application protocol), so gateways and meshes proxy them as HTTP/2; cdk8s-plus has no field for it.
 * Other ports keep none: plain HTTP/1 and TCP need no hint.
 */
function appProtocols(svc: kplus.Service, service: ServiceModel): void {
  service.ports.forEach((p, i) => {
    if (p.protocol === 'grpc') ApiObject.of(svc).addJsonPatch(JsonPatch.add(`/spec/ports/${i}/appProtocol`, 'kubernetes.io/h2c'));
  });
}
