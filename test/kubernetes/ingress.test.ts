/**
 * A way in from outside (issue 18, helper B): a service's `ingress` and the topology's `ingress`
 * become an Ingress (or a Gateway API HTTPRoute) beside the Service, a NetworkPolicy admitting the
 * controller's namespace, and summary lines naming what the user provides.
 */
import { Testing } from 'cdk8s';
import { JsonPatch } from 'cdk8s';
import { Topology, TopographApp, WebService } from '../../src';
import { validateGraph } from '../../src/graph/validate';
import { kubernetesSummary } from '../../src/kubernetes';
import { lintFiles } from '../../src/lint';
import { modelOf, render, shopGraph } from './helpers';
import { validateHttpRoute } from '../helpers/http-route';

/** The shop with catalog and billing routed (the topology's ingress as given). */
function routedShop(ingress: Record<string, unknown> | undefined, change: (g: any) => void = () => {}) {
  const graph: any = shopGraph();
  if (ingress) graph.ingress = ingress;
  graph.services.find((s: any) => s.name === 'catalog').ingress = { hosts: ['shop.example.com', '*.shop.example.com'] };
  graph.services.find((s: any) => s.name === 'billing').ingress = { hosts: ['shop.example.com'], path: '/billing', pathType: 'Exact' };
  change(graph);
  return graph;
}

const validateK8s = (object: any) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
  new model(object).validate();
};

describe('api "ingress"', () => {
  const r = render(routedShop({ className: 'nginx', tls: { issuer: 'letsencrypt' } }));

  it('writes an Ingress per routed service into 20-services.yaml, valid against the Kubernetes schemas', () => {
    const files = r.objects.filter((o) => o.object.kind === 'Ingress').map((o) => `${o.file}:${o.object.metadata.name}`);
    expect(files).toEqual(['20-services.yaml:billing', '20-services.yaml:catalog']);
    for (const o of r.all('Ingress')) expect(() => validateK8s(o)).not.toThrow();
    expect(r.has('Ingress', 'auth')).toBe(false);
  });

  it('routes each host onto the Service port, with the class, TLS Secret <service>-tls and the cert-manager annotation', () => {
    const catalog = r.get('Ingress', 'catalog');
    expect(catalog.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(catalog.metadata.namespace).toBe('shop');
    expect(catalog.spec.ingressClassName).toBe('nginx');
    expect(catalog.spec.tls).toEqual([{ hosts: ['*.shop.example.com', 'shop.example.com'], secretName: 'catalog-tls' }]);
    const servicePort = r.get('Service', 'catalog').spec.ports[0].port;
    expect(catalog.spec.rules).toEqual(
      ['*.shop.example.com', 'shop.example.com'].map((host) => ({
        host,
        http: { paths: [{ backend: { service: { name: 'catalog', port: { number: servicePort } } }, path: '/', pathType: 'Prefix' }] },
      })),
    );
    expect(r.get('Ingress', 'billing').spec.rules[0].http.paths[0]).toMatchObject({ path: '/billing', pathType: 'Exact' });
  });

  it('admits the controller namespace to the routed container port only, in a NetworkPolicy of its own', () => {
    const policy = r.get('NetworkPolicy', 'allow-catalog-from-ingress');
    expect(() => validateK8s(policy)).not.toThrow();
    expect(r.objects.find((o) => o.object.metadata.name === 'allow-catalog-from-ingress')!.file).toBe('30-network-policies.yaml');
    expect(policy.spec).toEqual({
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 8001, protocol: 'TCP' }] }],
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'catalog' } },
      policyTypes: ['Ingress'],
    });
    expect(r.has('NetworkPolicy', 'allow-auth-from-ingress')).toBe(false);
  });

  it('a topology TLS Secret is every Ingress\'s secretName, with no annotation', () => {
    const s = render(routedShop({ tls: { secret: 'shop-cert' }, controllerNamespace: 'traefik' }));
    expect(s.get('Ingress', 'billing').spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-cert' }]);
    expect(s.get('Ingress', 'billing').metadata.annotations).toBeUndefined();
    expect(s.get('Ingress', 'billing').spec.ingressClassName).toBeUndefined();
    expect(s.get('NetworkPolicy', 'allow-billing-from-ingress').spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe('traefik');
  });

  it('an Issuer (not a ClusterIssuer) takes the namespaced annotation', () => {
    const s = render(routedShop({ tls: { issuer: 'local-ca', issuerKind: 'Issuer' } }));
    expect(s.get('Ingress', 'catalog').metadata.annotations).toEqual({ 'cert-manager.io/issuer': 'local-ca' });
  });

  it('without a topology ingress, a routed service gets the defaults: default class, ingress-nginx, no TLS (lint warns)', () => {
    const s = render(routedShop(undefined));
    const catalog = s.get('Ingress', 'catalog');
    expect(catalog.spec.tls).toBeUndefined();
    expect(s.model.ingress).toEqual({ api: 'ingress', controllerNamespace: 'ingress-nginx' });
    const findings = lintFiles(s.files).findings.filter((f) => f.rule === 'kubernetes-ingress-without-tls');
    expect(findings.map((f) => [f.severity, f.service])).toEqual([
      ['warning', 'billing'],
      ['warning', 'catalog'],
    ]);
    const prod = lintFiles({ 'kubernetes-overlays/prod/20-services.yaml': s.files['20-services.yaml'] }).findings.filter((f) => f.rule === 'kubernetes-ingress-without-tls');
    expect(prod.map((f) => f.severity)).toEqual(['error', 'error']);
  });

  it('with TLS the generated manifests pass kubernetes-ingress-without-tls', () => {
    expect(lintFiles(r.files).findings.filter((f) => f.rule === 'kubernetes-ingress-without-tls')).toEqual([]);
  });

  it('the summary names the controller, the issuer and each DNS record', () => {
    const lines = kubernetesSummary(r.model).join('\n');
    expect(lines).toContain('An ingress controller of IngressClass nginx with its pods in namespace ingress-nginx');
    expect(lines).toContain('TLS: cert-manager with the ClusterIssuer letsencrypt');
    // One line per host, naming every service routed on it.
    expect(lines).toContain('DNS: *.shop.example.com → the ingress controller\'s external address (routes to catalog).');
    expect(lines).toContain('DNS: shop.example.com → the ingress controller\'s external address (routes to billing, catalog).');
    const secret = kubernetesSummary(modelOf(routedShop({ tls: { secret: 'shop-cert' } }))).join('\n');
    expect(secret).toContain('kubectl create secret tls shop-cert --cert=<file> --key=<file> -n shop');
  });
});

describe('api "gateway"', () => {
  const gateway = { api: 'gateway', gateway: { name: 'public', namespace: 'gateways', listener: 'https' } };
  const r = render(routedShop(gateway));

  it('writes an HTTPRoute per routed service attached to the Gateway listener, and no Ingress', () => {
    expect(r.all('Ingress')).toEqual([]);
    const route = r.get('HTTPRoute', 'catalog');
    expect(r.objects.find((o) => o.object.kind === 'HTTPRoute' && o.object.metadata.name === 'catalog')!.file).toBe('20-services.yaml');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata.namespace).toBe('shop');
    const servicePort = r.get('Service', 'catalog').spec.ports[0].port;
    expect(route.spec).toEqual({
      hostnames: ['*.shop.example.com', 'shop.example.com'],
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      rules: [{ backendRefs: [{ name: 'catalog', port: servicePort }], matches: [{ path: { type: 'PathPrefix', value: '/' } }] }],
    });
    expect(r.get('HTTPRoute', 'billing').spec.rules[0].matches).toEqual([{ path: { type: 'Exact', value: '/billing' } }]);
  });

  // @kubernetes-models/gateway-api is not a devDependency (yet): the fields topograph emits, against the Gateway API v1 HTTPRoute schema.
  it('every HTTPRoute field is one the Gateway API v1 schema has, within its limits', () => {
    for (const route of r.all('HTTPRoute')) expect(() => validateHttpRoute(route)).not.toThrow();
    expect(() => validateHttpRoute({ ...r.get('HTTPRoute', 'catalog'), spec: { ...r.get('HTTPRoute', 'catalog').spec, hostnames: ['Bad_Host'] } })).toThrow(/hostname/);
  });

  it('admits the Gateway namespace by default, and the summary names the Gateway', () => {
    expect(r.get('NetworkPolicy', 'allow-catalog-from-ingress').spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateways' } } }]);
    const lines = kubernetesSummary(r.model).join('\n');
    expect(lines).toContain('The Gateway gateways/public (Gateway API v1) with the HTTPS listener https, allowing HTTPRoutes from namespace shop');
    expect(lines).toContain('DNS: shop.example.com → the Gateway\'s external address (routes to billing, catalog).');
  });

  it('lint: a route attached to every listener warns; one on a named listener passes', () => {
    expect(lintFiles(r.files).findings.filter((f) => f.rule === 'kubernetes-ingress-without-tls')).toEqual([]);
    const open = render(routedShop({ api: 'gateway', gateway: { name: 'public', namespace: 'gateways' } }));
    const findings = lintFiles(open.files).findings.filter((f) => f.rule === 'kubernetes-ingress-without-tls');
    expect(findings.map((f) => f.message)).toEqual([
      'HTTPRoute billing attaches to every listener of Gateway public, plain HTTP too: no sectionName names its HTTPS listener',
      'HTTPRoute catalog attaches to every listener of Gateway public, plain HTTP too: no sectionName names its HTTPS listener',
    ]);
    expect(findings.every((f) => f.severity === 'warning' && typeof f.line === 'number')).toBe(true);
  });
});

it('output is byte-identical without ingress, and the model has no ingress then', () => {
  const plain = render(shopGraph());
  expect(plain.model.ingress).toBeUndefined();
  expect(plain.model.services.every((s) => s.routes.length === 0)).toBe(true);
  const declared = render({ ...shopGraph(), ingress: { className: 'nginx' } });
  expect(declared.files).toEqual(plain.files);
});

it('routes are sorted by host and resolved onto the named http port', () => {
  const graph: any = shopGraph();
  graph.services[0].ports = [{ name: 'admin', port: 9000 }, { name: 'web', port: 8001, servicePort: 80 }];
  graph.services[0].ingress = { hosts: ['b.example.com', 'a.example.com'], port: 'web' };
  const model = modelOf(graph);
  expect(model.services.find((s) => s.name === 'catalog')!.routes).toEqual([
    { host: 'a.example.com', path: '/', pathType: 'Prefix', port: 'web', servicePort: 80, containerPort: 8001 },
    { host: 'b.example.com', path: '/', pathType: 'Prefix', port: 'web', servicePort: 80, containerPort: 8001 },
  ]);
  const r = render(graph);
  expect(r.get('NetworkPolicy', 'allow-catalog-from-ingress').spec.ingress[0].ports).toEqual([{ port: 8001, protocol: 'TCP' }]);
  expect(r.get('Ingress', 'catalog').spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 80 });
});

describe('constructs', () => {
  it('WebServiceProps.ingress and TopologyProps.ingress give the same objects as the graph; lookups return them', () => {
    const app = Testing.app();
    const topology = new Topology(app, 'shop', { ingress: { tls: { issuer: 'letsencrypt' } } });
    new WebService(topology, 'web', { runtime: 'image', image: 'nginx:1.27', user: 101, port: 8080, ingress: { hosts: ['web.example.com'] } });
    const ingress = topology.kubernetes.ingress('web');
    expect(ingress.metadata.name).toBe('web');
    const chart = topology.kubernetes.chart('20-services.yaml');
    const synthesized = Testing.synth(chart).find((o: any) => o.kind === 'Ingress');
    expect(synthesized.spec.tls).toEqual([{ hosts: ['web.example.com'], secretName: 'web-tls' }]);
    topology.addKubernetesPatch({ kind: 'Ingress', name: 'web' }, JsonPatch.add('/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-body-size', '8m'));
    expect(Testing.synth(chart).find((o: any) => o.kind === 'Ingress').metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
    });
  });

  it('a bad ingress throws at the line that wrote it, naming the value and the fix', () => {
    const topology = new Topology(new TopographApp({ outdir: '/tmp/topograph-ingress' }), 'shop');
    expect(() => new WebService(topology, 'web', { runtime: 'image', image: 'nginx:1.27', port: 8080, ingress: { hosts: ['Web.Example.com'] } })).toThrow(/Invalid ingress host for web[\s\S]*"Web.Example.com"/);
    expect(() => new Topology(new TopographApp({ outdir: '/tmp/topograph-ingress' }), 'x', { ingress: { api: 'gateway' } })).toThrow(/names no Gateway/);
  });

  it('the gateway lookup returns the HTTPRoute', () => {
    const app = Testing.app();
    const topology = new Topology(app, 'shop', { ingress: { api: 'gateway', gateway: { name: 'gw', namespace: 'infra', listener: 'https' } } });
    new WebService(topology, 'web', { runtime: 'image', image: 'nginx:1.27', user: 101, port: 8080, ingress: { hosts: ['web.example.com'] } });
    expect(topology.kubernetes.httpRoute('web').kind).toBe('HTTPRoute');
    expect(() => topology.kubernetes.ingress('web')).toThrow(/no Kubernetes Ingress 'web'/);
  });
});

describe('graph problems, all at once', () => {
  const messages = (graph: unknown) => validateGraph(graph).problems.map((p) => p.message);

  it('refuses hosts outside the grammar, paths with a query, unknown path types', () => {
    const graph: any = shopGraph();
    graph.services[0].ingress = { hosts: ['1.2.3.4', 'shop..example.com', '*.*.example.com', 'ok.example.com'], path: '/a?b=c', pathType: 'prefix' };
    const problems = validateGraph(graph).problems;
    expect(problems.filter((p) => p.message === 'Invalid ingress host for catalog').map((p) => p.value)).toEqual(['"1.2.3.4"', '"shop..example.com"', '"*.*.example.com"']);
    expect(problems.find((p) => p.message === 'Invalid ingress path for catalog')?.value).toBe('"/a?b=c"');
    for (const path of ['/a//b', '/a/./b', '/a/../b', '/a%2Fb', '/a%2fb', '/a/..', '/a/.']) {
      const g: any = shopGraph();
      g.services[0].ingress = { hosts: ['a.example.com'], path };
      expect(validateGraph(g).problems.map((p) => [p.message, p.value])).toEqual([['Invalid ingress path for catalog', JSON.stringify(path)]]);
    }
    for (const path of ['/', '/api/', '/a.b/c', '/x%7E', '/.well-known/acme']) {
      const g: any = shopGraph();
      g.services[0].ingress = { hosts: ['a.example.com'], path };
      expect(validateGraph(g).problems).toEqual([]);
    }
    expect(problems.find((p) => p.message === 'Invalid ingress path type for catalog')?.action).toContain("Did you mean 'Prefix'?");
  });

  it('ports: a missing one, a non-http one, none at all; archetypes without a Service', () => {
    const graph: any = shopGraph();
    graph.services[0].ports = [{ port: 8001, protocol: 'grpc' }];
    graph.services[0].ingress = { hosts: ['a.example.com'] };
    graph.services[1].ingress = { hosts: ['b.example.com'], port: 'admin' };
    graph.services[2].ports = [{ name: 'grpc', port: 8003, protocol: 'grpc' }];
    graph.services[2].ingress = { hosts: ['c.example.com'], port: 'grpc' };
    graph.services.push({ name: 'nightly', archetype: 'data-pipeline', runtime: 'python', ingress: { hosts: ['d.example.com'] } });
    expect(messages(graph)).toEqual(
      expect.arrayContaining([
        'Service catalog has an ingress but no http port',
        'Ingress of billing names port "admin", which the service does not have',
        'Ingress of auth routes to port grpc, which speaks grpc, not http',
        'Service nightly has an ingress, but a data-pipeline has no Service to route to',
      ]),
    );
  });

  it('one host and path routed to two services; a host listed twice', () => {
    const graph: any = shopGraph();
    graph.services[0].ingress = { hosts: ['shop.example.com', 'shop.example.com'] };
    graph.services[1].ingress = { hosts: ['shop.example.com'], path: '/' };
    expect(messages(graph)).toEqual(
      expect.arrayContaining(['Ingress of catalog lists host shop.example.com twice', 'Ingress route clash: catalog and billing both answer shop.example.com/']),
    );
  });

  it('topology ingress: gateway required with api gateway, className and tls refused there, one TLS source', () => {
    expect(messages({ ...shopGraph(), ingress: { api: 'gateway', className: 'nginx', tls: { issuer: 'x' } } })).toEqual(
      expect.arrayContaining([
        "The topology's ingress uses the Gateway API but names no Gateway",
        'The topology\'s ingress has a "className", which only an Ingress reads, but its api is "gateway"',
        'The topology\'s ingress has "tls", but with the Gateway API the Gateway terminates TLS',
      ]),
    );
    expect(messages({ ...shopGraph(), ingress: { gateway: { name: 'g', namespace: 'n' }, tls: { secret: 'a', issuer: 'b' } } })).toEqual([
      'The topology\'s ingress names a Gateway, but its api is "ingress"',
      'The topology\'s ingress TLS has both a "secret" and an "issuer"',
    ]);
    expect(messages({ ...shopGraph(), ingress: { tls: { issuerKind: 'Issuer' } } })).toEqual([
      'The topology\'s ingress TLS names neither a "secret" nor an "issuer"',
      'The topology\'s ingress TLS has an "issuerKind" but no "issuer"',
    ]);
    const unknown = validateGraph({ ...shopGraph(), ingress: { tls: { secrets: 'x' } } }).problems[0];
    expect(unknown.message).toBe("Unknown field 'secrets' in ingress.tls");
    expect(unknown.action).toContain("Did you mean 'secret'?");
  });
});

it('snapshot: the Ingress, HTTPRoute and NetworkPolicy documents of the routed shop', () => {
  const pick = (graph: unknown) => {
    const r = render(graph);
    return r.objects.filter((o) => ['Ingress', 'HTTPRoute'].includes(o.object.kind) || o.object.metadata.name?.endsWith('-from-ingress')).map((o) => ({ file: o.file, object: o.object }));
  };
  expect(pick(routedShop({ className: 'nginx', tls: { issuer: 'letsencrypt' } }))).toMatchSnapshot('ingress');
  expect(pick(routedShop({ api: 'gateway', gateway: { name: 'public', namespace: 'gateways', listener: 'https' } }))).toMatchSnapshot('gateway');
});

it('a service named "ingress" calling a routed service is refused before its policy name could clash', () => {
  const graph: any = shopGraph();
  graph.services[0].ingress = { hosts: ['shop.example.com'] };
  graph.services.push({ name: 'ingress', archetype: 'web-service', runtime: 'image', image: 'nginx:1.27', user: 101, port: 8080 });
  graph.edges.push({ from: 'ingress', to: 'catalog' });
  expect(() => render(graph)).toThrow(/Service 'ingress' calls the routed service 'catalog': both would need the NetworkPolicy allow-catalog-from-ingress/);
});

it('the summary file list mentions the ingress policy and kind', () => {
  const lines = kubernetesSummary(modelOf(routedShop({ api: 'gateway', gateway: { name: 'g', namespace: 'infra' } }))).join('\n');
  expect(lines).toMatch(/20-services\.yaml\s+auth, billing, catalog: Deployment, HTTPRoute/);
  expect(lines).toContain("and the ingress controller's namespace to the routed services");
});

it('the property generator covers routed services, both APIs and every TLS source', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validGraph, SEED } = require('../property/arbitraries');
  const seen = new Set<string>();
  for (const g of fc.sample(validGraph, { seed: SEED, numRuns: 80 })) {
    if (g.services.some((s: any) => s.ingress)) seen.add('routed');
    if (g.ingress?.api === 'gateway') seen.add('gateway');
    if (g.ingress?.tls?.issuer) seen.add('issuer');
    if (g.ingress?.tls?.secret) seen.add('secret');
  }
  expect([...seen].sort()).toEqual(['gateway', 'issuer', 'routed', 'secret']);
});

it('a route clash is found through the constructs too, and hostile hosts never reach a message but the schema\'s', () => {
  const topology = new Topology(new TopographApp({ outdir: '/tmp/topograph-ingress' }), 'shop');
  new WebService(topology, 'a', { runtime: 'image', image: 'nginx:1.27', port: 8080, ingress: { hosts: ['shop.example.com'] } });
  new WebService(topology, 'b', { runtime: 'image', image: 'nginx:1.27', port: 8080, ingress: { hosts: ['shop.example.com'] } });
  expect(topology.validateTopology().map((p) => p.message)).toEqual(['Ingress route clash: a and b both answer shop.example.com/']);
  const graph: any = shopGraph();
  const hostile = 'x.example.com\u001b[2J';
  graph.services[0].ingress = { hosts: [hostile, hostile] };
  graph.services[1].ingress = { hosts: [hostile] };
  const problems = validateGraph(graph).problems;
  expect(problems.map((p) => p.message)).toEqual(['Invalid ingress host for catalog: it holds U+001B at position 14', 'Invalid ingress host for catalog: it holds U+001B at position 14', 'Invalid ingress host for billing: it holds U+001B at position 14']);
});
