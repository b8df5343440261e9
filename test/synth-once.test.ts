/**
 * One synthesis, one model (issue 16.1): a `synth` of the shop validates the graph once, runs the
 * topology checks once and resolves each service once, through the CLI (in-process) and through
 * TopographApp. Before the session, one CLI synth ran validateGraph 3 times, checkTopology 6
 * times, specProblems once per service and Service._toModel twice per service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as check from '../src/graph/check';
import * as validate from '../src/graph/validate';
import { loadGraphFile, Service, Topology, TopographApp } from '../src';
import { synthCommand } from '../src/cli/commands/synth';
import type { CliIO } from '../src/cli/io';
import { shopCopy } from './helpers/cli';

function counters() {
  return {
    validateGraph: jest.spyOn(validate, 'validateGraph'),
    // Each service of a validated graph is not validated again on its own.
    specProblems: jest.spyOn(validate, 'specProblems'),
    // Nor is each dependency: it is built from its kind's pack.
    dependencyPropProblems: jest.spyOn(validate, 'dependencyPropProblems'),
    checkTopology: jest.spyOn(check, 'checkTopology'),
    // The body of Topology.toModel (private): the model resolved.
    resolve: jest.spyOn(Topology.prototype as unknown as { resolve: () => unknown }, 'resolve'),
    serviceModel: jest.spyOn(Service.prototype, '_toModel'),
  };
}

/**
 * The graph validated once, no service or dependency validated again, the checks run once per
 * model and each model resolved once: the base's, and each environment's (the shop declares dev
 * and prod; each environment is checked as the flattened graph it is).
 */
function expectEverythingOnce(count: ReturnType<typeof counters>): void {
    expect(count.validateGraph).toHaveBeenCalledTimes(1);
    expect(count.specProblems).not.toHaveBeenCalled();
    expect(count.dependencyPropProblems).not.toHaveBeenCalled();
    expect(count.checkTopology).toHaveBeenCalledTimes(MODELS);
    expect(count.resolve).toHaveBeenCalledTimes(MODELS);
    expect(count.serviceModel).toHaveBeenCalledTimes(SERVICES * MODELS);
}

const SHOP = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'shop', 'topology-graph.json'), 'utf8')) as { services: unknown[]; environments?: object };
const SERVICES = SHOP.services.length;
/** The base model and one per environment. */
const MODELS = 1 + Object.keys(SHOP.environments ?? {}).length;

afterEach(() => jest.restoreAllMocks());

describe('one synth of the shop computes everything once', () => {
  it('topograph synth (in-process)', () => {
    const dir = shopCopy();
    const out: string[] = [];
    const io: CliIO = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), isTTY: false, env: {}, cwd: dir, prompt: async () => '' };
    const count = counters();
    expect(synthCommand(undefined, { out: 'out', quiet: true }, io)).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out', 'docker', 'docker-compose.yml'))).toBe(true);
    expectEverythingOnce(count);
  });

  it('TopographApp.synth() of a loaded graph', () => {
    const dir = shopCopy();
    const count = counters();
    const loaded = loadGraphFile(path.join(dir, 'topology-graph.json'));
    const app = new TopographApp({ outdir: path.join(dir, 'out') });
    Topology.fromGraph(app, 'shop', loaded.graph, { baseDir: loaded.baseDir });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    app.synth();
    stderr.mockRestore();
    expect(app.lastChanges.length).toBeGreaterThan(0);
    expectEverythingOnce(count);
  });

  it('resolves again after a change, and only then', () => {
    const dir = shopCopy();
    const loaded = loadGraphFile(path.join(dir, 'topology-graph.json'));
    const topology = Topology.fromGraph(new TopographApp({ outdir: path.join(dir, 'out') }), 'shop', loaded.graph, { baseDir: loaded.baseDir });
    const first = topology.toModel();
    expect(topology.toModel()).toBe(first);
    topology.services[0].addEnv('EXTRA_SETTING', 'on');
    const second = topology.toModel();
    expect(second).not.toBe(first);
    expect(second.services[0].env.map((e) => e.name)).toContain('EXTRA_SETTING');
    expect(first.services[0].env.map((e) => e.name)).not.toContain('EXTRA_SETTING');
  });

  it('shares one frozen model, so synthesizing twice gives the same files', () => {
    const dir = shopCopy();
    const loaded = loadGraphFile(path.join(dir, 'topology-graph.json'));
    expect(Object.isFrozen(loaded.graph!.services[0])).toBe(true);
    const app = new TopographApp({ outdir: path.join(dir, 'out') });
    const topology = Topology.fromGraph(app, 'shop', loaded.graph, { baseDir: loaded.baseDir });
    const model = topology.toModel();
    expect(Object.isFrozen(model.services[0].env)).toBe(true);
    expect(() => (model.services as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(app.synthFiles()).toEqual(app.synthFiles());
  });
});
