/**
 * The Kustomize layout of environments, built by the real `kubectl kustomize` (Kustomize v5 in
 * kubectl 1.32): for each environment, the objects `kubectl kustomize kubernetes-overlays/<env>` prints are
 * exactly those of the environment's own render (parsed objects compared, not text).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { TopologyGraph } from '../../src';
import { renderKubernetes } from '../../src/kubernetes';
import { kustomizeLayout } from '../../src/kubernetes/kustomize';
import { type ManifestObject, toYamlDocuments, withHeader } from '../../src/kubernetes/serialize';
import { modelOf } from '../kubernetes/helpers';
import { shopGraph } from '../helpers/shop';

/** The kubectl .ci/suites/system-tools.sh provides (scripts/ci/kubectl.sh: Kustomize v4 or later), else the one on PATH. */
const KUBECTL = process.env.TOPOGRAPH_KUBECTL || 'kubectl';
const version = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' });
// No skipping: this suite runs where the tools are installed; a missing kubectl is a failure that says what to do.
if (version.error || version.status !== 0) throw new Error(`${KUBECTL} does not run: run this suite through .ci/suites/system-tools.sh, or set TOPOGRAPH_KUBECTL to a kubectl 1.21 or later (Kustomize v4+)`);
const maybe = describe;

function everything(): TopologyGraph {
  const graph = shopGraph();
  graph.services.push(
    { name: 'mailer', archetype: 'worker', runtime: 'node', build: { context: 'billing' }, secrets: ['SMTP_PASSWORD'] },
    { name: 'report', archetype: 'data-pipeline', runtime: 'python', schedule: '0 3 * * *', build: { context: 'catalog' } },
    { name: 'admin', archetype: 'cli-tool', runtime: 'go', build: { context: 'catalog' } },
  );
  graph.edges!.push({ from: 'mailer', to: 'nats' }, { from: 'report', to: 'postgres', database: 'reports' }, { from: 'admin', to: 'postgres' });
  return graph;
}

function environments(): Record<string, TopologyGraph> {
  const prod = everything();
  prod.registry = 'ghcr.io/acme';
  prod.version = '1.4.2';
  prod.services[0].replicas = 4;
  prod.services[0].env = { LOG_LEVEL: 'debug', GREETING: 'yes: "on" #not a comment ~/' };
  prod.services[1].resources = { limits: { cpu: 2, memory: '4Gi' }, reservations: { cpu: 1, memory: '1Gi' } };
  prod.dependencies![0].external = true;
  const staging = everything();
  staging.services[2].env = { LOG_LEVEL: 'warn' };
  staging.dependencies![1].storage = '20Gi';
  return { prod, staging, same: everything() };
}

function objects(text: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const document of parseAllDocuments(text)) {
    expect(document.errors).toEqual([]);
    const o = document.toJS();
    if (!o) continue;
    const key = JSON.stringify([o.apiVersion, o.kind, o.metadata?.namespace ?? null, o.metadata?.name]);
    expect(out.has(key)).toBe(false);
    out.set(key, o);
  }
  return out;
}

maybe('kubectl kustomize builds each environment exactly', () => {
  const base = renderKubernetes(modelOf(everything()));
  const envs = Object.fromEntries(Object.entries(environments()).map(([env, graph]) => [env, renderKubernetes(modelOf(graph))]));
  const layout = kustomizeLayout(base, envs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-kustomize-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [rel, content] of Object.entries(layout)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  const build = (target: string) => spawnSync(KUBECTL, ['kustomize', target], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

  it('the test covers tool templates, deletions, JSON patches and an unchanged environment', () => {
    expect(Object.keys(base)).toContain('tools/admin.yaml');
    expect(layout['kubernetes-overlays/prod/patches/statefulset-postgres.yaml']).toMatch(/\$patch": delete/);
    expect(layout['kubernetes-overlays/prod/tools/admin.yaml']).toBeDefined();
    expect(Object.keys(layout).filter((f) => f.startsWith('kubernetes-overlays/same/'))).toEqual(['kubernetes-overlays/same/kustomization.yaml']);
  });

  it('the base (kubernetes/) builds the base render', () => {
    const result = build('kubernetes');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const applied = Object.entries(base).filter(([f]) => !f.startsWith('tools/'));
    expect(objects(result.stdout)).toEqual(objects(applied.map(([, t]) => t).join('\n')));
  });

  it.each(Object.keys(environments()))('kubernetes-overlays/%s builds the objects of its render', (env) => {
    const result = build(`kubernetes-overlays/${env}`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const applied = Object.entries(envs[env]).filter(([f]) => !f.startsWith('tools/'));
    const got = objects(result.stdout);
    const want = objects(applied.map(([, t]) => t).join('\n'));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, object] of want) expect({ key, object: got.get(key) }).toEqual({ key, object });
  });

  it('a broken patch is caught (the comparison can fail)', () => {
    const patch = path.join(dir, 'kubernetes-overlays/prod/patches/deployment-catalog.yaml');
    const original = fs.readFileSync(patch, 'utf8');
    try {
      fs.writeFileSync(patch, original.replace('value: 4', 'value: 5'));
      const result = build('kubernetes-overlays/prod');
      expect(result.status).toBe(0);
      const want = objects(Object.entries(envs.prod).filter(([f]) => !f.startsWith('tools/')).map(([, t]) => t).join('\n'));
      expect(objects(result.stdout)).not.toEqual(want);
    } finally {
      fs.writeFileSync(patch, original);
    }
  });
});

maybe('kubectl kustomize reads hostile keys and strings in patches as written', () => {
  // No U+0085 or U+2028: kubectl kustomize (go-yaml, Kustomize v5.5) cannot read a key holding U+0085,
  // and prints either in a value as a blank. The schema refuses both in graph values (docs/security.md).
  const hostile = ['yes', 'on', '~', 'a: b', '#x', '- y', '"q"', "it's", 'line\nbreak\n', 'tab\there', '\u00e9\u4e2d\u{1f600}', '0x1F', '1e3', '', ' lead', '{}', '*alias', '!tag', '%dir', '@at', '$(VAR)', '${VAR}'];
  const data = (suffix: string) => Object.fromEntries(hostile.map((h, i) => [`${h}/~${i}`, `${h}${suffix}`]));
  const widget = (name: string, suffix: string): ManifestObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'shop', annotations: { 'example.com/a~b': suffix } },
    spec: { data: data(suffix), list: [{ name: 'x', value: suffix }], order: hostile.map((h) => h + suffix) },
  });
  const file = (...objects: ManifestObject[]) => withHeader(['hand-made'], toYamlDocuments(objects));
  // a.b changes, axb does not: Kustomize reads a target's name as a regular expression.
  const base = { '90-extra.yaml': file(widget('changed', ''), widget('removed', ''), widget('a.b', ''), widget('axb', '')) };
  const env = { '90-extra.yaml': file(widget('changed', '!'), widget('added', '?'), widget('a.b', '!'), widget('axb', '')) };
  const layout = kustomizeLayout(base, { prod: env });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-kustomize-hostile-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [rel, content] of Object.entries(layout)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }

  it('builds exactly the environment (a JSON patch of every key, a delete of an unknown kind, an added object)', () => {
    expect(Object.keys(layout)).toEqual(expect.arrayContaining(['kubernetes-overlays/prod/patches/widget-changed.yaml', 'kubernetes-overlays/prod/patches/widget-removed.yaml', 'kubernetes-overlays/prod/90-extra.yaml']));
    const result = spawnSync(KUBECTL, ['kustomize', 'kubernetes-overlays/prod'], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(objects(result.stdout)).toEqual(objects(env['90-extra.yaml']));
  });
});
