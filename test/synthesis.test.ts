/**
 * The synthesis session (src/synthesis.ts) every door uses, the TopologySource interface the
 * engine reads topologies through, and the validated graph `fromGraph` trusts (issue 16.1, 16.6).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import * as validate from '../src/graph/validate';
import {
  loadGraphFile,
  synthesize,
  synthFiles,
  Topology,
  TopographApp,
  TopologyError,
  TOPOLOGY_SOURCE,
  type TopologySource,
  validateGraph,
  WebService,
} from '../src';
import { shopCopy } from './helpers/cli';
import { shopGraph } from './helpers/shop';

function loadedShop() {
  const dir = shopCopy();
  const loaded = loadGraphFile(path.join(dir, 'topology-graph.json'));
  const app = new TopographApp({ outdir: path.join(dir, 'out') });
  const topology = Topology.fromGraph(app, 'shop', loaded.graph, { baseDir: loaded.baseDir });
  return { dir, app, topology, out: path.join(dir, 'out') };
}

describe('synthesize()', () => {
  it('renders, lints and writes once, calling beforeWrite before anything is on disk', () => {
    const { app, out } = loadedShop();
    const seen: boolean[] = [];
    const session = synthesize(app, { outdir: out, beforeWrite: () => seen.push(fs.existsSync(path.join(out, 'docker'))) });
    expect(seen).toEqual([false]);
    expect(session.models.map((m) => m.name)).toEqual(['shop']);
    expect(session.problems).toEqual([]);
    expect(session.lint?.errors).toBe(0);
    expect(session.changes?.find((c) => c.path === 'docker/docker-compose.yml')?.status).toBe('created');
    expect(fs.readFileSync(path.join(out, 'docker', 'docker-compose.yml'), 'utf8')).toBe(session.files['docker/docker-compose.yml']);
    expect(session.files).toEqual(app.synthFiles());
  });

  it('with check, plans the write and changes nothing', () => {
    const { app, out } = loadedShop();
    const session = synthesize(app, { outdir: out, check: true });
    expect(fs.existsSync(out)).toBe(false);
    expect(session.changes).toBeUndefined();
    expect(session.plan?.changes.length).toBe(Object.keys(session.files).length);
  });

  it('turns lint errors into problems, reported to beforeWrite and thrown with nothing written', () => {
    const { app, topology, out } = loadedShop();
    topology.services[0].addComposeOverride('privileged', true);
    let reported: readonly unknown[] = [];
    expect(() => synthesize(app, { outdir: out, beforeWrite: (report) => (reported = report.problems) })).toThrow(TopologyError);
    expect(reported).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
    // lint: false skips the rules altogether.
    expect(synthesize(app, { outdir: out, lint: false, check: true }).lint).toBeUndefined();
  });
});

describe('the engine reads topologies through TopologySource', () => {
  it('synthesizes any construct that implements it, not only a Topology', () => {
    const { app, topology } = loadedShop();
    const model = topology.toModel();
    class Borrowed extends Construct implements TopologySource {
      public readonly [TOPOLOGY_SOURCE] = true;
      public readonly topologyName = topology.topologyName;
      public readonly baseDir = topology.baseDir;
      public readonly lintAcknowledgements = [];
      public readonly environmentNames = topology.environmentNames;
      public validateTopology() {
        return [];
      }
      public toModel(environment?: string) {
        return environment === undefined ? model : topology.toModel(environment);
      }
      public serviceSpecs() {
        return topology.serviceSpecs();
      }
    }
    const root = new TopographApp({ outdir: app.outputRoot });
    new Borrowed(root, 'borrowed');
    expect(synthFiles(root, { outdir: app.outputRoot })).toEqual(app.synthFiles());
  });
});

describe('a validated graph', () => {
  it('is frozen and built without validating it again; plain input is still validated', () => {
    const { graph } = validateGraph(shopGraph());
    expect(graph).toBeDefined();
    expect(Object.isFrozen(graph)).toBe(true);
    expect(() => (graph!.services as unknown[]).push({})).toThrow(TypeError);
    const spy = jest.spyOn(validate, 'validateGraph');
    Topology.fromGraph(new TopographApp(), 'shop', graph, { baseDir: path.dirname(shopGraphFile()) });
    expect(spy).not.toHaveBeenCalled();
    const plain = { ...shopGraph(), edges: [{ from: 'catalog', to: 'nowhere' }] };
    expect(() => Topology.fromGraph(new TopographApp(), 'shop', plain, { file: 'mine.json' })).toThrow(/'nowhere' not in topology graph/);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('a look-alike copy is no validated graph', () => {
    const { graph } = validateGraph(shopGraph());
    const copy = JSON.parse(JSON.stringify(graph));
    expect(validate.isValidGraph(graph)).toBe(true);
    expect(validate.isValidGraph(copy)).toBe(false);
  });
});

describe('the Topology constructor checks its own props only', () => {
  it('with the graph grammar and messages, without validating a graph', () => {
    const spy = jest.spyOn(validate, 'validateGraph');
    expect(() => new Topology(new TopographApp(), 'shop', { version: 'not a version' })).toThrow(/Invalid version for the topology/);
    expect(() => new Topology(new TopographApp(), 'shop', { registry: 'GHCR.io/Acme' })).toThrow(/Invalid registry for the topology/);
    const shop = new Topology(new TopographApp(), 'shop', { version: '1.2.0', lintAcknowledgements: [{ rule: 'compose-public-port', reason: 'a public demo' }] });
    new WebService(shop, 'api', { runtime: 'node', port: 8000 });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

function shopGraphFile(): string {
  return path.join(__dirname, '..', 'examples', 'shop', 'topology-graph.json');
}
