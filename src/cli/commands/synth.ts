import * as path from 'node:path';
import { type Command, Option } from 'commander';
import type { Bind } from '../io';
import { TopologyError } from '../../graph/problems';
import type { TopologyModel } from '../../model';
import { TARGETS, type Target } from '../../synth';
import { ConflictError, type FileChange, legacyLeftovers } from '../../write';
import { type Synthesis, synthesize } from '../../synthesis';
import { CliError } from '../errors';
import { renderArtifactsSummary } from '../summary';
import { type CliIO, displayPath, EXIT, type GlobalOptions, Style } from '../io';
import { loadTopology } from '../load-topology';
import { reportSynthLint } from './lint';
import { plural, topologySize } from '../../plural';
import { contains, realPathOf } from '../../output/safe-fs';
import { printWarnings } from './validate';
import { supportDate } from '../../runtimes';
import { kubernetesSummary } from '../../kubernetes/summary';
import { showValue } from '../../graph/problems';

export interface SynthCommandOptions extends GlobalOptions {
  readonly out?: string;
  readonly target?: string;
  readonly check?: boolean;
  readonly force?: boolean;
  readonly allowOutsideContext?: boolean;
  readonly env?: string;
}

export const TARGET_CHOICES = ['docker', 'compose', 'k8s', 'all'] as const;

/** `--target` → the targets it means. */
export function targetsOf(target: string | undefined): readonly Target[] {
  if (!target || target === 'all') return TARGETS;
  return [target as Target];
}

/** Adds `synth`, its argument and its options to the program. */
export function addSynthCommand(program: Command, bind: Bind): void {
  program
    .command('synth')
    .description('generate Dockerfiles, docker-compose.yml, scripts and Kubernetes manifests from a graph')
    .argument('[graph]', 'topology graph file', 'topology-graph.json')
    .option('-o, --out <dir>', 'output directory', 'dist')
    .addOption(new Option('-t, --target <target>', 'what to generate').choices([...TARGET_CHOICES]).default('all'))
    .option('--check', 'write nothing; exit 1 listing every file that differs from what would be generated')
    .option('--force', 'overwrite files at generated paths even when topograph did not write them')
    .option('--env <env>', 'write one environment of the graph flattened, in the layout of a graph without environments')
    .option('--allow-outside-context', 'allow build contexts outside the graph file\'s directory (a .dockerignore is written into each)')
    .addHelpText(
      'after',
      `
Writes <out>/docker (Dockerfile.<service>, docker-compose.yml, .env.example, start/stop/logs.sh, init files),
<out>/kubernetes (manifests) and a .dockerignore into each build context. <out> must be empty, new, or hold
topograph output (<out>/.topograph/manifest.json). Only what changed is written, all or nothing; files
topograph did not generate are never overwritten (without --force), moved or deleted. One synth at a time
per <out>: another waits up to TOPOGRAPH_LOCK_TIMEOUT seconds (30). Details: docs/security.md

Examples:
  topograph synth                                   # ./topology-graph.json → ./dist
  topograph synth examples/shop/topology-graph.json --out out --target compose
  topograph synth --check && echo "dist/ is up to date"
  topograph synth --env prod --out dist-prod        # one environment, flattened

With "environments" in the graph, <out>/kubernetes is also a Kustomize base, <out>/kubernetes-overlays/<env> an overlay (kubectl apply -k), and
<out>/docker a docker-compose.<env>.yml override per environment; --check compares all of them.`,
    )
    .action(bind((c, io) => synthCommand(c.args[0], c.optsWithGlobals(), io)));
}

export function synthCommand(graph: string | undefined, options: SynthCommandOptions, io: CliIO): number {
  const outdir = path.resolve(io.cwd, options.out ?? 'dist');
  const shownOut = displayPath(io.cwd, outdir);
  const targets = targetsOf(options.target);
  const loaded = loadTopology(graph, io.cwd, outdir, { allowOutsideContext: options.allowOutsideContext });
  const environment = options.env;
  if (environment !== undefined) assertEnvironment(loaded.topology.environmentNames, environment, loaded.shownFile);
  const model = environment === undefined ? loaded.model : loaded.topology.toModel(environment);
  const environments = environment === undefined ? [...loaded.topology.environmentNames].sort() : [];
  assertOutdirHoldsNoSources(outdir, [loaded.graphFile, ...loaded.model.services.map((s) => path.resolve(loaded.topology.baseDir, s.context))], io.cwd);
  const layoutProblem = loaded.app._layoutProblem();
  if (layoutProblem) throw new CliError([layoutProblem]);
  const style = new Style(io);
  const shownFile = (file: string) => displayPath(io.cwd, path.resolve(outdir, file));
  let session: Synthesis;
  try {
    session = synthesize(loaded.app, {
      outdir,
      targets,
      environment,
      check: options.check,
      // --check plans what a plain synth would write (as before the session), whatever --force says.
      force: options.check ? false : options.force,
      lintWording: { graph: loaded.shownFile, shown: shownFile },
      today: supportDate(io.env),
      write: {
        command: 'topograph synth',
        onLockWait: (holder) => {
          if (!options.quiet) io.stderr(`Waiting for ${holder}, which is writing ${shownOut}…\n`);
        },
        onRecover: (report) => {
          if (options.quiet) return;
          for (const r of report.completed) io.stderr(`! Completed the write of an interrupted synth first (pid ${r.pid}, started ${r.since})\n`);
          for (const r of report.undone) io.stderr(`! Undid the unfinished write of an interrupted synth first (pid ${r.pid}, started ${r.since}); the previous output was intact\n`);
        },
      },
      beforeWrite: (report) => {
        if (!options.json && !options.quiet) printWarnings(report.warnings, io);
        // Lint errors are thrown by the session (as problems); the rest is printed here.
        if (report.problems.length === 0) reportSynthLint(report.lint!, io, { ...options, graph: loaded.shownFile, shown: shownFile });
      },
    });
  } catch (error) {
    if (TopologyError.isTopologyError(error)) throw new CliError(error.problems);
    if (error instanceof ConflictError) {
      throw new CliError([
        {
          message: `Refusing to overwrite ${error.paths.length === 1 ? 'a file' : `${error.paths.length} files`} topograph did not generate`,
          value: error.paths.map((p) => path.join(shownOut, p)).join(', '),
          expected: `files carrying the '@generated by topograph' marker, or nothing, at generated paths`,
          action: 'Move your file elsewhere (or choose another --out), or re-run with --force to overwrite it',
        },
      ]);
    }
    throw error;
  }
  const { files, warnings } = session;
  const lint = session.lint!;

  if (session.plan) {
    const { changes, conflicts, interrupted, busy } = session.plan;
    if (busy || interrupted.length > 0) {
      const run = interrupted[0]?.owner;
      throw new CliError([
        busy
          ? {
              message: `A topograph run is writing ${shownOut} right now: ${busy}`,
              value: shownOut,
              action: `Wait until it has finished, then run 'topograph synth ${loaded.shownFile} --out ${shownOut} --check' again`,
            }
          : {
              message: `${shownOut} holds an interrupted synth (pid ${run!.pid}, started ${run!.since}) that ${interrupted[0].committed ? 'had committed: some files are new, some old' : 'had not committed: the old files are intact, beside its temporary files'}`,
              value: interrupted.map((r) => `${r.committed ? 'journal' : 'pending'} ${r.owner.run}`).join(', '),
              expected: 'a finished output directory (--check reads only; it repairs nothing)',
              action: `Run 'topograph synth ${loaded.shownFile} --out ${shownOut}': it ${interrupted[0].committed ? 'completes' : 'undoes'} the interrupted write first`,
            },
      ]);
    }
    const drift = changes.filter((c) => c.status === 'created' || c.status === 'updated' || c.status === 'deleted');
    if (options.json) {
      io.stdout(`${JSON.stringify({ ok: drift.length === 0, command: 'synth', check: true, outdir: shownOut, targets, ...environmentsJson(environment, environments), drift: drift.map(describeDrift), conflicts }, null, 2)}\n`);
    } else if (drift.length === 0) {
      if (!options.quiet) io.stdout(`${style.green('✓')} ${shownOut} is up to date with ${loaded.shownFile} (${plural(Object.keys(files).length, 'file')})\n`);
    } else {
      const lines = drift.map((c) => `  ${symbolOf(c)} ${displayPath(io.cwd, path.resolve(outdir, c.path))}${c.status === 'created' ? ' (missing)' : c.status === 'deleted' ? ' (no longer generated)' : ' (differs)'}`);
      io.stderr(
        `ERROR: ${drift.length} generated file${drift.length === 1 ? '' : 's'} out of date in ${shownOut}\n${lines.join('\n')}\n` +
          `Action: run 'topograph synth ${loaded.shownFile} --out ${shownOut}${options.target && options.target !== 'all' ? ` --target ${options.target}` : ''}${environment !== undefined ? ` --env ${environment}` : ''}' and commit the result\n`,
      );
    }
    return drift.length === 0 ? EXIT.OK : EXIT.FAILED;
  }
  const changes = session.changes!;

  const legacy = legacyLeftovers(outdir);
  if (legacy.length > 0 && !options.quiet) {
    io.stderr(
      `! ${legacy.length === 1 ? 'A directory' : `${legacy.length} directories`} left beside ${shownOut} by an older topograph that was interrupted: ${legacy.map((l) => displayPath(io.cwd, l)).join(', ')}\n` +
        `  ${legacy.length === 1 ? 'It' : 'They'} may hold a copy of docker/.env (secrets) or the only copy of a folder of yours: check, then remove (rm -rf ${legacy.map((l) => displayPath(io.cwd, l)).join(' ')})\n`,
    );
  }

  if (options.json) {
    io.stdout(
      `${JSON.stringify(
        {
          ok: true,
          command: 'synth',
          graph: loaded.shownFile,
          outdir: shownOut,
          targets,
          ...environmentsJson(environment, environments),
          order: model.order,
          warnings,
          lint: { findings: lint.findings, acknowledged: lint.acknowledged },
          files: changes.map((c) => ({ path: c.path, status: c.status, ...(c.reason ? { reason: c.reason } : {}) })),
        },
        null,
        2,
      )}\n`,
    );
    return EXIT.OK;
  }
  const shown = (rel: string) => `${displayPath(io.cwd, path.resolve(outdir, rel))}${rel.endsWith('/') ? '/' : ''}`;
  if (!options.quiet) io.stdout(renderSummary(model, changes, targets, shownOut, style, shown, { environments, environment, graph: loaded.shownFile }));
  return EXIT.OK;
}

/** `--env` names a declared environment, or the command stops naming the declared ones. */
function assertEnvironment(declared: readonly string[], environment: string, shownFile: string): void {
  if (declared.includes(environment)) return;
  const sorted = [...declared].sort();
  throw new CliError([
    {
      message: `${shownFile} has no environment ${showValue(environment)}`,
      value: showValue(environment),
      expected: sorted.length ? `one of its environments: ${sorted.join(', ')}` : 'no --env: the graph declares no environments',
      action: sorted.length ? `Run with --env ${sorted[0]}${sorted.length > 1 ? ` (or ${sorted.slice(1).join(', ')})` : ''}, or add the environment to "environments" in ${shownFile}` : `Leave --env out, or declare "environments" in ${shownFile}`,
    },
  ]);
}

/** The environments of a synth, for --json: the one rendered flattened, or the ones in the layout. */
function environmentsJson(environment: string | undefined, environments: readonly string[]): Record<string, unknown> {
  if (environment !== undefined) return { environment };
  return environments.length ? { environments } : {};
}

/** The output directory must not hold the graph or any build context (symbolic links resolved): generated files would mix with sources. */
function assertOutdirHoldsNoSources(outdir: string, sources: string[], cwd: string): void {
  const real = (p: string) => {
    try {
      return realPathOf(p);
    } catch {
      return p;
    }
  };
  const realOut = real(outdir);
  for (const source of sources) {
    if (contains(realOut, real(source)) || contains(outdir, source)) {
      throw new CliError([
        {
          message: `Refusing to write into ${displayPath(cwd, outdir)}: it contains your sources`,
          value: displayPath(cwd, source),
          expected: 'an output directory of its own, holding only what topograph generates and your own additions',
          action: 'Choose another --out, e.g. --out dist',
        },
      ]);
    }
  }
}

function describeDrift(c: FileChange) {
  return { path: c.path, problem: c.status === 'created' ? 'missing' : c.status === 'deleted' ? 'stale' : 'differs' };
}

function symbolOf(c: FileChange): string {
  return c.status === 'created' ? '+' : c.status === 'deleted' ? '-' : 'M';
}

function renderSummary(
  model: TopologyModel,
  changes: FileChange[],
  targets: readonly Target[],
  shownOut: string,
  style: Style,
  shown: (rel: string) => string,
  envs: { readonly environments: readonly string[]; readonly environment?: string; readonly graph: string },
): string {
  const lines = renderArtifactsSummary({
    context: [`Topology: ${model.name} ${model.version}${envs.environment !== undefined ? ` (environment ${envs.environment}, flattened)` : ''} — ${topologySize({ services: model.services.length, dependencies: model.dependencies.length, edges: model.edges.length })} → ${shownOut}`, ''],
    changes,
    describe: (c) => shown(c.path),
    mark: (_, symbol) => (symbol === '✓' ? style.green(symbol) : style.yellow(symbol)),
    spaced: true,
  });
  lines.push('Initialization order:');
  model.order.forEach((name, i) => {
    const dep = model.dependencies.find((d) => d.name === name);
    const service = model.services.find((s) => s.name === name);
    const what = dep ? `${dep.type}${dep.external ? ', external' : ''}` : `${service!.archetype}${service!.containerized ? '' : ', not deployed'}`;
    lines.push(`  ${i + 1}. ${name} (${what})`);
  });
  lines.push('');
  const libraries = model.services.filter((s) => !s.containerized);
  if (libraries.length) {
    lines.push(`Libraries (no image, not deployed): ${libraries.map((s) => s.name).join(', ')}`, '');
  }
  lines.push('Next steps:');
  if (targets.includes('compose')) {
    lines.push(`  cd ${path.join(shownOut, 'docker')} && ./start.sh     # builds, starts and waits until healthy`);
    if (model.secrets.length) lines.push(`  (secrets: ${model.secrets.map((s) => s.name).join(', ')} — start.sh puts random values in docker/.env on first run)`);
  }
  if (targets.includes('k8s')) {
    const dir = `${shownOut}/kubernetes`;
    const k8s = kubernetesSummary(model, dir, { withCompose: targets.includes('compose') });
    lines.push(...k8s.map((l) => `  ${l}`));
  }
  if (envs.environments.length) lines.push(...environmentsSummary(envs.environments, targets, shownOut, envs.graph, new Set(changes.map((c) => c.path))));
  return `${lines.join('\n')}\n`;
}

/** How to apply each environment of the layout, and how to write one flattened. */
function environmentsSummary(environments: readonly string[], targets: readonly Target[], shownOut: string, graph: string, written: ReadonlySet<string>): string[] {
  const width = Math.max(...environments.map((e) => e.length)) + 1;
  const lines = ['', `Environments: ${environments.join(', ')}`];
  for (const env of environments) {
    const label = `${env}:`.padEnd(width);
    const ways: string[] = [];
    if (targets.includes('k8s')) ways.push(`kubectl apply -k ${shownOut}/kubernetes-overlays/${env}`);
    if (targets.includes('compose')) ways.push(`cd ${shownOut}/docker && docker compose -f docker-compose.yml -f docker-compose.${env}.yml up -d`);
    if (written.has(`docker/.env.${env}.example`)) ways.push(`(its compose secrets differ from the base's: docker/.env.${env}.example lists them for its .env)`);
    ways.forEach((way, i) => lines.push(`  ${i === 0 ? label : ' '.repeat(width)}  ${way}`));
  }
  lines.push(`  One environment flattened, with what it needs from you (Secret or store keys, ingress controller, DNS): topograph synth ${graph} --env <env> --out <dir>`);
  return lines;
}
