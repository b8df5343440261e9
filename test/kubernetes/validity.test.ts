/**
 * Every manifest is something a cluster accepts: valid against the Kubernetes OpenAPI schemas
 * (kubernetes-models), with valid names, admitted by the restricted Pod Security Standard, and
 * read back identically by YAML 1.1 (kubectl) and 1.2 readers.
 */
import { edgesGraph } from '../edges/graph';
import { parseAllDocuments } from 'yaml';
import { labGraph, type Manifest, podTemplate, portsGraph, render, type Rendered, shopGraph, WORKLOAD_KINDS } from './helpers';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-)){0,13}[a-z0-9]$|^[a-z]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The kubernetes-models class for an object: `kubernetes-models/<apiVersion>/<Kind>`. */
function validateSchema(o: Manifest): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require(`kubernetes-models/${o.apiVersion}/${o.kind}`)[o.kind];
  new model(o).validate();
}

/** The shop with catalog listening on port 80 (its pod gets a sysctl). */
function lowPortGraph() {
  const graph = shopGraph();
  graph.services[0].ports = [{ port: 80, host: 80 }];
  return graph;
}

const cases: Array<[string, () => Rendered]> = [
  ['shop example', () => render(shopGraph())],
  ['every archetype', () => render(labGraph())],
  ['a service on port 80', () => render(lowPortGraph())],
  ['every kind of port and health check', () => render(portsGraph())],
  ['every edge field (issue 17)', () => render(edgesGraph())],
  ['telemetry with the collector (issue 18)', () => render({ ...shopGraph(), telemetry: { collector: true, attributes: { team: 'a, b=c' } } })],
  ['telemetry to an endpoint outside (issue 18)', () => render({ ...shopGraph(), telemetry: { otlp: { endpoint: 'https://otel.example.com/otlp', protocol: 'http/protobuf' } } })],
];

/** Sysctls the baseline (hence restricted) Pod Security Standard admits. */
const SAFE_SYSCTLS = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range'];

describe.each(cases)('%s', (_, make) => {
  const r = make();

  it('validates every object against the Kubernetes OpenAPI schemas', () => {
    expect(r.objects.length).toBeGreaterThan(20);
    for (const { file, object } of r.objects) {
      expect(() => validateSchema(object)).not.toThrow();
      expect(file).toBeTruthy();
    }
  });

  it('would notice an invalid object (the schema check can fail)', () => {
    const deployment = r.all('Deployment')[0];
    expect(() => validateSchema({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } })).toThrow(/replicas/);
    expect(() => validateSchema({ ...deployment, spec: { ...deployment.spec, selector: undefined } })).toThrow(/selector/);
  });

  it('names everything validly (DNS-1123), and never "undefined"', () => {
    for (const { object } of r.objects) {
      const name = object.metadata.name ?? object.metadata.generateName!.replace(/-$/, '');
      const rule = object.kind === 'Service' ? DNS_1035_LABEL : object.kind === 'Namespace' ? DNS_LABEL : DNS_SUBDOMAIN;
      expect({ kind: object.kind, name, valid: rule.test(name) && name.length <= (object.kind === 'Service' || object.kind === 'Namespace' ? 63 : 253) }).toEqual({
        kind: object.kind,
        name,
        valid: true,
      });
      for (const value of Object.values(object.metadata.labels ?? {})) expect(value).toMatch(LABEL_VALUE);
      if (object.kind === 'Service') for (const p of object.spec.ports) expect(p.name).toMatch(IANA_SVC_NAME);
      if (WORKLOAD_KINDS.includes(object.kind)) {
        const spec = podTemplate(object).spec;
        for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
          expect(c.name).toMatch(DNS_LABEL);
          expect(c.name.length).toBeLessThanOrEqual(63);
          for (const p of c.ports ?? []) expect(p.name).toMatch(IANA_SVC_NAME);
        }
        for (const v of spec.volumes ?? []) expect(v.name).toMatch(DNS_LABEL);
      }
    }
    for (const text of Object.values(r.files)) expect(text).not.toMatch(/\bundefined\b|:\s+null$|\bNaN\b|\[object Object\]/m);
  });

  it('meets the restricted Pod Security Standard in every pod', () => {
    const allowedVolumes = ['configMap', 'emptyDir', 'persistentVolumeClaim', 'secret', 'projected', 'downwardAPI', 'csi', 'ephemeral'];
    for (const w of r.objects.map((o) => o.object).filter((o) => WORKLOAD_KINDS.includes(o.kind))) {
      const spec = podTemplate(w).spec;
      expect(spec.hostNetwork ?? false).toBe(false);
      expect(spec.hostPID ?? false).toBe(false);
      expect(spec.hostIPC ?? false).toBe(false);
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      for (const sysctl of spec.securityContext.sysctls ?? []) expect(SAFE_SYSCTLS).toContain(sysctl.name);
      for (const v of spec.volumes ?? []) expect(allowedVolumes).toContain(Object.keys(v).find((k) => k !== 'name'));
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
        const sc = c.securityContext;
        expect(sc.privileged).toBe(false);
        expect(sc.allowPrivilegeEscalation).toBe(false);
        expect(sc.capabilities.drop).toContain('ALL');
        expect(sc.capabilities.add ?? []).toEqual([]);
        expect(sc.runAsUser ?? 1).not.toBe(0);
        expect(c.ports?.some((p: any) => p.hostPort) ?? false).toBe(false);
      }
    }
  });

  it('reads back identically as YAML 1.1 (kubectl) and YAML 1.2', () => {
    for (const text of Object.values(r.files)) {
      const as11 = parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
      const as12 = parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS());
      expect(as11).toEqual(as12);
      for (const d of parseAllDocuments(text)) expect(d.errors).toEqual([]);
    }
  });
});
