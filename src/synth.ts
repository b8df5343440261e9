/**
 * Synthesis as a pure function: construct tree → `{path: content}`. Nothing here touches the
 * disk, so tests, `--check` drift detection and the cdk8s app all share one code path.
 */
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { type Problem, showValue, TopologyError } from './graph/problems';
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
import { kustomizeLayout, OVERLAYS_DIR } from './kubernetes/kustomize';
import { composeOverride } from './render/compose-environments';
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
  /**
   * Render this one environment flattened, in the layout of a topology without environments (as if
   * the graph had been written that way): `topograph synth --env <env>`. Every topology must declare it.
   * @default none: the base, plus a Kustomize overlay and a compose override per declared environment
   */
  readonly environment?: string;
}

/** The whole output, and what the hardening rules read of it. */
export interface SynthRenders {
  /** The output as `{path: content}`, relative to the output directory. */
  readonly files: Record<string, string>;
  /**
   * What lint reads, by the path findings name: the base render (at its written paths) and each
   * environment's flattened render where it differs from the base, at the path of its overlay
   * (`kubernetes-overlays/<env>/<file>`, `docker/docker-compose.<env>.yml`). Without environments,
   * `files` itself.
   */
  readonly lint: Record<string, string>;
  /** For each environment path in `lint`: the base path the same file has (so a finding of both is reported once). */
  readonly lintOrigins: ReadonlyMap<string, string>;
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
  return synthRenders(root, options).files;
}

/** `synthFiles`, with what lint reads of the output (every environment's flattened render). */
export function synthRenders(root: IConstruct, options: SynthOptions = {}): SynthRenders {
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
  const lint: Record<string, string> = {};
  const lintOrigins = new Map<string, string>();
  for (const topology of topologies) {
    const prefix = topologies.length > 1 ? `${topology.topologyName}/` : '';
    if (options.environment !== undefined && !(topology.environmentNames ?? []).includes(options.environment)) {
      const declared = [...(topology.environmentNames ?? [])].sort(compareStrings);
      throw new TopologyError([
        {
          message: `Topology '${topology.topologyName}' has no such environment`,
          value: showValue(options.environment),
          expected: declared.length ? `one of its environments: ${declared.join(', ')}` : 'no environment: this topology declares none',
          action: declared.length ? 'Use one of them, or declare it in "environments"' : 'Declare it in "environments", or render without an environment',
        },
      ]);
    }
    const model = topology.toModel(options.environment);
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
    const layout: RenderLayout = {
      baseFromOutdir: toPosix(path.relative(topologyOut, topology.baseDir)) || '.',
      builds,
      targets: options.targets ?? TARGETS,
      escapeHatches: options.environment === undefined ? topology._escapeHatches : hatchesFor(topology._escapeHatches, topology.toModel(), model),
      // A flattened environment is not the model of the charts in the app's tree: a private cdk8s App.
      scope: options.environment === undefined ? topology : undefined,
    };
    const rendered = renderTopology(model, layout);
    const environments = options.environment === undefined ? [...(topology.environmentNames ?? [])].sort(compareStrings) : [];
    const put = (target: Record<string, string>, entries: Record<string, string>) => {
      for (const [rel, content] of Object.entries(entries)) target[path.posix.normalize(`${prefix}${rel}`)] = content;
    };
    if (environments.length === 0) {
      put(files, rendered);
      put(lint, rendered);
      continue;
    }
    // Every environment is rendered whole, flattened, with the escape hatches (a private cdk8s App each);
    // the layout functions turn the renders into a Kustomize base and overlays and compose override files.
    const envRenders = environments.map((env) => {
      const envModel = topology.toModel(env);
      return { env, files: renderTopology(envModel, { ...layout, scope: undefined, escapeHatches: hatchesFor(layout.escapeHatches, model, envModel) }) };
    });
    const layoutFiles = environmentLayout(rendered, envRenders);
    put(files, layoutFiles.files);
    put(lint, layoutFiles.lint);
    for (const [envPath, basePath] of layoutFiles.origins) lintOrigins.set(path.posix.normalize(`${prefix}${envPath}`), path.posix.normalize(`${prefix}${basePath}`));
  }
  // The app's own cdk8s charts, beside topograph's manifests (never dropped).
  if ((options.targets ?? TARGETS).includes('k8s')) {
    const own = userChartFiles(root);
    Object.assign(files, own);
    Object.assign(lint, own);
  }
  return { files: sortedRecord(files), lint: sortedRecord(lint), lintOrigins };
}

/**
 * The escape hatches of an environment's render: all of them, less those on a dependency the
 * environment does not run (external there, run in the base): its objects and compose entry are
 * not in that render, and a hatch recorded for the base must not fail it or recreate half an entry.
 */
function hatchesFor(hatches: EscapeHatches | undefined, base: TopologyModel, env: TopologyModel): EscapeHatches | undefined {
  if (!hatches) return hatches;
  const gone = new Set(base.dependencies.filter((d) => !d.external && env.dependencies.some((e) => e.name === d.name && e.external)).map((d) => d.name));
  if (gone.size === 0) return hatches;
  return {
    ...hatches,
    compose: hatches.compose.filter((o) => !(o.path[0] === 'services' && gone.has(o.path[1]))),
    kubernetes: hatches.kubernetes.filter((p) => !gone.has(p.selector.name)),
  };
}

/** The Kubernetes manifests directory of a render. */
const KUBERNETES_DIR = 'kubernetes/';

/**
 * The layout of a topology with environments, from its base render and each environment's
 * flattened render (keys relative to the topology's output directory): `kubernetes/…` (the base,
 * as without environments, plus its `Kustomization`) and `kubernetes-overlays/<env>/…`
 * (src/kubernetes/kustomize.ts), `docker/docker-compose.<env>.yml`
 * (src/render/compose-environments.ts), `docker/.env.<env>.example` when the environment's
 * secrets differ, and any docker file only an environment has (a dependency's init files when it
 * runs only there). Dockerfiles, .dockerignore and scripts are the base's.
 */
export function environmentLayout(
  base: Record<string, string>,
  environments: ReadonlyArray<{ readonly env: string; readonly files: Record<string, string> }>,
): { files: Record<string, string>; lint: Record<string, string>; origins: Map<string, string> } {
  const files: Record<string, string> = {};
  const lint: Record<string, string> = {};
  const origins = new Map<string, string>();
  const kubernetesOf = (render: Record<string, string>) =>
    Object.fromEntries(Object.entries(render).filter(([rel]) => rel.startsWith(KUBERNETES_DIR)).map(([rel, content]) => [rel.slice(KUBERNETES_DIR.length), content]));
  const baseKubernetes = kubernetesOf(base);
  for (const [rel, content] of Object.entries(base)) {
    if (rel.startsWith(KUBERNETES_DIR)) {
      // The base stays where it is without environments (kustomizeLayout adds its kustomization).
      lint[rel] = content;
      continue;
    }
    files[rel] = content;
    lint[rel] = content;
  }
  if (Object.keys(baseKubernetes).length > 0) {
    const envKubernetes = Object.fromEntries(environments.map(({ env, files: render }) => [env, kubernetesOf(render)]));
    Object.assign(files, kustomizeLayout(baseKubernetes, envKubernetes));
    for (const { env, files: render } of environments) {
      for (const [rel, content] of Object.entries(kubernetesOf(render))) {
        if (baseKubernetes[rel] === content) continue;
        const shown = `${OVERLAYS_DIR}/${env}/${rel}`;
        lint[shown] = content;
        origins.set(shown, `${KUBERNETES_DIR}${rel}`);
      }
    }
  }
  const compose = `docker/${COMPOSE_FILE}`;
  for (const { env, files: render } of environments) {
    if (base[compose] !== undefined && render[compose] !== undefined) {
      const shown = `docker/docker-compose.${env}.yml`;
      files[shown] = composeOverride(base[compose], render[compose], env);
      if (render[compose] !== base[compose]) {
        lint[shown] = render[compose];
        origins.set(shown, compose);
      }
    }
    const example = 'docker/.env.example';
    if (base[example] !== undefined && render[example] !== undefined && render[example] !== base[example]) files[`docker/.env.${env}.example`] = render[example];
    for (const [rel, content] of Object.entries(render)) {
      if (!rel.startsWith('docker/') || rel === compose || rel === example || Object.hasOwn(base, rel) || Object.hasOwn(files, rel)) continue;
      files[rel] = content;
    }
  }
  return { files, lint, origins };
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

