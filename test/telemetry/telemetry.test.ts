/**
 * `telemetry` (issue 18): the OTEL_* variables every containerized service gets, the same in
 * compose and Kubernetes; `collector: true` and its dependency, edges and policies; an endpoint
 * outside the topology and its egress policy; the grammar and the clash checks.
 */
import { parse, parseAllDocuments } from 'yaml';
import { Topology, validateGraph, WebService } from '../../src';
import { Testing } from '../../src/testing';
import { TopologyError } from '../../src/graph/problems';
import { otelAttributeValue } from '../../src/escape';
import { COLLECTOR_CONFIG } from '../../src/graph/kinds/dependencies/otel-collector';
import { shopGraph, synth } from '../helpers/shop';

const OTEL = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_SERVICE_NAME'];

function graphWith(telemetry: unknown) {
  return { ...shopGraph(), telemetry } as ReturnType<typeof shopGraph>;
}

function objects(files: Record<string, string>, file: string): any[] {
  return parseAllDocuments(files[file]).map((d) => d.toJS());
}

/** A container's env as name → value (plain values; ConfigMap references resolved). */
function kubernetesEnv(files: Record<string, string>, name: string): Record<string, string> {
  const docs = objects(files, 'kubernetes/20-services.yaml');
  const deployment = docs.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
  const container = deployment.spec.template.spec.containers[0];
  const out: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) out[e.name] = e.value;
    else if (e.valueFrom?.configMapKeyRef) {
      const map = docs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === e.valueFrom.configMapKeyRef.name);
      out[e.name] = map.data[e.valueFrom.configMapKeyRef.key];
    }
  }
  for (const from of container.envFrom ?? []) {
    const map = docs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name);
    Object.assign(out, map?.data ?? {});
  }
  return out;
}

describe('telemetry with an endpoint outside the topology', () => {
  const telemetry = { otlp: { endpoint: 'https://otel.example.com:4318/otlp', protocol: 'http/protobuf' }, attributes: { team: 'checkout, payments', 'cloud.region': 'eu-west-1' } };
  const { files, topology } = synth(graphWith(telemetry));
  const model = topology.toModel();

  it('sets the four OTEL_* variables on every containerized service, in the model', () => {
    for (const service of model.services) {
      const names = service.env.map((e) => e.name).filter((n) => n.startsWith('OTEL_'));
      expect(names).toEqual(service.containerized ? OTEL : []);
    }
    const catalog = model.services.find((s) => s.name === 'catalog')!;
    const value = (name: string) => (catalog.env.find((e) => e.name === name)!.value as { value: string }).value;
    expect(value('OTEL_SERVICE_NAME')).toBe('catalog');
    expect(value('OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('https://otel.example.com:4318/otlp');
    expect(value('OTEL_EXPORTER_OTLP_PROTOCOL')).toBe('http/protobuf');
    expect(value('OTEL_RESOURCE_ATTRIBUTES')).toBe(
      'service.namespace=shop,service.version=0.1.0,deployment.environment=default,cloud.region=eu-west-1,team=checkout%2C%20payments',
    );
  });

  it('gives compose and Kubernetes the same values', () => {
    const compose = parse(files['docker/docker-compose.yml']);
    for (const name of ['catalog', 'billing']) {
      const env = compose.services[name].environment as Record<string, string>;
      const k8s = kubernetesEnv(files, name);
      for (const v of OTEL) expect({ v, compose: env[v] }).toEqual({ v, compose: k8s[v] });
    }
  });

  it('lets every service reach the endpoint port, and nothing else of it', () => {
    const policies = objects(files, 'kubernetes/30-network-policies.yaml');
    const otlp = policies.filter((p) => p.metadata.name.endsWith('-to-otlp-endpoint'));
    expect(otlp.map((p) => p.metadata.name).sort()).toEqual(model.services.filter((s) => s.containerized).map((s) => `allow-${s.name}-to-otlp-endpoint`).sort());
    expect(otlp[0].spec).toEqual({ egress: [{ ports: [{ port: 4318, protocol: 'TCP' }] }], podSelector: otlp[0].spec.podSelector, policyTypes: ['Egress'] });
  });

  it('renders the same variables and policy as before (snapshot)', () => {
    const compose = parse(files['docker/docker-compose.yml']);
    const catalogEnv = Object.fromEntries(Object.entries(compose.services.catalog.environment as Record<string, string>).filter(([k]) => k.startsWith('OTEL_')));
    const policy = objects(files, 'kubernetes/30-network-policies.yaml').find((p) => p.metadata.name === 'allow-catalog-to-otlp-endpoint');
    expect({ catalogEnv, policy }).toMatchSnapshot();
  });

  it('adds no collector', () => {
    expect(model.dependencies.map((d) => d.name)).not.toContain('otel-collector');
  });
});

describe('telemetry.collector', () => {
  const { files, topology } = synth(graphWith({ collector: true }));
  const model = topology.toModel();

  it('adds the otel-collector dependency from the official pinned image, with its configuration', () => {
    const collector = model.dependencies.find((d) => d.name === 'otel-collector')!;
    expect(collector.image).toMatch(/^otel\/opentelemetry-collector-contrib:\d+\.\d+\.\d+$/);
    expect(collector.port).toBe(4317);
    expect(collector.init).toEqual({ path: '/etc/otelcol-contrib', files: { 'config.yaml': COLLECTOR_CONFIG } });
    // The image is FROM scratch: the check is the collector binary itself, exec form.
    expect(collector.healthCheck.command).toEqual(['/otelcol-contrib', 'validate', '--config=/etc/otelcol-contrib/config.yaml']);
    const config = parse(COLLECTOR_CONFIG);
    expect(config.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } });
    expect(config.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
    expect(Object.keys(config.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    expect(files['docker/init/otel-collector/config.yaml']).toContain('receivers:');
  });

  it('is probed over HTTP by Kubernetes (health_check on 13133), never by spawning a program', () => {
    const set = objects(files, 'kubernetes/10-dependencies.yaml').find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'otel-collector');
    const container = set.spec.template.spec.containers[0];
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(container[probe].httpGet).toEqual({ path: '/', port: 13133, scheme: 'HTTP' });
      expect(container[probe].exec).toBeUndefined();
    }
    expect(set.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, runAsNonRoot: true });
  });

  it('points every service at it, with an edge that waits for nothing', () => {
    const services = model.services.filter((s) => s.containerized);
    for (const s of services) {
      const endpoint = s.env.find((e) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')!.value;
      expect(endpoint).toEqual({ kind: 'plain', value: 'http://otel-collector:4317' });
      expect(model.edges).toContainEqual({ from: s.name, to: 'otel-collector', targetKind: 'dependency', env: 'OTEL_EXPORTER_OTLP_ENDPOINT', wait: 'none' });
    }
    const compose = parse(files['docker/docker-compose.yml']);
    for (const s of services) {
      const dependsOn = compose.services[s.name].depends_on ?? {};
      expect(Object.keys(dependsOn)).not.toContain('otel-collector');
    }
    for (const o of objects(files, 'kubernetes/20-services.yaml').filter((x) => x.kind === 'Deployment')) {
      const init = (o.spec.template.spec.initContainers ?? []).map((c: { name: string }) => c.name);
      expect(init).not.toContain('wait-for-otel-collector');
    }
    expect(compose.services['otel-collector'].healthcheck.test).toEqual(['CMD', '/otelcol-contrib', 'validate', '--config=/etc/otelcol-contrib/config.yaml']);
  });

  it('opens the collector port from every service, by the edges', () => {
    const names = objects(files, 'kubernetes/30-network-policies.yaml').map((p) => p.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['allow-catalog-to-otel-collector', 'allow-otel-collector-from-catalog']));
    expect(names.filter((n) => n.endsWith('otlp-endpoint'))).toEqual([]);
  });

  it('listens on 4318 for http/protobuf', () => {
    const m = synth(graphWith({ collector: true, otlp: { protocol: 'http/protobuf' } })).topology.toModel();
    expect(m.dependencies.find((d) => d.name === 'otel-collector')!.port).toBe(4318);
    expect(m.services[0].env.find((e) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')!.value).toEqual({ kind: 'plain', value: 'http://otel-collector:4318' });
  });

  it('leaves a graph without telemetry as it was', () => {
    const plain = synth(shopGraph()).topology.toModel();
    expect(plain.dependencies.map((d) => d.name)).not.toContain('otel-collector');
    expect(plain.services.flatMap((s) => s.env.map((e) => e.name)).filter((n) => n.startsWith('OTEL_'))).toEqual([]);
    expect(plain).not.toHaveProperty('telemetry');
  });
});

describe('telemetry in code', () => {
  it('takes the same plain shape as the graph', () => {
    const app = Testing.app();
    const topology = new Topology(app, 'shop', { telemetry: { collector: true } });
    new WebService(topology, 'api', { runtime: 'image', image: 'ghcr.io/acme/api:1.0', port: 8080 });
    expect(topology.telemetryCollector?.name).toBe('otel-collector');
    const out = Testing.synth(app);
    expect(out.composeService('api').environment).toMatchObject({ OTEL_SERVICE_NAME: 'api', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4317' });
  });

  it('refuses a bad telemetry prop with the graph messages', () => {
    const app = Testing.app();
    expect(() => new Topology(app, 'shop', { telemetry: { otlp: { endpoint: 'ftp://x' } } })).toThrow(TopologyError);
  });
});

describe('telemetry problems', () => {
  const problems = (telemetry: unknown, edit: (g: any) => void = () => {}) => {
    const g: any = graphWith(telemetry);
    edit(g);
    return validateGraph(g).problems.map((p) => [p.message, p.expected, p.action].join(' | '));
  };

  it.each([
    ['no endpoint and no collector', {}, /otlp.endpoint/],
    ['both endpoint and collector', { collector: true, otlp: { endpoint: 'http://otel:4317' } }, /drop one/],
    ['an endpoint that is not http(s)', { otlp: { endpoint: 'grpc://otel:4317' } }, /endpoint/],
    ['credentials in the endpoint', { otlp: { endpoint: 'https://user:secret@otel.example.com' } }, /endpoint/],
    ['a port out of range', { otlp: { endpoint: 'http://otel:70000' } }, /65535/],
    ['an unknown protocol', { otlp: { endpoint: 'http://otel:4317', protocol: 'http/json' } }, /grpc/],
    ['an attribute key with a space', { collector: true, attributes: { 'my key': 'x' } }, /key/],
    ['a reserved attribute', { collector: true, attributes: { 'service.name': 'x' } }, /service.name/],
    ['a control character in a value', { collector: true, attributes: { team: 'a\u0007b' } }, /./],
    ['an unknown field', { collector: true, sampler: 'always' }, /sampler/],
  ])('refuses %s', (_, telemetry, pattern) => {
    const found = problems(telemetry);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(pattern);
  });

  it('refuses a service that sets an OTEL_* variable itself, naming the fix', () => {
    const found = problems({ collector: true }, (g) => {
      g.services[0].env = { ...(g.services[0].env ?? {}), OTEL_SERVICE_NAME: 'mine' };
    });
    expect(found.join('\n')).toMatch(/sets OTEL_SERVICE_NAME, which telemetry sets.*Remove OTEL_SERVICE_NAME/);
  });

  it('refuses an edge that sets an OTEL_* variable', () => {
    const found = problems({ collector: true }, (g) => {
      g.edges[0].env = 'OTEL_EXPORTER_OTLP_ENDPOINT';
    });
    expect(found.join('\n')).toMatch(/sets OTEL_EXPORTER_OTLP_ENDPOINT, which telemetry sets/);
  });

  it('refuses a member named otel-collector beside collector: true', () => {
    const found = problems({ collector: true }, (g) => {
      g.dependencies.push({ name: 'otel-collector', type: 'redis' });
    });
    expect(found.join('\n')).toMatch(/otel-collector/);
  });

  it('accepts a service variable of that name without telemetry', () => {
    const g: any = shopGraph();
    g.services[0].env = { ...(g.services[0].env ?? {}), OTEL_SERVICE_NAME: 'mine' };
    expect(validateGraph(g).problems).toEqual([]);
  });
});

describe('OTEL_RESOURCE_ATTRIBUTES escaping', () => {
  it.each([
    ['plain-value_1.0~', 'plain-value_1.0~'],
    ['a,b', 'a%2Cb'],
    ['k=v', 'k%3Dv'],
    ['50%', '50%25'],
    ['$HOME ${X}', '%24HOME%20%24%7BX%7D'],
    ['"quoted"', '%22quoted%22'],
    ['café', 'caf%C3%A9'],
  ])('encodes %j', (value, encoded) => {
    expect(otelAttributeValue(value)).toBe(encoded);
    expect(decodeURIComponent(encoded)).toBe(value);
  });

  it('refuses a control character', () => {
    expect(() => otelAttributeValue('a\nb')).toThrow();
  });
});
