/**
 * Properties of every valid graph (generated, seeded): the output is the same whatever order the
 * graph lists things in, and every file is valid for the tool that reads it — compose files against
 * the Compose Specification schema, manifests against the Kubernetes schemas, Dockerfiles through
 * a Dockerfile parser — and nothing trips an error-level hardening rule. On failure fast-check prints the seed and the shrunk counterexample.
 */
import { validateHttpRoute } from './helpers/http-route';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DiagnosticSeverity, validate as lintDockerfile } from 'dockerfile-utils';
import * as fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { lintFiles, type TopologyGraph, validateGraph } from '../src';
import { shuffled, synth } from './helpers/shop';
import { params, reordered, validGraph } from './property/arbitraries';

const { $schema: _meta, ...composeSchema } = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', 'compose-spec.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateCompose = ajv.compile(composeSchema);

function validateManifest(o: { apiVersion: string; kind: string }): void {
  if (o.kind === 'HTTPRoute') return validateHttpRoute(o); // B (issue 18): no kubernetes-models for the Gateway API
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require(`kubernetes-models/${o.apiVersion}/${o.kind}`)[o.kind];
  new model(o).validate();
}

it('the generator makes graphs the validator accepts (so the properties below are about valid graphs)', () => {
  fc.assert(
    fc.property(validGraph, (graph) => {
      expect(validateGraph(graph).problems).toEqual([]);
    }),
    params(200),
  );
});

it('every generated file is valid (compose schema, Kubernetes schemas, Dockerfile parser) and passes the error-level lint rules', () => {
  fc.assert(
    fc.property(validGraph, (graph) => {
      const { app, files: layout } = synth(graph);
      // With environments: the base, and each environment flattened (what its overlay and compose override add up to).
      for (const env of Object.keys(graph.environments ?? {})) checkGenerated(graph, app.synthFiles({ environment: env }));
      checkGenerated(graph, layout);
    }),
    params(25),
  );
});

/** The checks of every generated file, on one render (the overlays' patch files are checked through their flattened render). */
function checkGenerated(graph: TopologyGraph, all: Record<string, string>): void {
  const files = Object.fromEntries(Object.entries(all).filter(([f]) => !f.startsWith('kubernetes-overlays/') && f !== 'kubernetes/Kustomization' && !/^docker\/docker-compose\.[^/]+\.yml$/.test(f)));
  const compose = parse(files['docker/docker-compose.yml']);
  validateCompose(compose);
  expect(validateCompose.errors ?? []).toEqual([]);

  const manifests = Object.entries(files).filter(([f]) => f.startsWith('kubernetes/'));
  expect(manifests.length).toBeGreaterThan(0);
  for (const [file, text] of manifests) {
    for (const doc of parseAllDocuments(text, { version: '1.1' })) {
      expect({ file, errors: doc.errors }).toEqual({ file, errors: [] });
      const object = doc.toJS();
      // No published models of the External Secrets Operator here (test/kubernetes/secret-store.test.ts checks its shape).
      if (object?.kind === 'ExternalSecret') expect(object.apiVersion).toBe('external-secrets.io/v1');
      else if (object) expect(() => validateManifest(object)).not.toThrow();
    }
  }

  const dockerfiles = Object.entries(files).filter(([f]) => f.startsWith('docker/Dockerfile.'));
  // One per service whose Dockerfile topograph writes: not libraries, not runtimes "dockerfile" (its own) and "image" (prebuilt).
  expect(dockerfiles.length).toBe(graph.services.filter((s) => s.archetype !== 'library' && s.runtime !== 'dockerfile' && s.runtime !== 'image').length);
  for (const [file, text] of dockerfiles) {
    const findings = lintDockerfile(text).filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
    expect({ file, findings: findings.map((d) => `${d.range.start.line + 1}: ${d.message}`) }).toEqual({ file, findings: [] });
  }

  // Our generators never produce an error-level hardening finding, whatever the valid graph.
  expect(lintFiles(files).findings.filter((f) => f.severity === 'error')).toEqual([]);
}

it('autoscale and the secret store render as declared (issue 18)', () => {
  let autoscaled = 0;
  let stored = 0;
  fc.assert(
    fc.property(validGraph, (graph) => {
      const { files } = synth(graph, { targets: ['k8s'] });
      const objects = Object.entries(files)
        .filter(([f]) => f.startsWith('kubernetes/') && f !== 'kubernetes/Kustomization')
        .flatMap(([, text]) => parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS()))
        .filter(Boolean);
      const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
      for (const s of graph.services) {
        const hpa = find('HorizontalPodAutoscaler', s.name);
        if (!s.autoscale) {
          expect(hpa).toBeUndefined();
          continue;
        }
        autoscaled++;
        expect(hpa.spec).toMatchObject({ minReplicas: s.autoscale.min, maxReplicas: s.autoscale.max, scaleTargetRef: { kind: 'Deployment', name: s.name } });
        expect(find('Deployment', s.name).spec.replicas).toBeUndefined();
        if (s.autoscale.max > 1) expect(find('PodDisruptionBudget', s.name).spec).toEqual(expect.objectContaining({ maxUnavailable: 1 }));
      }
      const es = objects.find((o) => o.kind === 'ExternalSecret');
      if (!graph.secretStore) expect(es).toBeUndefined();
      else if (es) {
        stored++;
        const referenced = new Set<string>();
        JSON.stringify(objects, (k, v) => (k === 'secretKeyRef' ? (referenced.add(v.key), v) : v));
        expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual([...referenced].sort());
        expect(es.spec.secretStoreRef.name).toBe(graph.secretStore.name);
      }
    }),
    params(25),
  );
  // The generator reaches both features (else the property says nothing).
  expect(autoscaled).toBeGreaterThan(0);
  expect(stored).toBeGreaterThan(0);
});

it('output is identical whatever order services, dependencies, edges, env and secrets are listed in', () => {
  fc.assert(
    fc.property(validGraph, fc.integer({ min: 1, max: 2 ** 30 }), (graph, seed) => {
      const before = synth(graph).files;
      const after = synth(reordered(graph, seed, shuffled)).files;
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const file of Object.keys(before)) expect({ file, text: after[file] }).toEqual({ file, text: before[file] });
    }),
    params(25),
  );
});
