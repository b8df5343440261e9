/**
 * `topograph lint [PATH...]`: the hardening rules on hand-written Dockerfiles, compose files and
 * Kubernetes manifests. Also the shared printing `synth` uses for the findings on what it generates.
 */
import { terminalLine } from '../../escape/terminal';
import type { Problem } from '../../graph/problems';
import { countsOf, type Finding, formatFinding, lintFiles, type LintResult, withFindings } from '../../lint';
import { CliError } from '../errors';
import type { Command } from 'commander';
import { type Bind, type CliIO, EXIT, type GlobalOptions, Style } from '../io';
import { readLintTargets } from '../lint-scan';
import { lintProblems } from '../../synthesis';

/** Adds `lint` and its arguments to the program. */
export function addLintCommand(program: Command, bind: Bind): void {
  program
    .command('lint')
    .description('check Dockerfiles, compose files and Kubernetes manifests against the hardening rules')
    .argument('[paths...]', 'files or directories to check (default: the current directory)')
    .addHelpText(
      'after',
      `
Finds Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, *compose*.yml/.yaml and YAML manifests with
apiVersion and kind (not source files such as dockerfile.ts; skipping node_modules, build output such as
dist/ and lib/, and hidden directories). Exit 1 when any error-level finding remains.
'topograph synth' runs the same rules on what it generates. Rules: docs/lint.md

Examples:
  topograph lint
  topograph lint Dockerfile docker-compose.yml
  topograph lint deploy/ --json`,
    )
    .action(bind((c, io) => lintCommand(c.args, c.optsWithGlobals(), io)));
}

export function lintCommand(paths: readonly string[], options: GlobalOptions, io: CliIO): number {
  const targets = paths.length ? paths : ['.'];
  const { files, findings: unread, problems, skipped } = readLintTargets(targets, io.cwd);
  if (problems.length) throw new CliError(problems);
  if (Object.keys(files).length === 0 && unread.length === 0) {
    const notSearched = skipped.filter((d) => !/(^|\/)\.git$/.test(d)).map(terminalLine);
    const output = notSearched.find((d) => /(^|\/)(dist|build|out|lib|target)$/.test(d));
    throw new CliError([
      {
        message: `No Dockerfiles, compose files or Kubernetes manifests found in ${targets.map(terminalLine).join(', ')}`,
        ...(notSearched.length ? { value: `not searched: ${notSearched.slice(0, 5).join(', ')}${notSearched.length > 5 ? ', …' : ''}` } : {}),
        expected: 'Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, *compose*.yml/.yaml, or YAML manifests with apiVersion and kind',
        action: `Pass the directory or files to check, e.g. topograph lint ${output ?? 'docker/'} (dependencies, build output and hidden directories are only searched when named: docs/lint.md)`,
      },
    ]);
  }
  const result = withFindings(lintFiles(files), unread);
  if (options.json) {
    const report = { ok: result.errors === 0, command: 'lint', files: result.files, errors: result.errors, warnings: result.warnings, findings: result.findings };
    io.stdout(`${asciiSafeJson(report)}\n`);
  } else {
    printFindings(result.findings, io, { quiet: options.quiet });
    if (!options.quiet || result.errors) {
      const style = new Style(io);
      const checked = `${result.files.length} file${result.files.length === 1 ? '' : 's'} checked`;
      if (result.findings.length === 0) io.stdout(`${style.green('✓')} ${checked}: no findings\n`);
      else (result.errors ? io.stderr : io.stdout)(`${checked}: ${countsOf(result)}\n`);
    }
  }
  return result.errors ? EXIT.FAILED : EXIT.OK;
}

/**
 * JSON with the characters JSON.stringify leaves raw but a terminal acts on (DEL, C1 controls,
 * line and paragraph separators) written as \u escapes: the same values, safe to print.
 */
function asciiSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Prints findings on stderr: errors always, warnings unless quiet. `shown` maps a file to how it is displayed. */
export function printFindings(findings: readonly Finding[], io: CliIO, options: { quiet?: boolean; shown?: (file: string) => string } = {}): void {
  const style = new Style(io);
  for (const finding of findings) {
    if (finding.severity === 'warning' && options.quiet) continue;
    const text = formatFinding(finding, options.shown ? options.shown(finding.file) : finding.file);
    io.stderr(`${finding.severity === 'error' ? style.red('✗') : style.yellow('!')} ${text}\n`);
  }
}

/**
 * The error findings of lint on synth as problems: what makes a synth (and `validate`, which runs
 * the same checks) fail. The file is named as it would be generated; nothing is written.
 */
export function lintErrorProblems(result: LintResult, options: { shown: (file: string) => string; graph: string }): Problem[] {
  return lintProblems(result, options);
}

/**
 * Lint on synth: error findings become problems (the synth fails, nothing is written); warnings,
 * acknowledged findings and unused acknowledgements are printed.
 */
export function reportSynthLint(result: LintResult, io: CliIO, options: GlobalOptions & { shown: (file: string) => string; graph: string }): void {
  const errors = lintErrorProblems(result, options);
  if (errors.length) throw new CliError(errors);
  if (options.json || options.quiet) return;
  printFindings(result.findings, io, { shown: options.shown });
  const style = new Style(io);
  for (const f of result.acknowledged) io.stderr(`${style.dim('·')} acknowledged ${f.rule}${f.service ? ` (${f.service})` : ''}: ${f.reason}\n`);
  for (const a of result.unusedAcknowledgements) {
    io.stderr(`${style.yellow('!')} lint.acknowledge for ${a.rule}${a.service ? ` (${a.service})` : ''} in ${options.graph} matches no finding; remove it\n`);
  }
}
