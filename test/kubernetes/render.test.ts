/** The Kubernetes target as a whole: files, snapshots, determinism, and the two entry points. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubernetesFiles, renderKubernetes } from '../../src/kubernetes';
import { isGenerated } from '../../src/render/marker';
import { REPO, shopGraphWithEnvironments, synth } from '../helpers/shop';
import { labGraph, modelOf, render, shopGraph, shuffled } from './helpers';

describe('Kubernetes output', () => {
  it('matches the snapshot for the shop example', () => {
    expect(render(shopGraph()).files).toMatchSnapshot();
  });

  it('matches the snapshot for a topology with every archetype and an external dependency', () => {
    expect(render(labGraph()).files).toMatchSnapshot();
  });

  it('is one file per chart, numbered in apply order, with cli-tool Jobs kept out of the directory', () => {
    expect(Object.keys(render(shopGraph()).files)).toEqual([
      '00-namespace.yaml',
      '10-dependencies.yaml',
      '20-services.yaml',
      '30-network-policies.yaml',
    ]);
    expect(Object.keys(render(labGraph()).files)).toEqual([
      '00-namespace.yaml',
      '10-dependencies.yaml',
      '20-services.yaml',
      '30-network-policies.yaml',
      'tools/admin.yaml',
    ]);
  });

  it('lists in the summary exactly the files it writes', () => {
    for (const graph of [shopGraph(), labGraph()]) {
      const model = modelOf(graph);
      expect(kubernetesFiles(model).map((f) => f.file)).toEqual(Object.keys(renderKubernetes(model)));
    }
  });

  it('writes no dependency file when every dependency is external, and no Namespace for a shared namespace', () => {
    const graph = shopGraph();
    graph.namespace = 'default';
    graph.dependencies = graph.dependencies!.map((d) => ({ ...d, external: true }));
    const files = Object.keys(render(graph).files);
    expect(files).toEqual(['20-services.yaml', '30-network-policies.yaml']);
  });

  it('marks every file as generated, so synth may replace it and never a file of the user', () => {
    for (const [file, text] of Object.entries(render(labGraph()).files)) {
      expect({ file, generated: isGenerated(text) }).toEqual({ file, generated: true });
    }
  });

  it('is byte-identical whatever order the graph lists things in', () => {
    const expected = renderKubernetes(modelOf(labGraph()));
    for (const seed of [1, 7, 42]) {
      const graph = labGraph();
      graph.services = shuffled(graph.services, seed).map((s) => ({
        ...s,
        ...(s.env ? { env: Object.fromEntries(Object.entries(s.env).reverse()) } : {}),
      }));
      graph.dependencies = shuffled(graph.dependencies!, seed + 1);
      graph.edges = shuffled(graph.edges!, seed + 2);
      expect(renderKubernetes(modelOf(graph))).toEqual(expected);
    }
    expect(renderKubernetes(modelOf(labGraph()))).toEqual(expected);
  });

  it('comes back under kubernetes/ from synthFiles, only for the k8s target', () => {
    const k8s = synth(shopGraph(), { targets: ['k8s'] }).files;
    expect(Object.keys(k8s)).toEqual(Object.keys(render(shopGraph()).files).map((f) => `kubernetes/${f}`));
    expect(k8s['kubernetes/20-services.yaml']).toBe(render(shopGraph()).files['20-services.yaml']);
    expect(Object.keys(synth(shopGraph(), { targets: ['docker', 'compose'] }).files).filter((f) => f.startsWith('kubernetes/'))).toEqual([]);
  });

  it('is what `npx cdk8s synth` writes (the repository cdk8s.yaml app)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-cdk8s-')), 'dist', 'kubernetes');
    const result = spawnSync(process.execPath, [path.join(REPO, 'node_modules', '.bin', 'cdk8s'), 'synth', '--output', out], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      timeout: 120_000,
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    // The example declares environments: the base manifests with their Kustomization, the overlays beside.
    const { files } = synth(shopGraphWithEnvironments(), { outdir: path.dirname(out) });
    const expected = Object.fromEntries(Object.entries(files).filter(([f]) => /^kubernetes\/[^/]+$/.test(f)).map(([f, c]) => [f.slice('kubernetes/'.length), c]));
    expect(Object.keys(expected)).toEqual(expect.arrayContaining([...Object.keys(render(shopGraph()).files), 'Kustomization']));
    const written = Object.fromEntries(fs.readdirSync(out).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
    expect(written).toEqual(expected);
    expect(fs.existsSync(path.join(out, '..', 'docker', 'docker-compose.yml'))).toBe(true);
    expect(fs.readFileSync(path.join(out, '..', 'kubernetes-overlays', 'prod', 'kustomization.yaml'), 'utf8')).toBe(files['kubernetes-overlays/prod/kustomization.yaml']);
  });
});
