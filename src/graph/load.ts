/**
 * Reading a topology-graph.json from disk, with every problem collected: an unreadable path, JSON
 * syntax, the schema, the topology-wide checks, and build contexts that do not exist.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../paths';
import { readRegularFile } from '../read';
import { MAX_GRAPH_BYTES, sizeProblems } from './limits';
import type { Problem } from './problems';
import { RUNTIMES, type TopologyGraph } from './schema';
import { DEFAULT_DOCKERFILE, runtimePack } from './kinds';
import { parseJson, validateGraph, type ValidGraph } from './validate';
import { kubernetesSchema, readExtraManifests, rememberExtraManifests } from './extra-manifests';

/** The outcome of loading a graph file: the graph when it is valid, else the problems. */
export interface LoadResult {
  /** The validated graph (branded: `Topology.fromGraph` does not validate it again). @default absent when there are problems */
  readonly graph?: ValidGraph;
  /** Every problem found (empty when the graph is valid). */
  readonly problems: Problem[];
  /** Absolute path of the graph file. */
  readonly file: string;
  /** Directory build contexts are relative to. */
  readonly baseDir: string;
}

/** Largest graph file read; larger files are refused before parsing (see limits.ts). */
export { MAX_GRAPH_BYTES } from './limits';

/** Reads and validates a `topology-graph.json` (JSON with comments). Never throws for bad input: returns every problem found, with line and column. */
export function loadGraphFile(file: string): LoadResult {
  const absolute = path.resolve(file);
  const baseDir = path.dirname(absolute);
  const shown = displayPath(process.cwd(), absolute);
  const fail = (problem: Problem): LoadResult => ({ problems: [problem], file: absolute, baseDir });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    return fail({
      message: `Topology graph not found: ${shown}`,
      expected: 'a topology-graph.json file',
      action: `Check the path, or create one with 'topograph init'`,
    });
  }
  if (stat.isDirectory()) {
    const inside = path.join(absolute, 'topology-graph.json');
    if (fs.existsSync(inside)) return loadGraphFile(inside);
    return fail({
      message: `${shown} is a directory, not a topology graph file`,
      expected: 'the path of a topology-graph.json file',
      action: `Pass the file itself, e.g. ${path.join(shown, 'topology-graph.json')}`,
    });
  }
  // Only a regular file is read, and never more than the cap (a path of /dev/zero or a FIFO is refused).
  const read = readRegularFile(absolute, MAX_GRAPH_BYTES);
  if (read.kind === 'missing') {
    return fail({ message: `Topology graph not found: ${shown}`, expected: 'a topology-graph.json file', action: `Check the path, or create one with 'topograph init'` });
  }
  if (read.kind === 'not-a-file') {
    return fail({
      message: `${shown} is not a regular file`,
      value: read.what,
      expected: 'the path of a topology-graph.json file',
      action: 'Pass the graph file itself',
    });
  }
  if (read.kind === 'too-large') {
    return fail({
      message: `${shown} is too large (${(read.bytes / 1024 / 1024).toFixed(1)} MiB)`,
      expected: `a graph file of at most ${MAX_GRAPH_BYTES / 1024 / 1024} MiB`,
      action: 'Split the system into several topologies, or check that this is the right file',
    });
  }
  if (read.kind === 'unreadable') {
    return fail({ message: `Cannot read ${shown}`, value: read.code, action: 'Check the file permissions' });
  }
  const text = read.text;
  const parsed = parseJson(text.replace(/^\uFEFF/, ''), shown);
  if (parsed.problems.length > 0) return { problems: parsed.problems, file: absolute, baseDir };
  const tooLarge = isObject(parsed.value) ? sizeProblems(parsed.value, shown) : [];
  if (tooLarge.length > 0) return { problems: tooLarge, file: absolute, baseDir };
  const result = validateGraph(parsed.value, shown);
  const problems = [...result.problems, ...contextProblems(parsed.value, baseDir, shown), ...contextFileProblems(parsed.value, baseDir, shown)];
  // The user's own Kubernetes objects are read now, with the graph (whenever the field itself is
  // valid, so their problems join the graph's others).
  const kubernetes = kubernetesSchema.safeParse(isObject(parsed.value) ? parsed.value.kubernetes : undefined);
  const manifests = kubernetes.success ? kubernetes.data?.extraManifests : undefined;
  const extra = manifests ? readExtraManifests(manifests, baseDir, shown) : undefined;
  if (extra) {
    problems.push(...extra.problems);
    if (result.graph) rememberExtraManifests(result.graph, extra.objects);
  }
  return result.graph && problems.length === 0
    ? { graph: result.graph, problems: [], file: absolute, baseDir }
    : { problems, file: absolute, baseDir };
}

/** Build contexts must exist: a missing one would only fail later, inside `docker build`. */
export function contextProblems(graph: unknown, baseDir: string, shown: string): Problem[] {
  const problems: Problem[] = [];
  const services = (graph as { services?: unknown })?.services;
  if (!Array.isArray(services)) return problems;
  for (const service of services as Array<Partial<TopologyGraph['services'][number]>>) {
    if (typeof service?.name !== 'string' || service.archetype === 'library' || service.runtime === 'image') continue;
    const context = typeof service.build?.context === 'string' ? service.build.context : service.name;
    const dir = path.resolve(baseDir, context);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      problems.push({
        message: `Build context of ${service.name} does not exist`,
        value: JSON.stringify(context),
        expected: `a directory relative to the graph file (${displayPath(process.cwd(), dir)})`,
        action: `Create it with the service's sources, or fix services[${service.name}].build.context in ${shown}`,
      });
    } else if (service.runtime === 'dockerfile') {
      const dockerfile = typeof service.build?.dockerfile === 'string' ? service.build.dockerfile : DEFAULT_DOCKERFILE;
      if (!isFile(path.join(dir, dockerfile))) {
        problems.push({
          message: `Service ${service.name} has runtime "dockerfile" but its build context has no ${dockerfile}`,
          value: JSON.stringify(dockerfile),
          expected: `a Dockerfile at ${displayPath(process.cwd(), path.join(dir, dockerfile))} (build.dockerfile is relative to the context; default "${DEFAULT_DOCKERFILE}")`,
          action: `Create it, or fix services[${service.name}].build.dockerfile in ${shown} (or use a language runtime, for which topograph writes the Dockerfile)`,
        });
      }
    }
  }
  return problems;
}

/**
 * Each existing build context must hold the files its Dockerfile copies first (the cached
 * dependency layer, each runtime pack's `contextFiles`, src/graph/kinds/runtimes/): without them synth succeeds and the build fails
 * at `COPY package.json package-lock.json ./`. Contexts that do not exist are `contextProblems`'.
 */
export function contextFileProblems(graph: unknown, baseDir: string, shown: string): Problem[] {
  const problems: Problem[] = [];
  const services = (graph as { services?: unknown })?.services;
  if (!Array.isArray(services)) return problems;
  for (const service of services as Array<Partial<TopologyGraph['services'][number]>>) {
    if (typeof service?.name !== 'string' || service.archetype === 'library') continue;
    if (!(RUNTIMES as readonly unknown[]).includes(service.runtime)) continue;
    const context = typeof service.build?.context === 'string' ? service.build.context : service.name;
    const dir = path.resolve(baseDir, context);
    if (!isDirectory(dir)) continue;
    const has = (file: string) => isFile(path.join(dir, file));
    const read = (file: string) => (has(file) ? fs.readFileSync(path.join(dir, file), 'utf8') : undefined);
    const shownDir = displayPath(process.cwd(), dir);
    const rules = runtimePack(service.runtime!).contextFiles;
    const satisfied = (rule: (typeof rules)[number]) => (rule.matches ? filesOf(dir).some((f) => rule.matches!.test(f)) : has(rule.file));
    for (const rule of rules) {
      if (satisfied(rule) || (rule.neededWhen && !rule.neededWhen(read))) continue;
      problems.push({
        message: `Build context of ${service.name} has no ${rule.file}`,
        value: JSON.stringify(context),
        expected: `${rules.filter((r) => !r.neededWhen || r.neededWhen(read)).map((r) => r.file).join(' and ')} in ${shownDir}: the Dockerfile of a ${service.runtime} service copies ${rule.neededWhen ? 'it' : 'them'} before the sources`,
        action: `In ${shownDir}: ${rule.create(has)}; or fix services[${service.name}].build.context or its runtime in ${shown}`,
      });
    }
  }
  return problems;
}

/** The names of the regular files directly in `dir`. */
function filesOf(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
