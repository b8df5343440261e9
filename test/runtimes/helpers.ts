/**
 * What the runtime tests share: a project on disk (a graph and its build contexts), synthesized in
 * memory, and the facts every runtime's Dockerfile must show (non-root fixed user, the dependency
 * layer before the sources, a probe that the runtime image has, lint clean).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintFiles, loadGraphFile, type Problem, Topology, TopographApp, validateGraph } from '../../src';

/** A temporary project: `files` (paths relative to it) and a graph with `services`. */
export function project(files: Record<string, string>, services: object[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-runtimes-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const graph = { name: 'lab', version: '1.0.0', services };
  fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph));
  return { dir, graph, graphFile: path.join(dir, 'topology-graph.json') };
}

/** A web service `api` of `runtime` on port 8080 with its sources in `api/`. */
export function api(runtime: string, extra: object = {}) {
  return { name: 'api', archetype: 'web-service', runtime, port: 8080, build: { context: 'api' }, ...extra };
}

/** The generated files of a graph whose contexts live in `dir`. */
export function synthIn(dir: string, graph: unknown): Record<string, string> {
  const app = new TopographApp({ outdir: path.join(dir, 'dist') });
  Topology.fromGraph(app, 'topology', graph, { baseDir: dir });
  return app.synthFiles({});
}

/** The Dockerfile of service `api` for `services`, with `files` in the project. */
export function dockerfileOf(files: Record<string, string>, service: object): string {
  const { dir, graph } = project(files, [service]);
  return synthIn(dir, graph)['docker/Dockerfile.api'];
}

/** The instructions of the runtime stage (from its FROM line). */
export function runtimeStage(dockerfile: string): string[] {
  const lines = dockerfile.split('\n');
  return lines.slice(lines.findIndex((l) => / AS runtime$/.test(l)));
}

/** The exec-form HEALTHCHECK command of a Dockerfile. */
export function healthcheckCommand(dockerfile: string): string[] {
  const line = /^ {2}CMD (\[.*\])$/m.exec(dockerfile.slice(dockerfile.indexOf('HEALTHCHECK --')));
  if (!line) throw new Error('no HEALTHCHECK command');
  return JSON.parse(line[1]);
}

/** Lint findings on the Dockerfiles of `files` (none expected). */
export function dockerfileFindings(files: Record<string, string>): string[] {
  return lintFiles(files)
    .findings.filter((f) => f.file.includes('Dockerfile'))
    .map((f) => `${f.file}:${f.line ?? ''} ${f.rule}: ${f.message}`);
}

/** Asserts what every generated runtime Dockerfile shares; returns its runtime stage. */
export function expectHardened(dockerfile: string, manifestCopy: RegExp): string[] {
  const lines = dockerfile.split('\n');
  const manifest = lines.findIndex((l) => manifestCopy.test(l));
  const sources = lines.indexOf('COPY . .');
  expect(manifest).toBeGreaterThan(0);
  expect(sources).toBeGreaterThan(manifest); // dependency layer cached on the manifests alone
  const runtime = runtimeStage(dockerfile);
  const users = runtime.filter((l) => l.startsWith('USER '));
  expect(users).toEqual(['USER 10001:10001']); // fixed, numeric, non-root
  expect(runtime.indexOf('USER 10001:10001')).toBeLessThan(runtime.findIndex((l) => l.startsWith('HEALTHCHECK')));
  expect(dockerfile).not.toMatch(/^FROM \S+:latest\b/m);
  return runtime;
}

/** The problems of a graph file on disk (context files included). */
export function loadProblems(files: Record<string, string>, services: object[]): Problem[] {
  return loadGraphFile(project(files, services).graphFile).problems;
}

/** The validation problems of one service entry. */
export function serviceProblems(service: object): Problem[] {
  return validateGraph({ name: 'lab', services: [service] }).problems;
}
