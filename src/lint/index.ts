/**
 * The hardening-rule engine: `lintFiles({path: content})` finds the Dockerfiles, compose files and
 * Kubernetes manifests among the files, parses each once, runs every rule for its kind and returns
 * the findings in a stable order, minus the ones the graph acknowledges. Pure: no disk, no clock.
 */
import * as path from 'node:path';
import { terminalLine } from '../escape/terminal';
import { parseCompose } from './parse/compose';
import { parseDockerfile } from './parse/dockerfile';
import { networkPolicySelectors, parseKubernetes, type PolicySelector } from './parse/kubernetes';
import { UnreadableFileError } from './parse/unreadable';
import { RULES } from './rules';
import type { FileKind, Finding, Hit, Rule } from './types';
import { compareStrings } from '../sort';
import { isGenerated } from '../marker';

export { RULES } from './rules';

/** The rules synth runs: every rule but the preferences (`onSynth: false`), which `topograph lint` reports. */
export const SYNTH_RULES: readonly Rule[] = RULES.filter((r) => r.onSynth !== false);
export type { FileKind, Finding, Hit, Rule, Severity } from './types';

/** Rule id of the finding reported for a file that cannot be parsed at all. */
export const UNREADABLE_FILE = 'file-unreadable';

/** A finding the topology owner accepted, with the reason why. */
export interface Acknowledgement {
  /** Id of the rule whose findings are accepted. */
  readonly rule: string;
  /** Only findings about this service (compose service, workload, Dockerfile.<service>). Default: every finding of the rule. */
  readonly service?: string;
  /** Why the findings are accepted; reported with each acknowledged finding. */
  readonly reason: string;
}

/** How `lintFiles` runs. */
export interface LintOptions {
  /** Findings the topology owner accepted: reported apart, not as findings. @default none */
  readonly acknowledge?: readonly Acknowledgement[];
  /** Rules to run. @default every rule in `RULES` */
  readonly rules?: readonly Rule[];
  /**
   * The service a file is about, by path, where its name does not say (`Dockerfile.<service>` does):
   * a service's own Dockerfile (runtime "dockerfile"), so its findings can be acknowledged per service.
   * @default from the file name
   */
  readonly services?: Readonly<Record<string, string>>;
}

/** What `lintFiles` found, in a stable order. */
export interface LintResult {
  /** Findings not acknowledged, sorted by file, line and rule. */
  readonly findings: readonly Finding[];
  /** Findings the acknowledgements cover, each with its reason. */
  readonly acknowledged: ReadonlyArray<Finding & { readonly reason: string }>;
  /** Acknowledgements that matched nothing (stale ones worth removing). */
  readonly unusedAcknowledgements: readonly Acknowledgement[];
  /** The files that were linted, and as what. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly kind: FileKind }>;
  /** Number of unacknowledged findings of severity `error`. */
  readonly errors: number;
  /** Number of unacknowledged findings of severity `warning`. */
  readonly warnings: number;
}

/**
 * Last extensions that make `Dockerfile.<suffix>` a file about Dockerfiles rather than one: source
 * code, compiled output and source maps, documents and data, editor and tool leftovers, archives,
 * and BuildKit's per-Dockerfile `.dockerignore` (docs/lint.md#what-lint-reads).
 */
const NOT_DOCKERFILE_EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs map wasm json jsonc json5 md mdx markdown rst txt adoc html htm css scss xml yml yaml toml ini ' +
    'py pyc pyi go rs java class kt kts scala groovy rb php pl lua c h cc cpp hpp cs swift dart ex exs sh bash zsh fish ps1 bat cmd ' +
    'snap lock log bak orig rej swp swo tmp old patch diff dockerignore gitignore zip gz tgz tar bz2 xz'
  ).split(' '),
);

/** Whether a file name is a Dockerfile's: always, never, or only when its text is one (`Dockerfile.go`). */
function dockerfileName(base: string): 'yes' | 'no' | 'if-text-is-one' {
  if (/^(docker|container)file$/i.test(base) || /\.(docker|container)file$/i.test(base)) return 'yes';
  const suffix = /^(?:docker|container)file\.(.+)$/i.exec(base)?.[1];
  if (suffix === undefined) return 'no';
  return NOT_DOCKERFILE_EXTENSIONS.has(suffix.slice(suffix.lastIndexOf('.') + 1).toLowerCase()) ? 'if-text-is-one' : 'yes';
}

/** Text that starts like a Dockerfile: after blank and comment lines, a FROM or ARG instruction in capitals. */
const DOCKERFILE_START = /^\ufeff?(?:[ \t]*(?:#[^\r\n]*)?\r?\n)*[ \t]*(?:FROM|ARG)[ \t]/;

/**
 * Which rules apply to a file: from its name, and where the name is not enough, its text (YAML
 * holding manifests; `Dockerfile.<suffix>` with a source-code suffix, such as a service named `go`).
 * Without `content`, only names that decide alone are recognised (docs/lint.md#what-lint-reads).
 */
export function kindOf(file: string, content?: string): FileKind | undefined {
  const base = path.posix.basename(file.replace(/\\/g, '/'));
  const dockerfile = dockerfileName(base);
  if (dockerfile === 'yes' || (dockerfile === 'if-text-is-one' && content !== undefined && DOCKERFILE_START.test(content))) return 'dockerfile';
  if (dockerfile === 'if-text-is-one') return undefined;
  if (/compose[^/]*\.ya?ml$/i.test(base)) return 'compose';
  if (/\.ya?ml$/i.test(base) && content !== undefined && /^kind:\s*\S/m.test(content) && /^apiVersion:\s*\S/m.test(content)) return 'kubernetes';
  return undefined;
}

/** The service a Dockerfile builds, from topograph's naming (`Dockerfile.<service>`). */
function dockerfileService(file: string): string | undefined {
  const match = /^Dockerfile\.([a-z][-a-z0-9]*)$/.exec(path.posix.basename(file));
  return match ? match[1] : undefined;
}

function hitsFor(kind: FileKind, file: string, content: string, rules: readonly Rule[], service?: string, policies?: readonly PolicySelector[]): Array<{ rule: Rule; hit: Hit }> {
  const applicable = rules.filter((r) => r.kind === kind);
  const out: Array<{ rule: Rule; hit: Hit }> = [];
  if (kind === 'dockerfile') {
    const parsed = parseDockerfile(file, content, service ?? dockerfileService(file));
    for (const rule of applicable) for (const hit of (rule as Extract<Rule, { kind: 'dockerfile' }>).check(parsed)) out.push({ rule, hit });
  } else if (kind === 'compose') {
    const parsed = parseCompose(file, content);
    for (const rule of applicable) for (const hit of (rule as Extract<Rule, { kind: 'compose' }>).check(parsed)) out.push({ rule, hit });
  } else {
    const parsed = parseKubernetes(file, content, policies);
    for (const rule of applicable) for (const hit of (rule as Extract<Rule, { kind: 'kubernetes' }>).check(parsed)) out.push({ rule, hit });
  }
  return out;
}

/** Longest message a finding carries; longer ones (a value thousands of characters long) are cut. */
const MAX_MESSAGE_LENGTH = 400;

/**
 * A finding as it is reported: its message printable (terminal escapes shown, not sent) and at
 * most MAX_MESSAGE_LENGTH characters. Every finding goes through here, the CLI's own included.
 */
export function reportable(finding: Finding): Finding {
  const message = terminalLine(finding.message);
  return { ...finding, message: message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message };
}

const KIND_NAMES: Record<FileKind, string> = { dockerfile: 'Dockerfile', compose: 'compose file', kubernetes: 'Kubernetes manifest' };

/** The finding for a file that cannot be read as `kind` (or at all, without a kind). */
export function unreadableFinding(file: string, kind: FileKind | undefined, reason: string, options: { line?: number; fix?: string } = {}): Finding {
  return reportable({
    rule: UNREADABLE_FILE,
    severity: 'error',
    file,
    ...(options.line ? { line: options.line } : {}),
    message: `Cannot read ${file}${kind ? ` as a ${KIND_NAMES[kind]}` : ''}: ${reason}`,
    fix: options.fix ?? 'Fix the syntax (the line is shown), or pass only Dockerfiles, compose files and manifests.',
  });
}

function compare(a: Finding, b: Finding): number {
  return compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message);
}

/**
 * Whether a file is a fragment topograph wrote for an environment: a compose override
 * (`docker-compose.<env>.yml`) or a Kustomize patch. Neither is a whole compose file or object, so
 * the rules would misread it; synth lints each environment's flattened render instead (what the
 * override or overlay adds up to), under `docker/docker-compose.<env>.yml` and
 * `kubernetes-overlays/<env>/…`. Told by the generated header, never by the name alone.
 */
export function isEnvironmentFragment(content: string): boolean {
  const header = /^(?:#[^\n]*\n)+/.exec(content)?.[0] ?? '';
  return isGenerated(header) && /^# Environment [a-z0-9-]+: (?:what it changes in docker-compose\.yml|how .+ differs from the base|.+ of the base is not part of this environment)/m.test(header);
}

/** Lints every Dockerfile, compose file and Kubernetes manifest in `files`; other files are ignored. */
export function lintFiles(files: Readonly<Record<string, string>>, options: LintOptions = {}): LintResult {
  const rules = options.rules ?? RULES;
  const acknowledgements = options.acknowledge ?? [];
  const used = new Set<Acknowledgement>();
  const findings: Finding[] = [];
  const acknowledged: Array<Finding & { reason: string }> = [];
  const linted: Array<{ path: string; kind: FileKind }> = [];
  // A NetworkPolicy may select pods of another file's Service: the policies of every manifest, once.
  const policies = rules.some((r) => r.id === 'kubernetes-public-without-network-policy') ? runPolicies(files) : undefined;

  for (const file of Object.keys(files).sort()) {
    const content = files[file];
    const kind = kindOf(file, content);
    if (!kind || isEnvironmentFragment(content)) continue;
    linted.push({ path: file, kind });
    let hits: Array<{ rule: Rule; hit: Hit }>;
    try {
      hits = hitsFor(kind, file, content, rules, options.services && Object.hasOwn(options.services, file) ? options.services[file] : undefined, policies);
    } catch (error) {
      // Never thrown on: a file that cannot be read is a finding, and so is a failure of ours.
      if (error instanceof UnreadableFileError) findings.push(unreadableFinding(file, kind, error.message, { line: error.line, fix: error.fix }));
      else {
        const reason = `lint failed on it (${error instanceof Error ? error.message : String(error)}): this is a bug in topograph; please report it`;
        findings.push(unreadableFinding(file, kind, reason, { fix: 'Report the bug with the file; lint the other files meanwhile.' }));
      }
      continue;
    }
    for (const { rule, hit } of hits) {
      const finding: Finding = reportable({
        rule: rule.id,
        severity: hit.severity ?? rule.severity,
        file,
        ...(hit.line !== undefined ? { line: hit.line } : {}),
        ...(hit.service !== undefined ? { service: hit.service } : {}),
        message: hit.message,
        fix: rule.fix,
      });
      const ack = acknowledgements.find((a) => a.rule === rule.id && (a.service === undefined || a.service === hit.service));
      if (ack) {
        used.add(ack);
        acknowledged.push({ ...finding, reason: ack.reason });
      } else findings.push(finding);
    }
  }
  acknowledged.sort(compare);
  return withFindings({ findings: [], acknowledged, unusedAcknowledgements: acknowledgements.filter((a) => !used.has(a) && rules.some((r) => r.id === a.rule)), files: linted, errors: 0, warnings: 0 }, findings);
}

/** The ingress NetworkPolicies of every Kubernetes manifest in `files` (a file that cannot be read adds none: its own finding says why). */
function runPolicies(files: Readonly<Record<string, string>>): PolicySelector[] {
  const out: PolicySelector[] = [];
  for (const file of Object.keys(files).sort()) {
    const content = files[file];
    if (kindOf(file, content) !== 'kubernetes' || !content.includes('NetworkPolicy')) continue;
    try {
      out.push(...networkPolicySelectors(content));
    } catch {
      // reported when the file itself is linted
    }
  }
  return out;
}

/** `result` with `more` findings (the CLI's, about files it could not read), sorted and counted again. */
export function withFindings(result: LintResult, more: readonly Finding[]): LintResult {
  const findings = [...result.findings, ...more].sort(compare);
  return {
    ...result,
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** One finding for people: `file:line  error  message [rule]` and the fix on the next line. */
export function formatFinding(finding: Finding, shownFile: string = finding.file): string {
  const file = terminalLine(shownFile);
  const where = finding.line !== undefined ? `${file}:${finding.line}` : file;
  return `${where}  ${finding.severity}  ${finding.message} [${finding.rule}]\n  Fix: ${finding.fix}`;
}

/** "2 errors, 1 warning" */
export function countsOf(result: Pick<LintResult, 'errors' | 'warnings'>): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}`;
}
