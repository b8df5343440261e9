/**
 * A way in from outside the cluster: a service's `ingress` (the hosts and path it answers on) and
 * the topology's `ingress` (which API, controller, Gateway and TLS), defined once: their grammar,
 * the checks that relate them to other fields, and their resolution into the model
 * (`ServiceModel.routes`, `TopologyModel.ingress`). Kubernetes renders them (src/kubernetes/ingress.ts);
 * compose has no ingress (a public port is the way in there).
 */
import { z } from 'zod';
import { DNS_LABEL, PORT_NAME } from './grammar';
import { compareStrings as cmp } from '../sort';
import { type Problem, showValue } from './problems';
import { resolvePorts } from './service-ports';

/** A host name an ingress answers to: a lower-case DNS name, optionally with a leading `*.` wildcard label; not an IP address. */
export const INGRESS_HOST = /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?\.)*[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** How an ingress host is written. */
export const INGRESS_HOST_RULE =
  'A lower-case DNS name such as "shop.example.com": labels of letters, digits and "-" (not starting or ending with "-", at most 63 characters) separated by ".", the last starting with a letter (no IP address), at most 253 characters; "*." before it matches one label (a wildcard host).';
/**
 * A path an ingress routes: an HTTP path without a query, and without what the Kubernetes Ingress
 * and Gateway API validations refuse in a Prefix/Exact path: "//", "/./", "/../", "%2F" (any
 * case), or a last "/." or "/..".
 */
export const INGRESS_PATH = /^(?!.*(?:\/\/|\/\.\/|\/\.\.\/|%2[fF]))(?!.*\/\.\.?$)\/(?:[A-Za-z0-9/._~-]|%[0-9A-Fa-f]{2}){0,1000}$/;
/** How an ingress path is written. */
export const INGRESS_PATH_RULE =
  'A "/" then letters, digits, "/", ".", "_", "~", "-" and percent escapes such as "%7E"; no "?query", no "//", "/./" or "/../", no "%2F", not ending in "/." or "/.." (Kubernetes refuses those). At most 1001 characters.';
/** A Kubernetes object name (DNS-1123 subdomain): Secrets, issuers, IngressClasses, Gateways. */
export const OBJECT_NAME = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
/** How such a name is written. */
export const OBJECT_NAME_RULE = 'A Kubernetes object name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters.';
const DNS_LABEL_TEXT = 'A lower-case DNS label: letters, digits and "-", starting with a letter and not ending with "-", at most 63 characters.';

/** The APIs an ingress is written for. */
export const INGRESS_APIS = ['ingress', 'gateway'] as const;
/** How a path is matched. */
export const PATH_TYPES = ['Prefix', 'Exact'] as const;
/** Kinds of cert-manager issuer. */
export const ISSUER_KINDS = ['ClusterIssuer', 'Issuer'] as const;
/** The default namespace of the ingress controller's pods (ingress-nginx's own). */
export const DEFAULT_CONTROLLER_NAMESPACE = 'ingress-nginx';
/** Archetypes that may take an ingress: the long-running ones, which have a Service. */
export const INGRESS_ARCHETYPES = ['web-service', 'worker'] as const;
/** At most this many hosts per service. */
export const MAX_INGRESS_HOSTS = 16;

const objectName = (what: string) => z.string().regex(OBJECT_NAME).describe(`${what} ${OBJECT_NAME_RULE}`);

/** A service's `ingress`: the hosts and path on which it is reachable from outside the cluster. */
export const serviceIngressSchema = z
  .strictObject({
    hosts: z
      .array(z.string().regex(INGRESS_HOST).describe(`A host name. ${INGRESS_HOST_RULE}`))
      .min(1)
      .max(MAX_INGRESS_HOSTS)
      .describe(`Host names the service answers to from outside, 1 to ${MAX_INGRESS_HOSTS}, each once; you point their DNS records at the ingress controller (or Gateway).`),
    path: z.string().regex(INGRESS_PATH).optional().describe(`Path routed to the service. Default "/". ${INGRESS_PATH_RULE}`),
    pathType: z
      .enum(PATH_TYPES)
      .optional()
      .describe('How "path" matches: "Prefix" (the path and everything under it, by "/"-separated element) or "Exact". Default "Prefix". Gateway API: PathPrefix or Exact.'),
    port: z
      .string()
      .regex(PORT_NAME)
      .optional()
      .describe('Name of the http port of the service that receives the traffic. Default: its first http port.'),
  })
  .describe(
    'Reachable from outside the cluster over HTTP(S) on these hosts: an Ingress (or an HTTPRoute with the topology\'s "ingress": {"api": "gateway"}) named after the service, and a NetworkPolicy admitting the controller\'s namespace to the routed port. web-service and worker with an http port only. Compose: nothing (publish a port instead).',
  );

/** The topology's `ingress`: how services with an `ingress` are reached. */
export const topologyIngressSchema = z
  .strictObject({
    api: z
      .enum(INGRESS_APIS)
      .optional()
      .describe('Which Kubernetes API routes the traffic: "ingress" (networking.k8s.io/v1 Ingress, for an ingress controller) or "gateway" (Gateway API HTTPRoute attached to your Gateway). Default "ingress".'),
    className: objectName('api "ingress" only: the IngressClass (spec.ingressClassName), e.g. "nginx". Default: none, the cluster\'s default IngressClass.').optional(),
    controllerNamespace: z
      .string()
      .regex(DNS_LABEL)
      .optional()
      .describe(
        `Namespace of the pods that proxy the traffic (the ingress controller or the Gateway's data plane): the NetworkPolicies admit it to the routed ports. Default "${DEFAULT_CONTROLLER_NAMESPACE}" for api "ingress", the Gateway's namespace for "gateway". ${DNS_LABEL_TEXT}`,
      ),
    gateway: z
      .strictObject({
        name: objectName('Name of the Gateway.'),
        namespace: z.string().regex(DNS_LABEL).describe(`Namespace of the Gateway. ${DNS_LABEL_TEXT}`),
        listener: z
          .string()
          .regex(DNS_LABEL)
          .optional()
          .describe(
            `The Gateway's HTTPS listener the routes attach to (parentRefs sectionName), where the Gateway terminates TLS. Default: none, the routes attach to every listener (plain HTTP too: lint warns). ${DNS_LABEL_TEXT}`,
          ),
      })
      .optional()
      .describe('api "gateway" only (and required there): your Gateway (gateway.networking.k8s.io/v1), which must allow routes from the topology\'s namespace.'),
    tls: z
      .strictObject({
        secret: objectName('A TLS Secret (kubernetes.io/tls) in the topology\'s namespace that you create, shared by every host: spec.tls[].secretName. Exclusive with "issuer".').optional(),
        issuer: objectName('A cert-manager issuer that issues one certificate per service into the Secret "<service>-tls". Exclusive with "secret".').optional(),
        issuerKind: z
          .enum(ISSUER_KINDS)
          .optional()
          .describe('"ClusterIssuer" (annotation cert-manager.io/cluster-issuer) or "Issuer" in the topology\'s namespace (cert-manager.io/issuer). Default "ClusterIssuer".'),
      })
      .optional()
      .describe('api "ingress" only: HTTPS on every host, from a Secret you provide or a cert-manager issuer (one of them). With api "gateway" the Gateway terminates TLS: set "gateway.listener" instead. Default: none (plain HTTP; lint warns, and fails in a prod environment).'),
  })
  .describe('How services with an "ingress" are reached from outside the cluster. Default: {"api": "ingress"}, the cluster\'s default IngressClass, controller in "ingress-nginx", no TLS.');

export type ServiceIngressSpec = z.infer<typeof serviceIngressSchema>;
export type TopologyIngressSpec = z.infer<typeof topologyIngressSchema>;

/** One route to a service, defaults applied. */
export interface RouteModel {
  /** Host name (a DNS name, maybe `*.`-prefixed). */
  readonly host: string;
  /** Path routed. */
  readonly path: string;
  /** How the path matches. */
  readonly pathType: 'Prefix' | 'Exact';
  /** Name of the service port that receives the traffic. */
  readonly port: string;
  /** Its Kubernetes Service port (HTTPRoute backendRefs, Ingress backend). */
  readonly servicePort: number;
  /** The container port behind it (the NetworkPolicy's port). */
  readonly containerPort: number;
}

/** The topology's ingress, defaults applied. */
export interface IngressModel {
  /** Which API routes in from outside: an Ingress (networking.k8s.io/v1) or a Gateway API HTTPRoute. */
  readonly api: 'ingress' | 'gateway';
  /** IngressClass (api ingress), when given. */
  readonly className?: string;
  /** Namespace of the proxying pods, admitted by the NetworkPolicies. */
  readonly controllerNamespace: string;
  /** The Gateway (api gateway). */
  readonly gateway?: { readonly name: string; readonly namespace: string; readonly listener?: string };
  /** TLS (api ingress), when given: a Secret, or a cert-manager issuer. */
  readonly tls?: { readonly secret: string } | { readonly issuer: string; readonly issuerKind: 'ClusterIssuer' | 'Issuer' };
}

/** The routes of a valid service entry, sorted (host, path, pathType, port, servicePort); none without `ingress`. */
export function resolveRoutes(service: { readonly ingress?: ServiceIngressSpec; readonly port?: number; readonly ports?: Parameters<typeof resolvePorts>[0]['ports'] }): RouteModel[] {
  const ingress = service.ingress;
  if (!ingress) return [];
  const ports = resolvePorts(service);
  const target = ingress.port === undefined ? ports.find((p) => p.protocol === 'http') : ports.find((p) => p.name === ingress.port);
  if (!target) return [];
  const routes = [...new Set(ingress.hosts)].map(
    (host): RouteModel => ({ host, path: ingress.path ?? '/', pathType: ingress.pathType ?? 'Prefix', port: target.name, servicePort: target.servicePort, containerPort: target.port }),
  );
  return routes.sort((a, b) => cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.pathType, b.pathType) || cmp(a.port, b.port) || a.servicePort - b.servicePort);
}

/** The topology's ingress, defaults applied: present when the topology declares one or a service is routed. */
export function resolveIngress(ingress: TopologyIngressSpec | undefined, routed: boolean): IngressModel | undefined {
  if (!ingress && !routed) return undefined;
  const api = ingress?.api ?? 'ingress';
  const gateway = ingress?.gateway;
  const tls = ingress?.tls;
  return {
    api,
    ...(ingress?.className !== undefined ? { className: ingress.className } : {}),
    controllerNamespace: ingress?.controllerNamespace ?? (api === 'gateway' && gateway ? gateway.namespace : DEFAULT_CONTROLLER_NAMESPACE),
    ...(gateway ? { gateway: { name: gateway.name, namespace: gateway.namespace, ...(gateway.listener !== undefined ? { listener: gateway.listener } : {}) } } : {}),
    ...(tls?.secret !== undefined ? { tls: { secret: tls.secret } } : tls?.issuer !== undefined ? { tls: { issuer: tls.issuer, issuerKind: tls.issuerKind ?? 'ClusterIssuer' } } : {}),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A service entry's `ingress` against its other fields (zod checked each field): an archetype
 * that has no Service, a port the service lacks or one that is not http, a host written twice.
 */
export function serviceIngressProblems(service: Record<string, unknown>, label: string, where: string, file: string): Problem[] {
  const ingress = service.ingress;
  if (!isRecord(ingress)) return [];
  const at = `${where}.ingress`;
  const problems: Problem[] = [];
  const archetype = service.archetype;
  if (typeof archetype === 'string' && !(INGRESS_ARCHETYPES as readonly string[]).includes(archetype)) {
    return [
      {
        message: `Service ${label} has an ingress, but a ${archetype} has no Service to route to`,
        expected: `"ingress" on a ${INGRESS_ARCHETYPES.join(' or ')} with an http port`,
        action: `Remove ${at} in ${file}, or make ${label} a web-service`,
      },
    ];
  }
  const ports = resolvePorts(service as Parameters<typeof resolvePorts>[0]).filter((p) => typeof p.port === 'number');
  if (ports.length === 0) {
    problems.push({
      message: `Service ${label} has an ingress but no port`,
      expected: 'an http port ("port", or "ports" with protocol "http") for the ingress to route to',
      action: `Add "port" to ${where}, or remove ${at}, in ${file}`,
    });
  } else if (ingress.port === undefined) {
    if (!ports.some((p) => p.protocol === 'http')) {
      problems.push({
        message: `Service ${label} has an ingress but no http port`,
        expected: `a port of protocol "http" (its ports: ${ports.map((p) => `${p.name} (${p.protocol})`).join(', ')})`,
        action: `Add an http port to ${where}.ports, or remove ${at}, in ${file}`,
      });
    }
  } else if (typeof ingress.port === 'string' && PORT_NAME.test(ingress.port)) {
    const port = ports.find((p) => p.name === ingress.port);
    if (!port) {
      problems.push({
        message: `Ingress of ${label} names port ${showValue(ingress.port)}, which the service does not have`,
        value: showValue(ingress.port),
        expected: `the name of an http port of ${label}: ${ports.filter((p) => p.protocol === 'http').map((p) => p.name).join(', ') || '(it has none)'}`,
        action: `Fix ${at}.port in ${file}`,
      });
    } else if (port.protocol !== 'http') {
      problems.push({
        message: `Ingress of ${label} routes to port ${port.name}, which speaks ${port.protocol}, not http`,
        value: showValue(ingress.port),
        expected: 'an http port: an Ingress and an HTTPRoute carry HTTP/1.1 and HTTP/2 requests',
        action: `Set ${at}.port to an http port of ${label}, in ${file}`,
      });
    }
  }
  // Hosts outside the grammar are the schema's to report: only valid ones are compared (and shown).
  const hosts = Array.isArray(ingress.hosts) ? ingress.hosts.filter((h): h is string => typeof h === 'string' && INGRESS_HOST.test(h)) : [];
  const seen = new Set<string>();
  for (const host of hosts) {
    if (seen.has(host)) {
      problems.push({
        message: `Ingress of ${label} lists host ${host} twice`,
        value: showValue(host),
        expected: 'each host once',
        action: `Remove one of them from ${at}.hosts in ${file}`,
      });
    }
    seen.add(host);
  }
  return problems;
}

/** The topology's `ingress` against itself: a Gateway for api gateway only (and required there), TLS and class for api ingress only, one TLS source. */
export function topologyIngressProblems(ingress: unknown, file: string): Problem[] {
  if (!isRecord(ingress)) return [];
  const problems: Problem[] = [];
  const api = ingress.api ?? 'ingress';
  if (api === 'gateway') {
    if (ingress.gateway === undefined) {
      problems.push({
        message: 'The topology\'s ingress uses the Gateway API but names no Gateway',
        expected: '"gateway": {"name": …, "namespace": …} (your Gateway, which the HTTPRoutes attach to)',
        action: `Add "gateway" to ingress in ${file}, or set ingress.api to "ingress"`,
      });
    }
    if (ingress.className !== undefined) {
      problems.push({
        message: 'The topology\'s ingress has a "className", which only an Ingress reads, but its api is "gateway"',
        value: showValue(ingress.className),
        expected: 'no "className" with api "gateway" (the Gateway\'s own gatewayClassName picks the controller)',
        action: `Remove ingress.className in ${file}`,
      });
    }
    if (ingress.tls !== undefined) {
      problems.push({
        message: 'The topology\'s ingress has "tls", but with the Gateway API the Gateway terminates TLS',
        expected: 'the certificate on your Gateway\'s HTTPS listener, and "gateway.listener" naming it so the routes attach there only',
        action: `Remove ingress.tls and set ingress.gateway.listener in ${file}`,
      });
    }
  } else if (api === 'ingress' && ingress.gateway !== undefined) {
    problems.push({
      message: 'The topology\'s ingress names a Gateway, but its api is "ingress"',
      expected: '"gateway" only with "api": "gateway"',
      action: `Set ingress.api to "gateway", or remove ingress.gateway, in ${file}`,
    });
  }
  const tls = ingress.tls;
  if (isRecord(tls)) {
    if (tls.secret !== undefined && tls.issuer !== undefined) {
      problems.push({
        message: 'The topology\'s ingress TLS has both a "secret" and an "issuer"',
        expected: 'one of them: "secret" (a TLS Secret you create) or "issuer" (cert-manager issues "<service>-tls")',
        action: `Remove ingress.tls.secret or ingress.tls.issuer in ${file}`,
      });
    } else if (tls.secret === undefined && tls.issuer === undefined) {
      problems.push({
        message: 'The topology\'s ingress TLS names neither a "secret" nor an "issuer"',
        expected: '"secret" (a TLS Secret you create) or "issuer" (a cert-manager issuer)',
        action: `Add ingress.tls.secret or ingress.tls.issuer, or remove ingress.tls, in ${file}`,
      });
    }
    if (tls.issuerKind !== undefined && tls.issuer === undefined) {
      problems.push({
        message: 'The topology\'s ingress TLS has an "issuerKind" but no "issuer"',
        value: showValue(tls.issuerKind),
        expected: '"issuerKind" only beside "issuer"',
        action: `Add ingress.tls.issuer or remove ingress.tls.issuerKind in ${file}`,
      });
    }
  }
  return problems;
}

/** A service's written routes as the topology-wide check reads them. */
export interface ShapeRoutes {
  readonly service: string;
  readonly hosts: readonly string[];
  readonly path: string;
  readonly where: string;
}

/** The routes of a (possibly invalid) service entry, for the topology-wide check: its valid hosts and path. */
export function shapeRoutesOf(service: { readonly ingress?: unknown }): { hosts: string[]; path: string } | undefined {
  const ingress = service.ingress;
  if (!isRecord(ingress) || !Array.isArray(ingress.hosts)) return undefined;
  // Only values in the grammar (the schema reports the others), so a message never shows a hostile one.
  const hosts = ingress.hosts.filter((h): h is string => typeof h === 'string' && INGRESS_HOST.test(h));
  const path = ingress.path === undefined ? '/' : typeof ingress.path === 'string' && INGRESS_PATH.test(ingress.path) ? ingress.path : undefined;
  return path === undefined ? undefined : { hosts, path };
}
