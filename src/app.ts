import { App, type AppProps } from 'cdk8s';
import { type SynthOptions, synthFiles, type Target } from './synth';
import { type FileChange, writeFiles } from './write';

/** Props for a topograph app. */
export interface TopographAppProps extends AppProps {
  /** What `synth()` writes. @default every target (docker, compose, k8s) */
  readonly targets?: readonly Target[];
  /** Overwrite files at generated paths that topograph did not write. @default false */
  readonly force?: boolean;
}

/**
 * A cdk8s App that writes the whole topograph output on `synth()`: Dockerfiles, compose file,
 * scripts and Kubernetes manifests, into `outdir` (`dist` by default, or `cdk8s synth --output`).
 */
export class TopographApp extends App {
  /** What `synth()` writes. */
  public readonly targets?: readonly Target[];
  private readonly force: boolean;
  /** What the last `synth()` changed on disk. */
  public lastChanges: FileChange[] = [];

  public constructor(props: TopographAppProps = {}) {
    super(props);
    this.targets = props.targets;
    this.force = props.force ?? false;
  }

  /** The output as `{path: content}`, without writing anything. */
  public synthFiles(options: SynthOptions = {}): Record<string, string> {
    return synthFiles(this, { outdir: this.outdir, targets: this.targets, ...options });
  }

  /** Synthesizes every topology and writes the files (atomically; user files are never overwritten). */
  public synth(): void {
    this.lastChanges = writeFiles(this.outdir, this.synthFiles(), { force: this.force });
  }
}
