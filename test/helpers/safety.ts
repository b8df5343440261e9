/**
 * Helpers of the input-safety regression tests (docs/security.md): the shop example in a
 * scratch directory with one value changed, the built binary run as a child process, the resolved
 * model to hand renderers values the schema would refuse.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateGraph } from '../../src';
import type { ServiceModel, TopologyModel } from '../../src/model';
import { REPO, SHOP_DIR, shopGraph, synth } from './shop';

export const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

export function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-safety-'));
}

/** The shop example copied to a scratch directory, with `edit` applied to its graph. */
export function shopWith(edit: (graph: any) => unknown): string {
  return shopWithText((text) => {
    const graph = JSON.parse(text);
    edit(graph);
    return JSON.stringify(graph, null, 2);
  });
}

/** The shop example copied to a scratch directory, with `edit` applied to the text of its graph file. */
export function shopWithText(edit: (text: string) => string): string {
  const dir = scratch();
  fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
  const text = JSON.stringify(shopGraph(), null, 2);
  const edited = edit(text);
  expect(edited).not.toBe(text);
  fs.writeFileSync(path.join(dir, 'topology-graph.json'), edited);
  return dir;
}

export function topograph(args: string[], cwd: string, timeout = 60_000) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: os.tmpdir() }, timeout });
  return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** A clear refusal: exit 1, an ERROR as docs/topology-graph.md#errors shows it, no crash, nothing written. */
export function expectRefused(result: ReturnType<typeof topograph>, dir: string) {
  expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
  expect(result.stderr).toMatch(/^ERROR: /);
  expect(result.stderr).not.toContain('failed unexpectedly');
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
}

/** The problems validateGraph reports for the shop graph with `edit` applied. */
export function problemsOf(edit: (graph: any) => void) {
  const graph = shopGraph();
  edit(graph);
  return validateGraph(graph).problems;
}

/** The resolved model of the shop example, to hand renderers values the schema would refuse. */
export function shopModel(): TopologyModel {
  return synth(shopGraph()).topology.toModel();
}

export function withService(model: TopologyModel, name: string, change: Partial<ServiceModel>): TopologyModel {
  return { ...model, services: model.services.map((s) => (s.name === name ? { ...s, ...change } : s)) };
}

/** The instructions of a Dockerfile, in order (continuation lines and comments skipped). */
export function instructions(text: string): string[] {
  const out: string[] = [];
  let continued = false;
  for (const line of text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)) {
    if (!continued && /^[A-Z]+\s/.test(line)) out.push(line.split(/\s/)[0]);
    continued = /\\$/.test(line);
  }
  return out;
}

export const LAYOUT = { builds: { catalog: { context: '../catalog', dockerfile: 'D' }, billing: { context: '../billing', dockerfile: 'D' }, auth: { context: '../auth', dockerfile: 'D' } } };

