/**
 * The shapes every hardening rule shares. A rule is a small pure function from one parsed file to
 * the hits it finds; the engine (./index.ts) parses files, runs the rules for each kind of file and
 * turns hits into findings that name the file and line.
 */
import type { ParsedComposeFile } from './parse/compose';
import type { Dockerfile } from './parse/dockerfile';
import type { ParsedKubernetesFile } from './parse/kubernetes';
import type { LintRuleId } from '../graph/lint-rule-ids';

/** How serious a finding is. */
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
  /** This finding's severity when it differs from the rule's (kubernetes-ingress-without-tls in a prod environment). @default the rule's */
  readonly severity?: Severity;
}

interface RuleBase {
  /** Kebab-case, prefixed with the file kind: `dockerfile-root-user`. */
  readonly id: LintRuleId;
  readonly severity: Severity;
  /** One sentence: what the rule checks and why it matters. */
  readonly description: string;
  /** One sentence: how to fix a finding. */
  readonly fix: string;
  /**
   * Whether synth runs it too. A preference rather than a hardening check (a digest beside a tag)
   * is reported by `topograph lint` only, so synth does not warn about every default image.
   * @default true
   */
  readonly onSynth?: boolean;
}

export interface DockerfileRule extends RuleBase {
  readonly kind: 'dockerfile';
  check(file: Dockerfile): Hit[];
}

export interface ComposeRule extends RuleBase {
  readonly kind: 'compose';
  check(file: ParsedComposeFile): Hit[];
}

export interface KubernetesRule extends RuleBase {
  readonly kind: 'kubernetes';
  check(file: ParsedKubernetesFile): Hit[];
}

/** A hardening rule for one kind of file. */
export type Rule = DockerfileRule | ComposeRule | KubernetesRule;

/** A hit with the rule and file it belongs to: what the engine reports. */
export interface Finding {
  /** Id of the rule that found it. */
  readonly rule: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** Path of the file, as given to the engine. */
  readonly file: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
  /** The compose service, Kubernetes workload or Dockerfile service this is about, when known. */
  readonly service?: string;
  /** One line naming the offending thing and value. */
  readonly message: string;
  /** How to fix it: the rule's fix. */
  readonly fix: string;
}
