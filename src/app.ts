import { App, type AppProps } from 'cdk8s';
import { formatWarning, type Problem, TopologyError } from './graph/problems';
import { runtimeSupportWarnings, supportDate } from './runtimes';
import type { Topology } from '../constructs/topology';
import { contextFileProblems, contextProblems } from './graph/load';
import { formatFinding, lintFiles, type LintResult } from './lint';
import { findTopologies, type SynthOptions, synthFiles, type Target } from './synth';
import { type FileChange, writeFiles } from './write';

/** Props for a topograph app. */
export interface TopographAppProps extends AppProps {
  /** What `synth()` writes. @default every target (docker, compose, k8s) */
  readonly targets?: readonly Target[];
  /** Overwrite files at generated paths that topograph did not write. @default false */
  readonly force?: boolean;
  /**
   * Run the hardening rules (docs/lint.md) in `synth()`: an error-level finding stops it before
   * anything is written; warnings and acknowledged findings are printed on stderr.
   * @default true
   */
  readonly lint?: boolean;
}

/**
 * A cdk8s App that writes the whole topograph output on `synth()`: Dockerfiles, compose file,
 * scripts and Kubernetes manifests, into `outdir` (`dist` by default, or `cdk8s synth --output`).
 */
export class TopographApp extends App {
  /** What `synth()` writes. */
  public readonly targets?: readonly Target[];
  private readonly force: boolean;
  private readonly lint: boolean;
  /** What the hardening rules found in the last `synth()` (undefined when `lint` is false). */
  public lastLint?: LintResult;
  /** What the last `synth()` changed on disk. */
  public lastChanges: FileChange[] = [];
  /** Warnings of the last `synth()`: runtime lines past their end of upstream support (printed on stderr). */
  public lastWarnings: Problem[] = [];

  public constructor(props: TopographAppProps = {}) {
    super(props);
    this.targets = props.targets;
    this.force = props.force ?? false;
    this.lint = props.lint ?? true;
  }

  /** The output as `{path: content}`, without writing anything. */
  public synthFiles(options: SynthOptions = {}): Record<string, string> {
    return synthFiles(this, { outdir: this.outdir, targets: this.targets, ...options });
  }

  /**
   * Synthesizes every topology, runs the hardening rules, and writes the files (atomically; user
   * files are never overwritten). Throws a `TopologyError` naming each error-level finding, with
   * nothing written, unless a topology acknowledges it.
   */
  public synth(): void {
    const contexts = buildContextProblems(findTopologies(this));
    if (contexts.length > 0) throw new TopologyError(contexts);
    const files = this.synthFiles();
    const today = supportDate();
    this.lastWarnings = findTopologies(this).flatMap((t) => runtimeSupportWarnings(t.toModel().services, today));
    for (const warning of this.lastWarnings) process.stderr.write(`${formatWarning(warning)}\n`);
    if (this.lint) {
      const result = lintFiles(files, { acknowledge: findTopologies(this).flatMap((t) => t.lintAcknowledgements) });
      this.lastLint = result;
      const errors = result.findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        throw new TopologyError(
          errors.map((f) => ({
            message: `${f.message} [${f.rule}]`,
            value: f.line === undefined ? f.file : `${f.file}:${f.line}`,
            action: `${f.fix.replace(/\.$/, '')}; or, if it is deliberate, acknowledge it: new Topology(…, { lintAcknowledgements: [{ rule: '${f.rule}',${f.service ? ` service: '${f.service}',` : ''} reason: '…' }] }) or "lint": {"acknowledge": […]} in the graph`,
          })),
        );
      }
      for (const f of result.findings) process.stderr.write(`${formatFinding(f)}\n`);
      for (const f of result.acknowledged) process.stderr.write(`· acknowledged ${f.rule}${f.service ? ` (${f.service})` : ''}: ${f.reason}\n`);
      for (const a of result.unusedAcknowledgements) process.stderr.write(`! lint acknowledgement for ${a.rule}${a.service ? ` (${a.service})` : ''} matches no finding; remove it\n`);
    }
    this.lastChanges = writeFiles(this.outdir, files, { force: this.force });
  }
}

/**
 * The build contexts checked where the CLI checks them (src/graph/load.ts), at synth time: each
 * exists and holds the files its Dockerfile copies first. `synthFiles` stays pure and reads no disk.
 */
function buildContextProblems(topologies: readonly Topology[]): Problem[] {
  return topologies.flatMap((topology) => {
    const graph = { services: topology.services.map((s) => s.toSpec()) };
    const where = `topology '${topology.topologyName}' (your code)`;
    return [...contextProblems(graph, topology.baseDir, where), ...contextFileProblems(graph, topology.baseDir, where)];
  });
}
