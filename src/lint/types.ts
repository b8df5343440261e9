/**
 * The shapes every hardening rule shares. A rule is a small pure function from one parsed file to
 * the hits it finds; the engine (./index.ts) parses files, runs the rules for each kind of file and
 * turns hits into findings that name the file and line.
 */
import type { ComposeFile } from './parse/compose';
import type { Dockerfile } from './parse/dockerfile';
import type { KubernetesFile } from './parse/kubernetes';

export type Severity = 'error' | 'warning';

/** What kind of file a rule reads. */
export type FileKind = 'dockerfile' | 'compose' | 'kubernetes';

/** One thing a rule found, before the engine adds the rule and file. */
export interface Hit {
  /** One line naming the offending thing and value. */
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
  /** The compose service, Kubernetes workload or Dockerfile service this is about. */
  readonly service?: string;
}

interface RuleBase {
  /** Kebab-case, prefixed with the file kind: `dockerfile-root-user`. */
  readonly id: string;
  readonly severity: Severity;
  /** One sentence: what the rule checks and why it matters. */
  readonly description: string;
  /** One sentence: how to fix a finding. */
  readonly fix: string;
}

export interface DockerfileRule extends RuleBase {
  readonly kind: 'dockerfile';
  check(file: Dockerfile): Hit[];
}

export interface ComposeRule extends RuleBase {
  readonly kind: 'compose';
  check(file: ComposeFile): Hit[];
}

export interface KubernetesRule extends RuleBase {
  readonly kind: 'kubernetes';
  check(file: KubernetesFile): Hit[];
}

export type Rule = DockerfileRule | ComposeRule | KubernetesRule;

/** A hit with the rule and file it belongs to: what the engine reports. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly file: string;
  readonly line?: number;
  readonly service?: string;
  readonly message: string;
  readonly fix: string;
}
