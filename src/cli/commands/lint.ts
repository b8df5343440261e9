/**
 * `topograph lint [PATH...]`: the hardening rules on hand-written Dockerfiles, compose files and
 * Kubernetes manifests. Also the shared printing `synth` uses for the findings on what it generates.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../graph/problems';
import { countsOf, type Finding, formatFinding, kindOf, lintFiles, type LintResult } from '../../lint';
import { CliError } from '../errors';
import { type CliIO, displayPath, EXIT, type GlobalOptions, Style } from '../io';

/** Directories never searched: dependencies and tool state. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'vendor', '__pycache__']);
/** Files larger than this are not Dockerfiles or compose files anyone wrote by hand. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function lintCommand(paths: readonly string[], options: GlobalOptions, io: CliIO): number {
  const targets = paths.length ? paths : ['.'];
  const files: Record<string, string> = {};
  const problems: Problem[] = [];
  for (const target of targets) {
    const absolute = path.resolve(io.cwd, target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      problems.push({ message: `Path not found: ${target}`, expected: 'a directory, Dockerfile, compose file or Kubernetes manifest', action: 'Check the path' });
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of findLintable(absolute)) files[displayPath(io.cwd, file)] = fs.readFileSync(file, 'utf8');
      continue;
    }
    const content = stat.size <= MAX_FILE_BYTES ? fs.readFileSync(absolute, 'utf8') : undefined;
    const shown = displayPath(io.cwd, absolute);
    if (content === undefined || !kindOf(shown, content)) {
      problems.push({
        message: `Not a file topograph lint reads: ${target}`,
        ...(content === undefined ? { value: `${stat.size} bytes` } : {}),
        expected: 'a Dockerfile (Dockerfile, Dockerfile.*, *.dockerfile), a compose file (*compose*.yml/.yaml) or a Kubernetes manifest (YAML with apiVersion and kind), under 2 MiB',
        action: 'Pass such a file, or a directory to search',
      });
      continue;
    }
    files[shown] = content;
  }
  if (problems.length) throw new CliError(problems);
  if (Object.keys(files).length === 0) {
    throw new CliError([
      {
        message: `No Dockerfiles, compose files or Kubernetes manifests found in ${targets.join(', ')}`,
        expected: 'Dockerfile, Dockerfile.*, *.dockerfile, *compose*.yml/.yaml, or YAML manifests with apiVersion and kind',
        action: 'Pass the directory or files to check, e.g. topograph lint docker/',
      },
    ]);
  }
  const result = lintFiles(files);
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: result.errors === 0, command: 'lint', files: result.files, errors: result.errors, warnings: result.warnings, findings: result.findings }, null, 2)}\n`);
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

/** Dockerfiles, compose files and manifests under `dir`, in a stable order. */
function findLintable(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    const entries = fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        const byName = kindOf(entry.name);
        if (byName) found.push(full);
        else if (/\.ya?ml$/i.test(entry.name) && fs.statSync(full).size <= MAX_FILE_BYTES && kindOf(entry.name, fs.readFileSync(full, 'utf8'))) found.push(full);
      }
    }
  };
  walk(dir);
  return found;
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
  return result.findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({
      message: `${f.message} [${f.rule}]`,
      value: `${f.line !== undefined ? `${options.shown(f.file)}:${f.line}` : options.shown(f.file)} (as it would be generated; not written)`,
      action: `${f.fix.replace(/\.$/, '')}; or, if it is deliberate, acknowledge it in ${options.graph}: "lint": {"acknowledge": [{"rule": "${f.rule}",${f.service ? ` "service": "${f.service}",` : ''} "reason": "…"}]}`,
    }));
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
