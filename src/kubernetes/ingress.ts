/**
 * A way in from outside the cluster, for each service with routes (its graph `ingress`), in
 * `20-services.yaml` beside its Service:
 *
 * - api "ingress": an `Ingress` (networking.k8s.io/v1, cdk8s-plus `kplus.Ingress`) named after the
 *   service, with the topology's IngressClass, one rule per host onto the Service port, and TLS
 *   from the topology's Secret or a cert-manager issuer (annotation `cert-manager.io/cluster-issuer`
 *   or `cert-manager.io/issuer`, Secret `<service>-tls`, which cert-manager fills);
 * - api "gateway": an `HTTPRoute` (gateway.networking.k8s.io/v1, a plain ApiObject: cdk8s-plus has
 *   no Gateway API) attached to the topology's Gateway (its HTTPS listener when named): the Gateway
 *   terminates TLS, so the route carries none.
 *
 * The NetworkPolicy admitting the controller's namespace is with the others
 * (network-policies.ts, `allow-<service>-from-ingress`). What the user provides (controller,
 * issuer or Secret, DNS records) is in the summary (routes.ts, `ingressSummary`).
 */
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { IngressModel, RouteModel, ServiceModel, TopologyModel } from '../model';
import { issuerAnnotations, routeHosts, tlsSecretName } from './routes';
import type { Labels } from './labels';
import { PlainApiObject } from './plain-api-object';

/** API version and kind of the Gateway API route. */
export const HTTP_ROUTE_API_VERSION = 'gateway.networking.k8s.io/v1';
export const HTTP_ROUTE_KIND = 'HTTPRoute';

/**
 * The Ingress or HTTPRoute of `service` (which has routes), under `scope`. `backend` is its
 * Service construct, which the Ingress backends point at.
 */
export function serviceRouting(scope: Construct, service: ServiceModel, topology: TopologyModel, backend: kplus.Service, labels: Labels): void {
  const ingress = topology.ingress;
  if (!ingress || service.routes.length === 0) return;
  if (ingress.api === 'gateway') httpRoute(scope, service, ingress, labels);
  else ingressObject(scope, service, ingress, backend, labels);
}

function ingressObject(scope: Construct, service: ServiceModel, ingress: IngressModel, backend: kplus.Service, labels: Labels): kplus.Ingress {
  const secretName = tlsSecretName(ingress, service.name);
  const annotations = issuerAnnotations(ingress);
  const object = new kplus.Ingress(scope, `${service.name}:ingress`, {
    metadata: { name: service.name, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    ...(ingress.className !== undefined ? { className: ingress.className } : {}),
    ...(secretName !== undefined
      ? { tls: [{ hosts: routeHosts(service), secret: kplus.Secret.fromSecretName(scope, `${service.name}:tls-secret`, secretName) }] }
      : {}),
  });
  for (const route of service.routes) {
    object.addHostRule(route.host, route.path, kplus.IngressBackend.fromService(backend, { port: route.servicePort }), pathTypeOf(route));
  }
  return object;
}

function pathTypeOf(route: RouteModel): kplus.HttpIngressPathType {
  return route.pathType === 'Exact' ? kplus.HttpIngressPathType.EXACT : kplus.HttpIngressPathType.PREFIX;
}

function httpRoute(scope: Construct, service: ServiceModel, ingress: IngressModel, labels: Labels): PlainApiObject {
  const gateway = ingress.gateway!;
  // One rule per (path, pathType, Service port): every host of the service shares them.
  const rules = new Map<string, RouteModel>();
  for (const route of service.routes) rules.set(`${route.path} ${route.pathType} ${route.servicePort}`, route);
  return new PlainApiObject(scope, `${service.name}:http-route`, {
    apiVersion: HTTP_ROUTE_API_VERSION,
    kind: HTTP_ROUTE_KIND,
    metadata: { name: service.name, labels },
    body: () => ({
      spec: {
        hostnames: routeHosts(service),
        parentRefs: [{ name: gateway.name, namespace: gateway.namespace, ...(gateway.listener !== undefined ? { sectionName: gateway.listener } : {}) }],
        rules: [...rules.values()].map((route) => ({
          backendRefs: [{ name: service.name, port: route.servicePort }],
          matches: [{ path: { type: route.pathType === 'Exact' ? 'Exact' : 'PathPrefix', value: route.path } }],
        })),
      },
    }),
  });
}
