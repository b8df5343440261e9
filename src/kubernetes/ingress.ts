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
 * issuer or Secret, DNS records) is in the summary ({@link ingressSummary}).
 */
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { IngressModel, RouteModel, ServiceModel, TopologyModel } from '../model';
import type { Labels } from './labels';
import { PlainApiObject } from './plain-api-object';

/** API version and kind of the Gateway API route. */
export const HTTP_ROUTE_API_VERSION = 'gateway.networking.k8s.io/v1';
export const HTTP_ROUTE_KIND = 'HTTPRoute';

/** The Secret a service's certificate is in: the topology's, or `<service>-tls` that cert-manager fills. */
export function tlsSecretName(ingress: IngressModel, service: string): string | undefined {
  if (!ingress.tls) return undefined;
  return 'secret' in ingress.tls ? ingress.tls.secret : `${service}-tls`;
}

/** The cert-manager annotation that asks for a certificate, when the topology names an issuer. */
export function issuerAnnotations(ingress: IngressModel): Record<string, string> {
  if (!ingress.tls || !('issuer' in ingress.tls)) return {};
  const key = ingress.tls.issuerKind === 'Issuer' ? 'cert-manager.io/issuer' : 'cert-manager.io/cluster-issuer';
  return { [key]: ingress.tls.issuer };
}

/** The hosts of a service's routes, each once, sorted. */
export function routeHosts(service: ServiceModel): string[] {
  return [...new Set(service.routes.map((r) => r.host))].sort();
}

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

/**
 * What the user must provide for the routed services, as summary lines (empty when none is
 * routed): the controller (or Gateway) and its namespace, the certificate's source, and a DNS
 * record for each host.
 */
export function ingressSummary(topology: TopologyModel): string[] {
  const ingress = topology.ingress;
  const routed = topology.services.filter((s) => s.containerized && s.longRunning && s.routes.length > 0);
  if (!ingress || routed.length === 0) return [];
  const lines: string[] = [];
  const ns = ingress.controllerNamespace;
  if (ingress.api === 'gateway') {
    const g = ingress.gateway!;
    lines.push(
      `  The Gateway ${g.namespace}/${g.name} (Gateway API v1)${g.listener ? ` with the HTTPS listener ${g.listener}` : ''}, allowing HTTPRoutes from namespace ${topology.namespace}; its proxy pods in namespace ${ns} (the NetworkPolicies admit only that namespace).`,
    );
    lines.push(
      g.listener
        ? `  TLS: the listener ${g.listener} terminates it, with a certificate for every host below (e.g. cert-manager's annotation on the Gateway).`
        : '  TLS: none configured (the routes attach to every listener of the Gateway); set ingress.gateway.listener to its HTTPS listener.',
    );
  } else {
    lines.push(
      `  An ingress controller ${ingress.className ? `of IngressClass ${ingress.className}` : 'of the cluster\'s default IngressClass'} with its pods in namespace ${ns} (the NetworkPolicies admit only that namespace).`,
    );
    const tls = ingress.tls;
    if (!tls) lines.push('  TLS: none configured (plain HTTP): set ingress.tls.issuer (cert-manager) or ingress.tls.secret.');
    else if ('secret' in tls) lines.push(`  TLS: the Secret ${tls.secret} (type kubernetes.io/tls) in namespace ${topology.namespace}: kubectl create secret tls ${tls.secret} --cert=<file> --key=<file> -n ${topology.namespace}`);
    else lines.push(`  TLS: cert-manager with the ${tls.issuerKind} ${tls.issuer}${tls.issuerKind === 'Issuer' ? ` in namespace ${topology.namespace}` : ''}; it writes each service's certificate into <service>-tls.`);
  }
  for (const service of routed) {
    lines.push(`  DNS: ${routeHosts(service).join(', ')} → the ${ingress.api === 'gateway' ? 'Gateway' : 'ingress controller'}'s external address (routes to ${service.name}).`);
  }
  return lines;
}
