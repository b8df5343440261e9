/**
 * The Kustomize layout of environments (src/kubernetes/kustomize.ts) on hand-made renders, and the
 * invariant on real ones: base + overlay gives exactly the environment's objects. Here the overlay
 * is applied by an emulation with its own RFC 6902 applier (json-patch-apply.ts); test/system/
 * kustomize.test.ts checks the same with the real `kubectl kustomize`.
 */
import { jsonDiff, pointerToken } from '../../src/kubernetes/json-patch';
import { kustomizeLayout } from '../../src/kubernetes/kustomize';
import { renderKubernetes } from '../../src/kubernetes';
import { type ManifestObject, toYamlDocuments, withHeader } from '../../src/kubernetes/serialize';
import { isGenerated } from '../../src/marker';
import { applyJsonPatch, emulateKustomize, objectsOfFiles, parseObjects } from './json-patch-apply';
import { modelOf, shopGraph } from './helpers';

const file = (...objects: ManifestObject[]) => withHeader(['hand-made'], toYamlDocuments(objects));

function deployment(name: string, replicas: number, env: Array<{ name: string; value: string }> = [], labels: Record<string, string> = {}): ManifestObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels: { 'app.kubernetes.io/name': name, ...labels } },
    spec: { replicas, template: { spec: { containers: [{ name, image: `${name}:1`, env }] } } },
  };
}

function configMap(name: string, data: Record<string, string>): ManifestObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' }, data };
}

const namespace: ManifestObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

function baseFiles(): Record<string, string> {
  return {
    '00-namespace.yaml': file(namespace),
    '20-services.yaml': file(configMap('web-config', { LOG_LEVEL: 'info' }), deployment('web', 1, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }])),
  };
}

/** Every object an overlay builds (emulated), by key, against the environment's own. */
function expectEquivalent(layout: Record<string, string>, env: string, envFiles: Record<string, string>) {
  const built = emulateKustomize(layout, env);
  const wanted = objectsOfFiles(envFiles);
  expect([...built.keys()].sort()).toEqual([...wanted.keys()].sort());
  for (const [key, object] of wanted) expect({ key, object: built.get(key) }).toEqual({ key, object });
}

describe('jsonDiff', () => {
  it('escapes ~ and / in keys as RFC 6901 says', () => {
    expect(pointerToken('a/b~c')).toBe('a~1b~0c');
    expect(jsonDiff({ l: { 'a/b~c': '1' } }, { l: { 'a/b~c': '2' } })).toEqual([{ op: 'replace', path: '/l/a~1b~0c', value: '2' }]);
  });

  it('recurses into maps and into lists of the same items; replaces other changed lists', () => {
    const env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
    expect(jsonDiff({ env }, { env: [env[0], { name: 'B', value: '3' }] })).toEqual([{ op: 'replace', path: '/env/1/value', value: '3' }]);
    // Another item at an index, or another length: the whole list.
    expect(jsonDiff({ env }, { env: [env[1], env[0]] })).toEqual([{ op: 'replace', path: '/env', value: [env[1], env[0]] }]);
    expect(jsonDiff({ env }, { env: [env[0]] })).toEqual([{ op: 'replace', path: '/env', value: [env[0]] }]);
    expect(jsonDiff({ args: ['a', 'b'] }, { args: ['a', 'c'] })).toEqual([{ op: 'replace', path: '/args', value: ['a', 'c'] }]);
  });

  it('adds, removes and replaces keys in key order, and nothing for equal values', () => {
    expect(jsonDiff({ b: 1, a: { x: 1 }, c: 3 }, { a: { x: 1 }, b: 2, d: [] })).toEqual([
      { op: 'replace', path: '/b', value: 2 },
      { op: 'remove', path: '/c' },
      { op: 'add', path: '/d', value: [] },
    ]);
    expect(jsonDiff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(jsonDiff({ a: { b: 1 } }, { a: 'text' })).toEqual([{ op: 'replace', path: '/a', value: 'text' }]);
  });
});

describe('kustomizeLayout on hand-made renders', () => {
  it('keeps the base files as they are, with a kustomization listing the applied files', () => {
    const base = { ...baseFiles(), 'tools/admin.yaml': file(configMap('admin', {})) };
    const layout = kustomizeLayout(base, {});
    for (const [name, content] of Object.entries(base)) expect(layout[`kubernetes/${name}`]).toBe(content); // (no path in these headers)
    const kustomization = parseObjects(layout['kubernetes/Kustomization'])[0];
    expect(kustomization).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['00-namespace.yaml', '20-services.yaml'] });
  });

  it('a replicas change is one replace operation, with a target naming the object', () => {
    const envFiles = { ...baseFiles(), '20-services.yaml': file(configMap('web-config', { LOG_LEVEL: 'info' }), deployment('web', 3, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }])) };
    const layout = kustomizeLayout(baseFiles(), { prod: envFiles });
    expect(parseObjects(layout['kubernetes-overlays/prod/patches/deployment-web.yaml'])[0]).toEqual([{ op: 'replace', path: '/spec/replicas', value: 3 }]);
    expect(parseObjects(layout['kubernetes-overlays/prod/kustomization.yaml'])[0]).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../kubernetes'],
      patches: [{ path: 'patches/deployment-web.yaml', target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'web', namespace: 'shop' } }],
    });
    expect(Object.keys(layout).filter((f) => f.startsWith('kubernetes-overlays/'))).toEqual(['kubernetes-overlays/prod/kustomization.yaml', 'kubernetes-overlays/prod/patches/deployment-web.yaml']);
    expectEquivalent(layout, 'prod', envFiles);
  });

  it('an environment variable change patches the value in place; a ConfigMap change patches data', () => {
    const envFiles = {
      ...baseFiles(),
      '20-services.yaml': file(configMap('web-config', { LOG_LEVEL: 'debug' }), deployment('web', 1, [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }])),
    };
    const layout = kustomizeLayout(baseFiles(), { staging: envFiles });
    expect(parseObjects(layout['kubernetes-overlays/staging/patches/deployment-web.yaml'])[0]).toEqual([
      { op: 'replace', path: '/spec/template/spec/containers/0/env/1/value', value: 'two' },
    ]);
    expect(parseObjects(layout['kubernetes-overlays/staging/patches/configmap-web-config.yaml'])[0]).toEqual([{ op: 'replace', path: '/data/LOG_LEVEL', value: 'debug' }]);
    // Core-group target: no group.
    const patches = parseObjects(layout['kubernetes-overlays/staging/kustomization.yaml'])[0].patches;
    expect(patches[0]).toEqual({ path: 'patches/configmap-web-config.yaml', target: { version: 'v1', kind: 'ConfigMap', name: 'web-config', namespace: 'shop' } });
    expectEquivalent(layout, 'staging', envFiles);
  });

  it('an object only the environment has is a file of the overlay, listed in resources', () => {
    const hpa: ManifestObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, spec: { minReplicas: 2, maxReplicas: 5 } };
    const extra = configMap('extra', { A: 'b' });
    const envFiles = { ...baseFiles(), '20-services.yaml': baseFiles()['20-services.yaml'].replace('hand-made', 'hand-made') + toYamlDocuments([hpa]), '90-extra.yaml': file(extra) };
    const layout = kustomizeLayout(baseFiles(), { prod: envFiles });
    const kustomization = parseObjects(layout['kubernetes-overlays/prod/kustomization.yaml'])[0];
    expect(kustomization.resources).toEqual(['../../kubernetes', '20-services.yaml', '90-extra.yaml']);
    expect(kustomization.patches).toBeUndefined();
    expect(parseObjects(layout['kubernetes-overlays/prod/20-services.yaml'])).toEqual([hpa]);
    expect(parseObjects(layout['kubernetes-overlays/prod/90-extra.yaml'])).toEqual([extra]);
    expectEquivalent(layout, 'prod', envFiles);
  });

  it('an object only the base has is removed by a strategic-merge $patch: delete', () => {
    const envFiles = { ...baseFiles(), '20-services.yaml': file(deployment('web', 1, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }])) };
    const layout = kustomizeLayout(baseFiles(), { prod: envFiles });
    expect(parseObjects(layout['kubernetes-overlays/prod/patches/configmap-web-config.yaml'])[0]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-config', namespace: 'shop' },
      $patch: 'delete',
    });
    expect(parseObjects(layout['kubernetes-overlays/prod/kustomization.yaml'])[0].patches).toEqual([{ path: 'patches/configmap-web-config.yaml' }]);
    expectEquivalent(layout, 'prod', envFiles);
  });

  it('a tool template that differs is a whole file of the overlay, never a resource', () => {
    const base = { ...baseFiles(), 'tools/admin.yaml': file(configMap('admin', { A: '1' })), 'tools/same.yaml': file(configMap('same', {})) };
    const envFiles = { ...base, 'tools/admin.yaml': file(configMap('admin', { A: '2' })) };
    const layout = kustomizeLayout(base, { prod: envFiles });
    expect(layout['kubernetes-overlays/prod/tools/admin.yaml']).toBe(envFiles['tools/admin.yaml']);
    expect(layout['kubernetes-overlays/prod/tools/same.yaml']).toBeUndefined();
    expect(parseObjects(layout['kubernetes-overlays/prod/kustomization.yaml'])[0].resources).toEqual(['../../kubernetes']);
    expect(layout['kubernetes-overlays/prod/kustomization.yaml']).toMatch(/# cli-tool Job templates of this environment \(run on demand, not resources\): tools\/admin.yaml, ..\/..\/kubernetes\/tools\/same.yaml\.\n/);
  });

  it('a tool template’s header names where it now is', () => {
    const tool = (data: string) => withHeader(['Run it once: kubectl create -f <output directory>/kubernetes/tools/admin.yaml'], toYamlDocuments([configMap('admin', { A: data })]));
    const layout = kustomizeLayout({ 'tools/admin.yaml': tool('1') }, { prod: { 'tools/admin.yaml': tool('2') } });
    expect(layout['kubernetes/tools/admin.yaml']).toMatch(/kubectl create -f <output directory>\/kubernetes\/tools\/admin.yaml\n/);
    expect(layout['kubernetes-overlays/prod/tools/admin.yaml']).toMatch(/kubectl create -f <output directory>\/kubernetes-overlays\/prod\/tools\/admin.yaml\n/);
    expect(parseObjects(layout['kubernetes-overlays/prod/tools/admin.yaml'])).toEqual([configMap('admin', { A: '2' })]);
  });

  it('hostile keys and strings round-trip through the patches', () => {
    const hostile = ['yes', 'on', '~', 'a: b', '#x', '- y', '"q"', "it's", 'line\nbreak\n', '\u2028sep', '\u0085nel', 'tab\there', '0x1F', '1e3', '', ' lead', '{}', '[a]', '*alias', '&anchor', '!tag', '%dir', '@at', '`tick`'];
    const data = (suffix: string) => Object.fromEntries(hostile.map((h, i) => [`${h}/~${i}`, `${h}${suffix}`]));
    const withProto = (suffix: string) => Object.defineProperty(data(suffix), '__proto__', { value: `proto${suffix}`, enumerable: true, writable: true, configurable: true });
    const base = { '20-services.yaml': file(configMap('hostile', withProto(''))) };
    const envFiles = { '20-services.yaml': file(configMap('hostile', withProto('!')), configMap('new', withProto('?'))) };
    const layout = kustomizeLayout(base, { prod: envFiles });
    const ops = parseObjects(layout['kubernetes-overlays/prod/patches/configmap-hostile.yaml'])[0];
    expect(ops).toHaveLength(hostile.length + 1);
    expect(ops.map((op: { path: string }) => op.path)).toContain('/data/__proto__');
    expectEquivalent(layout, 'prod', envFiles);
    const built = emulateKustomize(layout, 'prod');
    const hostileObject = [...built.values()].find((o) => o.metadata.name === 'hostile');
    expect(Object.prototype.hasOwnProperty.call(hostileObject.data, '__proto__')).toBe(true);
    expect(hostileObject.data['line\nbreak\n/~8']).toBe('line\nbreak\n!');
  });

  it('every file carries the generated marker', () => {
    const envFiles = { ...baseFiles(), '20-services.yaml': file(deployment('web', 2)), '90-extra.yaml': file(configMap('x', {})) };
    const layout = kustomizeLayout(baseFiles(), { prod: envFiles });
    expect(Object.keys(layout).length).toBeGreaterThan(5);
    for (const [name, content] of Object.entries(layout)) expect({ name, generated: isGenerated(content) }).toEqual({ name, generated: true });
  });

  it('is deterministic: the same files whatever the order of environments, files and keys', () => {
    const envA = { ...baseFiles(), '20-services.yaml': file(deployment('web', 2, [], { b: '1', a: '2' })) };
    const envB = { '90-extra.yaml': file(configMap('x', {})), ...baseFiles() };
    const once = kustomizeLayout(baseFiles(), { b: envB, a: envA });
    const reversed = Object.fromEntries(Object.entries(baseFiles()).reverse());
    const again = kustomizeLayout(reversed, { a: envA, b: envB });
    expect(Object.entries(again)).toEqual(Object.entries(once));
    expect(Object.keys(once)).toEqual([...Object.keys(once)].sort());
  });

  it('names two objects of one kind and name apart (another namespace)', () => {
    const a = { ...configMap('same', { A: '1' }), metadata: { name: 'same', namespace: 'one' } };
    const b = { ...configMap('same', { A: '1' }), metadata: { name: 'same', namespace: 'two' } };
    const base = { '90-extra.yaml': file(a, b) };
    const envFiles = { '90-extra.yaml': file({ ...a, data: { A: '2' } }, { ...b, data: { A: '3' } }) };
    const layout = kustomizeLayout(base, { prod: envFiles });
    expect(parseObjects(layout['kubernetes-overlays/prod/kustomization.yaml'])[0].patches.map((p: { path: string }) => p.path)).toEqual([
      'patches/configmap-same.yaml',
      'patches/configmap-same-two.yaml',
    ]);
    expectEquivalent(layout, 'prod', envFiles);
  });

  it('escapes the dots of a target (Kustomize reads it as a regular expression): a.b never selects axb', () => {
    const base = { '90-extra.yaml': file(configMap('a.b', { A: '1' }), configMap('axb', { A: '1' })) };
    const envFiles = { '90-extra.yaml': file(configMap('a.b', { A: '2' }), configMap('axb', { A: '1' })) };
    const layout = kustomizeLayout(base, { prod: envFiles });
    expect(parseObjects(layout['kubernetes-overlays/prod/kustomization.yaml'])[0].patches).toEqual([
      { path: 'patches/configmap-a.b.yaml', target: { version: 'v1', kind: 'ConfigMap', name: 'a\\.b', namespace: 'shop' } },
    ]);
    expectEquivalent(layout, 'prod', envFiles);
  });

  it('refuses a file name that is not a manifest, and an environment name that is not a DNS label', () => {
    expect(() => kustomizeLayout({ '../x.yaml': file(namespace) }, {})).toThrow(/"..\/x.yaml" in the base render is not a manifest file name/);
    expect(() => kustomizeLayout({ 'kustomization.yaml': file(namespace) }, {})).toThrow(/not a manifest file name/);
    expect(() => kustomizeLayout(baseFiles(), { '../prod': baseFiles() })).toThrow(/environment name "..\/prod" is not a DNS label/);
  });
});

describe('kustomizeLayout on real renders (shop)', () => {
  const base = renderKubernetes(modelOf(shopGraph()));
  const prod = shopGraph();
  prod.registry = 'ghcr.io/acme';
  prod.version = '1.4.2';
  prod.services[0].replicas = 4;
  prod.services[0].env = { LOG_LEVEL: 'debug', FEATURE_FLAGS: 'a,b' };
  prod.services[1].resources = { limits: { cpu: 2, memory: '4Gi' }, reservations: { cpu: 1, memory: '1Gi' } };
  prod.dependencies![0].external = true;
  const staging = shopGraph();
  staging.services[2].env = { LOG_LEVEL: 'warn' };
  const envs = { prod: renderKubernetes(modelOf(prod)), staging: renderKubernetes(modelOf(staging)) };
  const layout = kustomizeLayout(base, envs);

  it.each(Object.keys(envs))('kubernetes-overlays/%s builds exactly the objects of its render', (env) => {
    expectEquivalent(layout, env, envs[env as keyof typeof envs]);
  });

  it('removes what an external dependency no longer runs, and patches what changed', () => {
    const kustomization = parseObjects(layout['kubernetes-overlays/prod/kustomization.yaml'])[0];
    const paths = kustomization.patches.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['patches/statefulset-postgres.yaml', 'patches/deployment-catalog.yaml', 'patches/deployment-billing.yaml']));
    const catalog = parseObjects(layout['kubernetes-overlays/prod/patches/deployment-catalog.yaml'])[0];
    expect(catalog).toContainEqual({ op: 'replace', path: '/spec/replicas', value: 4 });
    expect(catalog).toContainEqual({ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'ghcr.io/acme/shop/catalog:1.4.2' });
  });

  it('a sanity check of the check: an overlay with a patch left out does not build the environment', () => {
    const broken = { ...layout, 'kubernetes-overlays/prod/patches/deployment-catalog.yaml': layout['kubernetes-overlays/prod/patches/deployment-catalog.yaml'].replace('value: 4', 'value: 5') };
    expect(() => expectEquivalent(broken, 'prod', envs.prod)).toThrow();
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/a', value: 2 }])).toEqual({ a: 2 });
  });
});
