/**
 * One synthesis session, shared by every door (`TopographApp.synth()`, `topograph synth`, the
 * cdk8s entry): check the tree, render every topology once, judge runtime support, run the
 * hardening rules, then write the files (or, with `check`, plan the write). The doors only print.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { toPosix } from './paths';
import { contextFileProblems, contextProblems } from './graph/load';
import { type Problem, TopologyError } from './graph/problems';
import { type Finding, lintFiles, type LintOptions, type LintResult, SYNTH_RULES } from './lint';
import type { TopologyModel } from './model';
import { runtimeSupportWarnings, supportDate } from './runtimes';
import { findTopologies, synthRenders, type Target, TARGETS } from './synth';
import type { TopologySource } from './topology-source';
import { type FileChange, planWrite, type WriteOptions, type WritePlanResult, writeFiles } from './write';

/** How the problems made of lint errors name files and the place to acknowledge them. */
export interface LintProblemWording {
  /** How a generated file is shown. @default its path relative to the output directory */
  readonly shown?: (file: string) => string;
  /**
   * The graph file the user acknowledges findings in (the CLI). @default none: the topology was
   * built in code (or with `Topology.fromGraph`), so both ways to acknowledge are named
   */
  readonly graph?: string;
}

/** What `synthesize` does, and for which door. */
export interface SynthesizeOptions {
  /** Output directory (absolute, or relative to the working directory). @default the app's outdir, else "dist" */
  readonly outdir?: string;
  /** What to generate. @default every target */
  readonly targets?: readonly Target[];
  /** Render this one environment flattened (`topograph synth --env`, see `SynthOptions.environment`). @default the base and every environment */
  readonly environment?: string;
  /** Plan the write only (drift detection): nothing on disk changes; the plan comes back in `plan`. @default false */
  readonly check?: boolean;
  /** Overwrite files at generated paths that topograph did not write. @default false */
  readonly force?: boolean;
  /** Run the hardening rules: an error-level finding becomes a problem and nothing is written. @default true */
  readonly lint?: boolean;
  /** How lint problems are worded. @default see `LintProblemWording` */
  readonly lintWording?: LintProblemWording;
  /**
   * Check that every build context exists and holds the files its Dockerfile copies first (reads
   * the disk). @default false (a graph file's contexts were checked when it was loaded)
   */
  readonly checkContexts?: boolean;
  /** The day runtime support is judged on. @default `supportDate()` ($TOPOGRAPH_TODAY, else today) */
  readonly today?: Date;
  /** Where each rendered path goes, relative to `outdir` (e.g. without the `kubernetes/` level). @default unchanged */
  readonly relocate?: (files: Record<string, string>) => Record<string, string>;
  /** How the files are written (lock waits, recovery messages, the command recorded). @default writeFiles' defaults */
  readonly write?: Omit<WriteOptions, 'force' | 'targets'>;
  /**
   * Called once everything is rendered and linted, before anything is written, so a door prints
   * warnings and findings first; when `report.problems` is not empty the session then throws them.
   * @default none
   */
  readonly beforeWrite?: (report: SynthesisReport) => void;
}

/** Everything a session found before writing. */
export interface SynthesisReport {
  /** The output as `{path: content}`, relative to the output directory (after `relocate`). */
  readonly files: Record<string, string>;
  /** The resolved model of each topology, in the order of `findTopologies`. */
  readonly models: readonly TopologyModel[];
  /** Runtime lines past their end of upstream support: printed, never fatal. */
  readonly warnings: Problem[];
  /** What the hardening rules found. @default absent when lint is off */
  readonly lint?: LintResult;
  /** The lint errors as problems: when any, nothing is written and the session throws them. */
  readonly problems: Problem[];
}

/** The outcome of a session. */
export interface Synthesis extends SynthesisReport {
  /** What the write changed on disk. @default absent with `check` */
  readonly changes?: FileChange[];
  /** What writing would change. @default absent unless `check` */
  readonly plan?: WritePlanResult;
}

/**
 * Synthesizes every topology under `root` once and writes the result all-or-nothing (or plans
 * it, with `check`). Throws a `TopologyError` with every problem (build contexts, the tree, lint
 * errors) before anything is written, an `OutputError` when the output directory cannot be
 * written safely, and a `ConflictError` for user files at generated paths (unless `force`).
 */
export function synthesize(root: IConstruct, options: SynthesizeOptions = {}): Synthesis {
  const targets = options.targets ?? TARGETS;
  const outdir = options.outdir ?? (root as { outdir?: string }).outdir ?? 'dist';
  const topologies = findTopologies(root);
  if (options.checkContexts) {
    const contexts = buildContextProblems(topologies);
    if (contexts.length > 0) throw new TopologyError(contexts);
  }
  const renders = synthRenders(root, { outdir, targets, environment: options.environment });
  const rendered = renders.files;
  const files = options.relocate ? options.relocate(rendered) : rendered;
  const models = topologies.map((t) => t.toModel(options.environment));
  const today = options.today ?? supportDate();
  const warnings = models.flatMap((m) => runtimeSupportWarnings(m.services, today));
  // A service's own Dockerfile (runtime "dockerfile") is linted like a generated one, read where it is.
  const own = options.lint === false ? { files: {}, services: {} } : ownDockerfiles(topologies, models, outdir);
  const lint = options.lint === false
    ? undefined
    : lintRenders({ ...renders.lint, ...own.files }, renders.lintOrigins, { acknowledge: topologies.flatMap((t) => t.lintAcknowledgements), services: own.services, rules: SYNTH_RULES });
  const problems = lint ? lintProblems(lint, options.lintWording, new Set(Object.keys(own.files))) : [];
  const report: SynthesisReport = { files, models, warnings, ...(lint ? { lint } : {}), problems };
  options.beforeWrite?.(report);
  if (problems.length > 0) throw new TopologyError(problems);
  const writeOptions: WriteOptions = { ...options.write, force: options.force, targets };
  if (options.check) return { ...report, plan: planWrite(outdir, files, writeOptions) };
  return { ...report, changes: writeFiles(outdir, files, writeOptions) };
}

/**
 * Lints the base render and each environment's flattened render (`SynthRenders.lint`): a finding
 * in an environment's file that the base's file has too (same rule, service and message) is
 * reported once, on the base.
 */
export function lintRenders(files: Readonly<Record<string, string>>, origins: ReadonlyMap<string, string>, options: LintOptions): LintResult {
  const result = lintFiles(files, options);
  if (origins.size === 0) return result;
  const key = (f: Finding, file: string) => `${f.rule}\u0000${f.service ?? ''}\u0000${f.message}\u0000${file}`;
  const inBase = new Set([...result.findings, ...result.acknowledged].filter((f) => !origins.has(f.file)).map((f) => key(f, f.file)));
  const repeated = (f: Finding) => origins.has(f.file) && inBase.has(key(f, origins.get(f.file)!));
  const findings = result.findings.filter((f) => !repeated(f));
  return {
    ...result,
    findings,
    acknowledged: result.acknowledged.filter((f) => !repeated(f)),
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/**
 * The error-level findings of lint on synth as problems: what makes a synth (and `validate`)
 * fail. The one place findings become problems, for every door.
 */
export function lintProblems(result: LintResult, wording: LintProblemWording = {}, own: ReadonlySet<string> = new Set()): Problem[] {
  const shown = wording.shown ?? ((file: string) => file);
  const what = (file: string) => (own.has(file) ? "the service's own Dockerfile" : 'as it would be generated; not written');
  return result.findings
    .filter((f) => f.severity === 'error')
    .map((f) =>
      wording.graph !== undefined
        ? {
            message: `${f.message} [${f.rule}]`,
            value: `${f.line !== undefined ? `${shown(f.file)}:${f.line}` : shown(f.file)} (${what(f.file)})`,
            action: `${f.fix.replace(/\.$/, '')}; or, if it is deliberate, acknowledge it in ${wording.graph}: "lint": {"acknowledge": [{"rule": "${f.rule}",${f.service ? ` "service": "${f.service}",` : ''} "reason": "…"}]}`,
          }
        : {
            message: `${f.message} [${f.rule}]`,
            value: f.line === undefined ? shown(f.file) : `${shown(f.file)}:${f.line}`,
            action: `${f.fix.replace(/\.$/, '')}; or, if it is deliberate, acknowledge it: new Topology(…, { lintAcknowledgements: [{ rule: '${f.rule}',${f.service ? ` service: '${f.service}',` : ''} reason: '…' }] }) or "lint": {"acknowledge": […]} in the graph`,
          },
    );
}

/** Largest own Dockerfile read for lint: anything bigger is no Dockerfile anyone wrote by hand. */
const MAX_OWN_DOCKERFILE_BYTES = 2 * 1024 * 1024;

/**
 * The own Dockerfiles of the services with runtime "dockerfile", by path relative to the output
 * directory (as lint names generated files), and the service each is about. A file that is missing
 * or not a regular file is left out: the build-context checks report it (src/graph/load.ts).
 */
function ownDockerfiles(
  topologies: readonly TopologySource[],
  models: readonly TopologyModel[],
  outdir: string,
): { files: Record<string, string>; services: Record<string, string> } {
  const files: Record<string, string> = Object.create(null);
  const services: Record<string, string> = Object.create(null);
  const out = path.resolve(outdir);
  topologies.forEach((topology, i) => {
    for (const service of models[i].services) {
      if (service.build.kind !== 'dockerfile') continue;
      const file = path.resolve(topology.baseDir, service.context, service.build.dockerfile);
      const text = readRegularFile(file, MAX_OWN_DOCKERFILE_BYTES);
      if (text === undefined) continue;
      const key = toPosix(path.relative(out, file));
      files[key] = text;
      services[key] = service.name;
    }
  });
  return { files, services };
}

/** A regular file's text when it is one of at most `max` bytes, else undefined (never follows it when it is a directory or device). */
function readRegularFile(file: string, max: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > max) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The build contexts checked where the CLI checks them (src/graph/load.ts), for topologies built
 * in code: each exists and holds the files its Dockerfile copies first. `synthFiles` reads no disk.
 */
function buildContextProblems(topologies: readonly TopologySource[]): Problem[] {
  return topologies.flatMap((topology) => {
    const graph = { services: topology.serviceSpecs() };
    const where = `topology '${topology.topologyName}' (your code)`;
    return [...contextProblems(graph, topology.baseDir, where), ...contextFileProblems(graph, topology.baseDir, where)];
  });
}
