import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps } from 'cdk8s';
import { formatWarning, type Problem, TopologyError } from './graph/problems';
import { formatFinding, type LintResult } from './lint';
import { contains, realPathOf } from './output/safe-fs';
import { displayPath } from './paths';
import { type SynthOptions, synthFiles, type Target, TARGETS } from './synth';
import { synthesize } from './synthesis';
import type { FileChange } from './write';

/** Props for a topograph app. */
export interface TopographAppProps extends AppProps {
  /**
   * The output directory: `docker/` and `kubernetes/` are written into it.
   * @default under `cdk8s synth`, the parent of cdk8s's output directory when that is named
   * `kubernetes` (cdk8s.yaml `output: dist/kubernetes`), else cdk8s's output directory with the
   * Kubernetes manifests only; otherwise "dist" (docs/security.md, "The output directory")
   */
  readonly outdir?: string;
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
  /**
   * Allow build contexts outside each topology's base directory (after symbolic links): topograph
   * writes a `.dockerignore` into every context. A topology's own `allowOutsideContext` wins.
   * @default false
   */
  readonly allowOutsideContext?: boolean;
}

/** Where an app writes, given its outdir prop and the output directory `cdk8s synth` empties before running it. */
interface OutputLayout {
  /** The directory `docker/` and `kubernetes/` go into. */
  readonly root: string;
  /** cdk8s's own output directory is not named `kubernetes`: only the manifests go there, without the `kubernetes/` level. */
  readonly kubernetesOnly: boolean;
  /** The directory cdk8s synth emptied, when running under it. */
  readonly cdk8sOutdir?: string;
  /** Why writing would lose files (the output root lies in or around what cdk8s empties). */
  readonly problem?: Problem;
}

function outputLayout(explicit: string | undefined, cdk8sOutdir: string | undefined): OutputLayout {
  if (!cdk8sOutdir) return { root: path.resolve(explicit ?? 'dist'), kubernetesOnly: false };
  const wiped = path.resolve(cdk8sOutdir);
  if (explicit === undefined) {
    return path.basename(wiped) === 'kubernetes' ? { root: path.dirname(wiped), kubernetesOnly: false, cdk8sOutdir: wiped } : { root: wiped, kubernetesOnly: true, cdk8sOutdir: wiped };
  }
  const root = path.resolve(explicit);
  const real = (p: string) => {
    try {
      return realPathOf(p);
    } catch {
      return p;
    }
  };
  const [realRoot, realWiped] = [real(root), real(wiped)];
  const inside = contains(realWiped, realRoot);
  if (inside || (contains(realRoot, realWiped) && realWiped !== path.join(realRoot, 'kubernetes'))) {
    const show = (p: string) => displayPath(process.cwd(), p);
    return {
      root,
      kubernetesOnly: false,
      cdk8sOutdir: wiped,
      problem: {
        message: `cdk8s synth empties its output directory ${show(wiped)} before it runs the app, and the topograph output ${show(root)} ${inside ? 'is inside it' : 'holds it'}: docker/.env (the secrets start.sh created) and your own files there would be lost on every run`,
        value: `cdk8s output ${show(wiped)}, TopographApp outdir ${show(root)}`,
        expected: `cdk8s.yaml "output: ${show(path.join(root, 'kubernetes'))}" (only regenerable manifests there), or an output outside topograph's`,
        action: `Set "output: ${show(path.join(root, 'kubernetes'))}" in cdk8s.yaml (topograph writes ${show(path.join(root, 'docker'))} beside it), or remove the outdir prop of TopographApp`,
      },
    };
  }
  return { root, kubernetesOnly: false, cdk8sOutdir: wiped };
}

/** `shop/kubernetes/x.yaml` → `shop/x.yaml`, `kubernetes/x.yaml` → `x.yaml`: the layout of a plain cdk8s output directory. */
function withoutKubernetesLevel(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, content] of Object.entries(files)) {
    const parts = rel.split('/');
    const at = parts.indexOf('kubernetes');
    if (at < 0 || at > 1) continue;
    out[[...parts.slice(0, at), ...parts.slice(at + 1)].join('/')] = content;
  }
  return out;
}

/**
 * A cdk8s App that writes the whole topograph output on `synth()`: Dockerfiles, compose file,
 * scripts and Kubernetes manifests, into `outputRoot` (`dist` by default). Under `cdk8s synth`,
 * which empties its output directory before running the app, name that directory
 * `<root>/kubernetes` in cdk8s.yaml: only regenerable manifests live there, and `<root>/docker`
 * (with `.env`) beside it is never emptied (docs/security.md).
 */
export class TopographApp extends App {
  /** What `synth()` writes. */
  public readonly targets?: readonly Target[];
  /** The directory `synth()` writes `docker/` and `kubernetes/` into (see the `outdir` prop). */
  public readonly outputRoot: string;
  /** Whether build contexts may lie outside each topology's base directory. */
  public readonly allowOutsideContext: boolean;
  private readonly force: boolean;
  private readonly lint: boolean;
  private readonly layout: OutputLayout;
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
    this.allowOutsideContext = props.allowOutsideContext ?? false;
    this.layout = outputLayout(props.outdir, process.env.CDK8S_OUTDIR);
    this.outputRoot = this.layout.root;
  }

  /** @internal Why writing into the output directory under `cdk8s synth` would lose files, if it would. */
  public _layoutProblem(): Problem | undefined {
    return this.layout.problem;
  }

  /** The targets synth() writes: those asked for, and under a plain cdk8s output directory only k8s. */
  private effectiveTargets(): readonly Target[] {
    const asked = this.targets ?? TARGETS;
    return this.layout.kubernetesOnly ? asked.filter((t) => t === 'k8s') : asked;
  }

  /** The output as `{path: content}` (as `synth()` writes it, relative to `outputRoot`), without writing anything. */
  public synthFiles(options: SynthOptions = {}): Record<string, string> {
    const files = synthFiles(this, { outdir: this.outputRoot, targets: this.effectiveTargets(), ...options });
    return this.layout.kubernetesOnly ? withoutKubernetesLevel(files) : files;
  }

  /**
   * Synthesizes every topology, runs the hardening rules, and writes the files (all-or-nothing;
   * user files are never overwritten, deleted or moved). Throws a `TopologyError` naming each
   * error-level finding, with nothing written, unless a topology acknowledges it; an `OutputError`
   * (a TopologyError) when the output directory cannot be written safely.
   */
  public synth(): void {
    if (this.layout.problem) throw new TopologyError([this.layout.problem]);
    const session = synthesize(this, {
      outdir: this.outputRoot,
      targets: this.effectiveTargets(),
      force: this.force,
      lint: this.lint,
      checkContexts: true,
      ...(this.layout.kubernetesOnly ? { relocate: withoutKubernetesLevel } : {}),
      write: {
        ...(this.layout.kubernetesOnly ? { targetOf: () => 'k8s' as const } : {}),
        command: this.layout.cdk8sOutdir ? 'cdk8s synth (TopographApp)' : 'TopographApp.synth()',
        onLockWait: (holder) => process.stderr.write(`topograph: waiting for ${holder}, which is writing ${displayPath(process.cwd(), this.outputRoot)}\n`),
        onRecover: (report) => {
          for (const r of report.completed) process.stderr.write(`topograph: completed the write of an interrupted run first (pid ${r.pid}, ${r.since})\n`);
          for (const r of report.undone) process.stderr.write(`topograph: undid the unfinished write of an interrupted run first (pid ${r.pid}, ${r.since})\n`);
        },
      },
      beforeWrite: (report) => {
        this.lastWarnings = report.warnings;
        for (const warning of report.warnings) process.stderr.write(`${formatWarning(warning)}\n`);
        if (!report.lint) return;
        this.lastLint = report.lint;
        if (report.problems.length > 0) return;
        for (const f of report.lint.findings) process.stderr.write(`${formatFinding(f)}\n`);
        for (const f of report.lint.acknowledged) process.stderr.write(`· acknowledged ${f.rule}${f.service ? ` (${f.service})` : ''}: ${f.reason}\n`);
        for (const a of report.lint.unusedAcknowledgements) process.stderr.write(`! lint acknowledgement for ${a.rule}${a.service ? ` (${a.service})` : ''} matches no finding; remove it\n`);
      },
    });
    this.lastChanges = session.changes ?? [];
    // cdk8s expects its output directory to exist after the app ran.
    if (this.layout.cdk8sOutdir) fs.mkdirSync(this.layout.cdk8sOutdir, { recursive: true });
    if (this.layout.kubernetesOnly && (this.targets ?? TARGETS).some((t) => t !== 'k8s')) {
      process.stderr.write(
        `topograph: the cdk8s output directory ${displayPath(process.cwd(), this.outputRoot)} is not named 'kubernetes': only the Kubernetes manifests were written there. ` +
          `For the Dockerfiles, compose file and scripts beside them, set "output: dist/kubernetes" in cdk8s.yaml (docs/security.md)\n`,
      );
    }
  }
}
