/**
 * Synthesis as a pure function: construct tree → `{path: content}`. Nothing here touches the
 * disk, so tests, `--check` drift detection and the cdk8s app all share one code path.
 */
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { type Problem, TopologyError } from './graph/problems';
import type { Runtime } from './graph/schema';
import { toPosix } from './paths';
import type { TopologyModel } from './model';
import { COMPOSE_FILE, type ComposeLayout, initDir } from './render/compose';
import { renderDockerfile } from './render/dockerfile';
import { dockerfileEditProblems } from './render/dockerfile-overrides';
import { renderDockerignore } from './render/dockerignore';
import { renderEnvExample } from './render/env-example';
import { renderLogsScript, renderStartScript, renderStopScript } from './render/scripts';
import { renderComposeFile } from './render/overrides';
import { type EscapeHatches, noEscapeHatches } from './render/escape-hatches';
import { userChartFiles } from './kubernetes/user-charts';
import { compareStrings, sortedRecord } from './sort';
import { isTopologySource, type TopologySource } from './topology-source';

/** Every synthesis target, in the order they are rendered. */
export const TARGETS = ['docker', 'compose', 'k8s'] as const;
/** docker: Dockerfiles and .dockerignore; compose: compose file, .env.example, scripts; k8s: manifests. */
export type Target = (typeof TARGETS)[number];

/** What to synthesize and where. */
export interface SynthOptions {
  /** Output directory (absolute, or relative to the working directory). @default the app's outdir, else "dist" */
  readonly outdir?: string;
  /** What to generate. @default every target */
  readonly targets?: readonly Target[];
}

/** Every topology under `root`, sorted by name. */
export function findTopologies(root: IConstruct): TopologySource[] {
  return root.node
    .findAll()
    .filter(isTopologySource)
    .sort((a, b) => compareStrings(a.topologyName, b.topologyName));
}

/** Every problem in the tree: each topology's own checks plus any other construct's validations. */
export function validateTree(root: IConstruct): Problem[] {
  const problems: Problem[] = [];
  for (const construct of root.node.findAll()) {
    if (isTopologySource(construct)) {
      problems.push(...construct.validateTopology());
      continue;
    }
    for (const message of construct.node.validate()) {
      problems.push({ message: `${construct.node.path}: ${message}`, action: 'Fix the construct that reported it' });
    }
  }
  return problems;
}

/**
 * The whole output of an app (or any construct containing topologies) as `{path: content}`,
 * paths relative to the output directory. Throws TopologyError with every problem found.
 */
export function synthFiles(root: IConstruct, options: SynthOptions = {}): Record<string, string> {
  const problems = validateTree(root);
  if (problems.length > 0) throw new TopologyError(problems);
  const topologies = findTopologies(root);
  if (topologies.length === 0) {
    throw new TopologyError([
      {
        message: 'Nothing to synthesize: the app has no Topology',
        expected: 'at least one Topology in the construct tree',
        action: 'Create one: new Topology(app, "shop") or Topology.fromGraph(app, "shop", graph)',
      },
    ]);
  }
  const outdir = path.resolve(options.outdir ?? (root as { outdir?: string }).outdir ?? 'dist');
  const files: Record<string, string> = {};
  for (const topology of topologies) {
    const prefix = topologies.length > 1 ? `${topology.topologyName}/` : '';
    const model = topology.toModel();
    const topologyOut = path.join(outdir, prefix);
    const dockerDir = path.join(topologyOut, 'docker');
    const builds: Record<string, { context: string; dockerfile: string }> = Object.create(null);
    for (const service of model.services) {
      if (service.build.kind === 'image') continue;
      const context = path.resolve(topology.baseDir, service.context);
      builds[service.name] = {
        context: toPosix(path.relative(dockerDir, context)) || '.',
        dockerfile: service.build.kind === 'dockerfile' ? service.build.dockerfile : toPosix(path.relative(context, path.join(dockerDir, `Dockerfile.${service.name}`))),
      };
    }
    const rendered = renderTopology(model, {
      baseFromOutdir: toPosix(path.relative(topologyOut, topology.baseDir)) || '.',
      builds,
      targets: options.targets ?? TARGETS,
      escapeHatches: topology._escapeHatches,
      scope: topology,
    });
    for (const [rel, content] of Object.entries(rendered)) files[path.posix.normalize(`${prefix}${rel}`)] = content;
  }
  // The app's own cdk8s charts, beside topograph's manifests (never dropped).
  if ((options.targets ?? TARGETS).includes('k8s')) Object.assign(files, userChartFiles(root));
  return sortedRecord(files);
}

export interface RenderLayout extends ComposeLayout {
  /** The topology base directory, relative to the output directory (POSIX). */
  readonly baseFromOutdir: string;
  readonly targets: readonly Target[];
  /** Escape hatches to apply to the documents before they are serialized. @default none */
  readonly escapeHatches?: EscapeHatches;
  /** The topology construct the Kubernetes charts are built under. @default a private cdk8s App */
  readonly scope?: IConstruct;
}

/** Renders one resolved topology. Keys are relative to its output directory. */
export function renderTopology(model: TopologyModel, layout: RenderLayout): Record<string, string> {
  const files: Record<string, string> = {};
  const hatches = layout.escapeHatches ?? noEscapeHatches();
  const problems: Problem[] = [];
  // Only the images topograph writes the Dockerfile of: never a service's own Dockerfile or .dockerignore, nothing for a prebuilt image.
  const built = model.services.filter((s) => s.containerized && s.build.kind === 'generated');
  if (layout.targets.includes('docker')) {
    for (const service of built) {
      try {
        files[`docker/Dockerfile.${service.name}`] = renderDockerfile(service, model, { edits: hatches.dockerfiles.get(service.name) });
      } catch (error) {
        // A Dockerfile patch that returned no Dockerfile: reported with every other problem.
        if (!(error instanceof TopologyError)) throw error;
        problems.push(...error.problems);
      }
    }
    const contexts = new Map<string, { runtimes: Runtime[]; services: string[] }>();
    for (const service of built) {
      const entry = contexts.get(service.context) ?? { runtimes: [], services: [] };
      entry.runtimes.push(service.runtime);
      entry.services.push(service.name);
      contexts.set(service.context, entry);
    }
    for (const [context, entry] of contexts) {
      const key = path.posix.normalize(path.posix.join(layout.baseFromOutdir, context, '.dockerignore'));
      files[key] = renderDockerignore(entry.runtimes, entry.services);
    }
  }
  if (layout.targets.includes('compose')) {
    files[`docker/${COMPOSE_FILE}`] = renderComposeFile(model, layout, hatches.compose, problems);
    files['docker/.env.example'] = renderEnvExample(model);
    files['docker/start.sh'] = renderStartScript(model);
    files['docker/stop.sh'] = renderStopScript(model);
    files['docker/logs.sh'] = renderLogsScript(model);
    for (const dep of model.dependencies) {
      if (!dep.init || dep.external) continue;
      for (const [name, content] of Object.entries(dep.init.files)) files[`docker/${initDir(dep)}/${name}`] = content;
    }
  }
  if (layout.targets.includes('k8s')) {
    // Loaded on first use, and cdk8s-plus with it: targets that make no manifests start without it (docs/performance.md).
    const { synthesizeKubernetes } = require('./kubernetes/manifests') as typeof import('./kubernetes/manifests');
    try {
      for (const [rel, content] of Object.entries(synthesizeKubernetes(model, layout.scope, hatches.kubernetes))) files[`kubernetes/${rel}`] = content;
    } catch (error) {
      if (!(error instanceof TopologyError)) throw error;
      problems.push(...error.problems);
    }
  }
  problems.push(...dockerfileEditProblems(hatches.dockerfiles, files));
  if (problems.length > 0) throw new TopologyError(problems);
  return files;
}

