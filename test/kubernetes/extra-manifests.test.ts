/**
 * `kubernetes.extraManifests` (issue 18): the user's own objects, read with the graph (inside its
 * directory, regular files, YAML documents that are each an object), written to
 * kubernetes/90-extra.yaml with topograph's serializer and marker, namespaced, validated, linted;
 * and the same objects from code (`kubernetesManifests`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Topology, TopographApp } from '../../src';
import { loadGraphFile } from '../../src/graph/load';
import { lintFiles } from '../../src/lint';
import { Testing } from '../../src/testing';
import { isGenerated } from '../../src/render/marker';

const SERVICE_MONITOR = `# Prometheus Operator: scrape the api
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: api
  labels: { release: prometheus }
spec:
  selector:
    matchLabels: { app.kubernetes.io/name: api }
  endpoints:
    - port: http
      interval: 30s
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: api-reader
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-extra
  namespace: tools
data:
  script.sh: |
    #!/bin/sh
    echo "\${HOME} $(date)"
`;

function project(files: Record<string, string>, extraManifests: unknown = ['k8s/monitoring.yaml']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-extra-'));
  const graph = {
    name: 'shop',
    services: [{ name: 'api', archetype: 'web-service', runtime: 'image', image: 'ghcr.io/acme/api:1.0.0', user: 10001, port: 8080, public: true }],
    kubernetes: { extraManifests },
  };
  fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function synthDir(dir: string): Record<string, string> {
  const loaded = loadGraphFile(path.join(dir, 'topology-graph.json'));
  expect(loaded.problems).toEqual([]);
  const app = new TopographApp({ outdir: path.join(dir, 'dist') });
  Topology.fromGraph(app, 'shop', loaded.graph, { baseDir: loaded.baseDir });
  return app.synthFiles();
}

function problemsOf(dir: string): string {
  return loadGraphFile(path.join(dir, 'topology-graph.json'))
    .problems.map((p) => [p.message, p.value, p.expected, p.action].filter(Boolean).join(' | '))
    .join('\n');
}

describe('extra manifests from the graph', () => {
  const files = synthDir(project({ 'k8s/monitoring.yaml': SERVICE_MONITOR }));
  const text = files['kubernetes/90-extra.yaml'];
  const objects = parseAllDocuments(text).map((d) => d.toJS());

  it('writes them to kubernetes/90-extra.yaml with the generated marker, sorted by kind and name', () => {
    expect(isGenerated(text)).toBe(true);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/api-extra', 'ClusterRole/api-reader', 'ServiceMonitor/api']);
    expect(text).toMatchSnapshot();
  });

  it('gives namespaced kinds the topology namespace, keeps a namespace given and leaves cluster-scoped kinds without one', () => {
    const ns = Object.fromEntries(objects.map((o) => [o.kind, o.metadata.namespace]));
    expect(ns).toEqual({ ServiceMonitor: 'shop', ClusterRole: undefined, ConfigMap: 'tools' });
  });

  it('keeps the objects as written: no labels added, multi-line strings intact', () => {
    const monitor = objects.find((o) => o.kind === 'ServiceMonitor');
    expect(monitor.metadata.labels).toEqual({ release: 'prometheus' });
    expect(objects.find((o) => o.kind === 'ConfigMap').data['script.sh']).toBe('#!/bin/sh\necho "${HOME} $(date)"\n');
  });

  it('validates the core kinds against the Kubernetes OpenAPI schemas', () => {
    for (const o of objects.filter((x) => !x.apiVersion.includes('coreos'))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const model = require(`kubernetes-models/${o.apiVersion}/${o.kind}`)[o.kind];
      expect(() => new model(o).validate()).not.toThrow();
    }
  });

  it('lints the file with the generated ones, and the generated policies select the public service', () => {
    const result = lintFiles(files);
    expect(result.files.map((f) => f.path)).toContain('kubernetes/90-extra.yaml');
    expect(result.findings.filter((f) => f.rule === 'kubernetes-public-without-network-policy')).toEqual([]);
  });

  it('flags a public Service of the user with no policy selecting its pods', () => {
    const exposed = `apiVersion: v1
kind: Service
metadata:
  name: debug
spec:
  type: NodePort
  selector: { app: debug }
  ports: [{ port: 80 }]
`;
    const out = synthDir(project({ 'k8s/monitoring.yaml': exposed }));
    const found = lintFiles(out).findings.filter((f) => f.rule === 'kubernetes-public-without-network-policy');
    expect(found).toMatchObject([{ file: 'kubernetes/90-extra.yaml', service: 'debug' }]);
  });

  it('changes nothing for a graph without them', () => {
    expect(Object.keys(files).filter((f) => f.includes('90-extra'))).toEqual(['kubernetes/90-extra.yaml']);
    const dir = project({});
    const graph = JSON.parse(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8'));
    delete graph.kubernetes;
    fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph));
    expect(Object.keys(synthDir(dir)).filter((f) => f.includes('90-extra'))).toEqual([]);
  });
});

describe('extra manifest problems, all at once, with file and line', () => {
  it.each([
    ['a path outside the graph directory', {}, ['../outside.yaml'], /extraManifests/],
    ['a missing file', {}, ['k8s/missing.yaml'], /not found/],
    ['a file that is not YAML', { 'k8s/bad.yaml': 'kind: [unclosed\n' }, ['k8s/bad.yaml'], /k8s\/bad.yaml:\d+ is not valid YAML/],
    ['a document that is not a mapping', { 'k8s/list.yaml': '- a\n- b\n' }, ['k8s/list.yaml'], /k8s\/list.yaml:1: the document is not a Kubernetes object/],
    ['a missing kind', { 'k8s/x.yaml': 'apiVersion: v1\nmetadata: { name: a }\n' }, ['k8s/x.yaml'], /k8s\/x.yaml:1: the object has no kind/],
    ['a bad name', { 'k8s/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_DNS\n' }, ['k8s/x.yaml'], /k8s\/x.yaml:4: invalid metadata.name.*"Not_DNS"/],
    ['a file that is not .yaml', { 'k8s/x.json': '{}' }, ['k8s/x.json'], /extraManifests/],
    ['an alias bomb', { 'k8s/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m { name: a }\ndata: *m\n' }, ['k8s/x.yaml'], /alias|cannot be read/i],
  ])('refuses %s', (_, files, manifests, pattern) => {
    expect(problemsOf(project(files as Record<string, string>, manifests))).toMatch(pattern);
  });

  it('refuses a Secret with data, naming the fix, and never shows its value', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: { name: api }\nstringData:\n  TOKEN: hunter2-very-secret\n';
    const found = problemsOf(project({ 'k8s/secret.yaml': secret }, ['k8s/secret.yaml']));
    expect(found).toMatch(/k8s\/secret.yaml:4: a Secret with values.*create it in the cluster yourself/);
    expect(found).not.toContain('hunter2');
  });

  it('refuses a symbolic link that leaves the graph directory', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-outside-'));
    fs.writeFileSync(path.join(outside, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n');
    const dir = project({}, ['k8s/link.yaml']);
    fs.mkdirSync(path.join(dir, 'k8s'));
    fs.symlinkSync(path.join(outside, 'x.yaml'), path.join(dir, 'k8s', 'link.yaml'));
    expect(problemsOf(dir)).toMatch(/lies outside the graph's directory/);
  });

  it('refuses a directory and a FIFO', () => {
    const dir = project({}, ['k8s/dir.yaml']);
    fs.mkdirSync(path.join(dir, 'k8s', 'dir.yaml'), { recursive: true });
    expect(problemsOf(dir)).toMatch(/not a regular file/);
  });

  it('refuses a file over 1 MiB', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata:\n  x: "${'a'.repeat(1024 * 1024)}"\n`;
    expect(problemsOf(project({ 'k8s/big.yaml': big }, ['k8s/big.yaml']))).toMatch(/too large/);
  });

  it('reports them beside the graph\'s own problems', () => {
    const dir = project({ 'k8s/x.yaml': '- x\n' }, ['k8s/x.yaml']);
    const graph = JSON.parse(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8'));
    graph.services[0].port = 0;
    fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph));
    const found = problemsOf(dir);
    expect(found).toMatch(/port/);
    expect(found).toMatch(/x.yaml:1: the document is not/);
  });

  it('reports the problems of every file and document together', () => {
    const found = problemsOf(
      project({ 'k8s/a.yaml': 'apiVersion: v1\nmetadata: { name: a }\n---\nkind: ConfigMap\nmetadata: { name: b }\n', 'k8s/b.yaml': '- x\n' }, ['k8s/a.yaml', 'k8s/b.yaml', 'k8s/c.yaml']),
    );
    expect(found).toMatch(/a.yaml:1: the object has no kind/);
    expect(found).toMatch(/a.yaml:4: the object has no apiVersion/);
    expect(found).toMatch(/b.yaml:1: the document is not/);
    expect(found).toMatch(/c.yaml not found/);
  });
});

describe('extra manifests in code', () => {
  it('refuses an object that has the kind and name of a generated one', () => {
    const app = Testing.app();
    const topology = new Topology(app, 'shop', { kubernetesManifests: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { ports: [{ port: 1 }] } }] });
    new (require('../../src').WebService)(topology, 'api', { runtime: 'image', image: 'ghcr.io/acme/api:1.0.0', port: 8080 });
    expect(() => Testing.synth(app)).toThrow(/Your object Service\/api \(kubernetes.extraManifests\) has the kind and name of one topograph generates/);
  });

  it('takes plain objects, validated with the same rules', () => {
    const app = Testing.app();
    const topology = new Topology(app, 'shop', {
      kubernetesManifests: [{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'extra' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } } }],
    });
    new (require('../../src').WebService)(topology, 'api', { runtime: 'image', image: 'ghcr.io/acme/api:1.0.0', port: 8080 });
    expect(Testing.synth(app).manifest('PodDisruptionBudget', 'extra').metadata).toEqual({ name: 'extra', namespace: 'shop' });
    expect(() => new Topology(Testing.app(), 'bad', { kubernetesManifests: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { A: 'eA==' } }] })).toThrow(
      /kubernetesManifests\[0\]: a Secret with values/,
    );
  });
});
