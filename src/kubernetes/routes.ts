/**
 * What the Kubernetes renderer and the summary both read of the routes in from outside (issue 18):
 * the TLS Secret of a service, the cert-manager annotation, the hosts, and the summary lines of
 * what the user provides. Free of cdk8s-plus, so the summary (and `import 'topograph'`) does not
 * load it; the objects themselves are built in ingress.ts.
 */
import { compareStrings } from '../sort';
import type { IngressModel, ServiceModel, TopologyModel } from '../model';

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
  // One line per host (several services may share one host on different paths), hosts sorted.
  const byHost = new Map<string, string[]>();
  for (const service of routed) for (const host of routeHosts(service)) byHost.set(host, [...(byHost.get(host) ?? []), service.name]);
  for (const [host, services] of [...byHost].sort(([a], [b]) => compareStrings(a, b))) {
    lines.push(`  DNS: ${host} → the ${ingress.api === 'gateway' ? 'Gateway' : 'ingress controller'}'s external address (routes to ${services.join(', ')}).`);
  }
  return lines;
}
