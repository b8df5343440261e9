/**
 * The prerequisites checklist, printed as the README shows it ("Deploying one project from its specs"). Checking runs the project's own
 * tests (`bun test` for bun projects, else `npm test`), with their output captured.
 */
import { spawn } from 'node:child_process';
import type { AssertionsLoad } from '../specs/load';
import { ASSERTIONS_FILE, verificationOf } from '../specs/load';
import type { PackageJson } from './project';

/** The outcome of running the project's own tests. */
export interface TestRun {
  /** The command that ran, as shown to the user (`bun test` or `npm test`). */
  readonly command: string;
  /** Whether the tests ran to completion and exited 0. */
  readonly passed: boolean;
  /** Exit code, or undefined when the runner could not start or timed out. */
  readonly exitCode?: number;
  /** stdout and stderr, interleaved as far as the runner allows. */
  readonly output: string;
  /** Why it failed, when it did not run to completion. */
  readonly problem?: string;
  /** Why the tests did not pass: no test script, the runner is not installed, the timeout, or failures. */
  readonly cause?: 'no-script' | 'not-installed' | 'timeout' | 'failed';
}

/** A starter specs/assertions.json for a project that has none: written with --init-specs, else printed. */
export interface StarterSpecs {
  /** The file's text. */
  readonly text: string;
  /** Whether it was written (--init-specs). */
  readonly written: boolean;
}

/** One line of the prerequisites checklist. */
export interface ChecklistItem {
  /** Whether the prerequisite is met (✅) or not (❌). */
  readonly ok: boolean;
  /** The line as printed, without the mark. */
  readonly text: string;
  /** Lines explaining a failure, printed after the checklist. */
  readonly details: readonly string[];
}

/** The prerequisites checklist: tests passing, specs verified, package.json present. */
export interface Checklist {
  /** The lines, in the order printed: tests, specs, package.json. */
  readonly items: readonly ChecklistItem[];
  /** Whether every item is met, so deployment may go ahead. */
  readonly ready: boolean;
  /** The test run, when the tests could be run. */
  readonly tests?: TestRun;
}

/** How long the project's tests may run, in seconds, unless --test-timeout or TOPOGRAPH_TEST_TIMEOUT says otherwise (docs/specs.md). */
export const DEFAULT_TEST_TIMEOUT_SECONDS = 120;

/** Options of {@link runProjectTests}. */
export interface TestRunOptions {
  /** Give up (and stop the runner and everything it started) after this long. @default 120 s */
  readonly timeoutMs?: number;
  /** Receives progress as it happens: the runner's output, and a line while it is quiet. @default none */
  readonly progress?: (text: string) => void;
  /** How long without output before a "still running" line. @default 15 s */
  readonly quietMs?: number;
}

/**
 * Runs the project's tests with its own runner, in a process group of their own so that a server
 * or timer a test leaves open is stopped with them when the timeout ends the run.
 */
export function runProjectTests(dir: string, pkg: PackageJson, runtime: 'bun' | 'node', env: NodeJS.ProcessEnv, options: TestRunOptions = {}): Promise<TestRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TEST_TIMEOUT_SECONDS * 1000;
  const [command, args] = runtime === 'bun' ? ['bun', ['test']] : ['npm', ['test']];
  const shown = `${command} ${args.join(' ')}`;
  if (runtime === 'node' && !pkg.scripts?.test) {
    return Promise.resolve({ command: shown, passed: false, output: '', problem: 'package.json has no "test" script', cause: 'no-script' });
  }
  const progress = options.progress;
  progress?.(`Running ${shown} (timeout ${timeoutMs / 1000}s; --test-timeout <seconds> to change)…\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: dir,
      env: { ...env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const started = Date.now();
    let output = '';
    let lastOutput = started;
    let timedOut = false;
    let pending = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      lastOutput = Date.now();
      if (!progress) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) progress(`  │ ${line}\n`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const stopGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, signal);
      } catch {
        // already gone
      }
    };
    const heartbeat = setInterval(() => {
      const quietMs = options.quietMs ?? 15_000;
      if (progress && Date.now() - lastOutput >= quietMs) {
        progress(`  … ${shown} still running (${Math.round((Date.now() - started) / 1000)}s of ${timeoutMs / 1000}s)\n`);
        lastOutput = Date.now();
      }
    }, 1000);
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup('SIGTERM');
      setTimeout(() => stopGroup('SIGKILL'), 2000).unref();
    }, timeoutMs);
    let settled = false;
    const finish = (run: TestRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      if (pending && progress) progress(`  │ ${pending}\n`);
      // Whatever the tests left running (a leaked server) goes with them.
      stopGroup('SIGKILL');
      resolve(run);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      const problem = error.code === 'ENOENT' ? `${command} is not installed (not found on PATH)` : error.message;
      finish({ command: shown, passed: false, output, problem, cause: error.code === 'ENOENT' ? 'not-installed' : 'failed' });
    });
    child.on('close', (code, signal) => {
      if (timedOut) {
        finish({ command: shown, passed: false, output, problem: `${shown} did not finish within ${timeoutMs / 1000}s`, cause: 'timeout' });
      } else if (code === null) {
        finish({ command: shown, passed: false, output, problem: `${shown} was killed by ${signal}`, cause: 'failed' });
      } else {
        finish({ command: shown, passed: code === 0, exitCode: code, output, ...(code === 0 ? {} : { cause: 'failed' as const }) });
      }
    });
  });
}

/** Builds the checklist from what was found. `tests` is undefined when they could not be run. */
export function buildChecklist(hasPackageJson: boolean, tests: TestRun | undefined, specs: AssertionsLoad, starter?: StarterSpecs): Checklist {
  const testItem: ChecklistItem = tests?.passed
    ? { ok: true, text: `Tests passing (${tests.command})`, details: [] }
    : {
        ok: false,
        text: `Tests not passing - ${testAction(tests)}`,
        details: tests
          ? [
              `Tests (${tests.command}${tests.exitCode !== undefined ? `, exit ${tests.exitCode}` : ''}):`,
              ...(tests.problem ? [`  ${tests.problem}`] : []),
              ...failureExcerpt(tests.output).map((l) => `  ${l}`),
            ]
          : ['Tests: not run (no package.json to find the test runner)'],
      };
  let specItem: ChecklistItem;
  if (specs.kind === 'missing') {
    specItem = {
      ok: false,
      text: starter?.written
        ? `Specs not verified - ${ASSERTIONS_FILE} written with pending assertions: verify each, then mark it "confirmed" (docs/specs.md)`
        : `Specs not verified - create ${ASSERTIONS_FILE} (format: docs/specs.md; --init-specs writes the starter below)`,
      details: starter
        ? starter.written
          ? [`Specs: wrote a starter ${ASSERTIONS_FILE}; its assertions are "pending" until you verify them`]
          : [`Specs: ${ASSERTIONS_FILE} not found. A starter (topograph deploy --init-specs writes it):`, ...starter.text.trimEnd().split('\n').map((l) => `  ${l}`)]
        : [`Specs: ${ASSERTIONS_FILE} not found`],
    };
  } else if (specs.kind === 'invalid') {
    specItem = {
      ok: false,
      text: `Specs not verified - fix ${ASSERTIONS_FILE} (format: docs/specs.md)`,
      details: [`Specs: ${ASSERTIONS_FILE} is invalid:`, ...specs.problems.map((p) => `  ${p.message}${p.value !== undefined ? ` (value: ${p.value})` : ''}`)],
    };
  } else {
    const v = verificationOf(specs.specs);
    const open = specs.specs.assertions.filter((a) => a.status !== 'confirmed');
    specItem = v.allConfirmed
      ? { ok: true, text: `Specs verified (${v.confirmed}/${v.total} assertions confirmed in ${ASSERTIONS_FILE})`, details: [] }
      : v.total === 0
        ? { ok: false, text: `Specs not verified - add assertions to ${ASSERTIONS_FILE} (docs/specs.md)`, details: [`Specs: ${ASSERTIONS_FILE} has no assertions`] }
        : {
            ok: false,
            text: `Specs not verified - verify the open assertions, then set their "status" to "confirmed" in ${ASSERTIONS_FILE} (docs/specs.md)`,
            details: [`Specs: ${v.confirmed}/${v.total} assertions confirmed; not confirmed:`, ...open.map((a) => `  ${a.id} (${a.status}): ${a.description}`)],
          };
  }
  const pkgItem: ChecklistItem = hasPackageJson
    ? { ok: true, text: 'Package.json exists', details: [] }
    : { ok: false, text: 'Package.json missing - create one first (npm init)', details: [] };
  const items = [testItem, specItem, pkgItem];
  return { items, ready: items.every((i) => i.ok), tests };
}

/** What to do about tests that did not pass, for the checklist line. */
function testAction(tests: TestRun | undefined): string {
  if (!tests) return 'create package.json first (npm init), with a "test" script';
  switch (tests.cause) {
    case 'no-script':
      return `add a "test" script to package.json (topograph runs ${tests.command})`;
    case 'not-installed':
      return `install ${tests.command.split(' ')[0]}, which runs them (${tests.command})`;
    case 'timeout':
      return `${tests.problem}: stop what keeps it running (a server, a timer) or pass --test-timeout <seconds>`;
    default:
      return `fix the failures below, then re-run: ${tests.command}`;
  }
}

/** The checklist as printed; when not ready, followed by "Fix issues before deploying." and every item's details. */
export function renderChecklist(checklist: Checklist): string {
  const lines = ['Deployment Checklist', '====================', ...checklist.items.map((i) => `${i.ok ? '✅' : '❌'} ${i.text}`)];
  if (!checklist.ready) {
    lines.push('', 'Fix issues before deploying.');
    const details = checklist.items.flatMap((i) => i.details);
    if (details.length > 0) lines.push('', ...details);
  }
  return `${lines.join('\n')}\n`;
}

function tail(text: string, count: number): string[] {
  const lines = text.replace(/\s+$/, '').split('\n').filter((l, i, all) => l.trim() !== '' || i < all.length - 1);
  return lines.slice(-count).filter((l) => l.trim() !== '');
}

/** Where a runner reports one failure: TAP (node --test), jest/vitest, bun, mocha. */
const FAILURE_START = /^\s*(not ok \d+\b|● |✕ |× |\(fail\) |FAIL |\d+\) \S)/;
/** Lines of a failure report that are noise: stack frames and TAP bookkeeping. */
const FAILURE_NOISE = /^\s*(at |duration_ms:|failureType:|code: |operator:|stack: \|-|\.\.\.$|[A-Za-z]\w*\.<anonymous> \(|node:internal|\S+ \(node:)/;

/**
 * The runner's failure lines — each failing test with its assertion message, expected and actual —
 * then the summary at the end; only the summary when no failure block is recognised.
 */
export function failureExcerpt(output: string, maxLines = 40): string[] {
  const lines = output.replace(/\s+$/, '').split('\n');
  const blocks: string[] = [];
  for (let i = 0; i < lines.length && blocks.length < maxLines; i++) {
    if (!FAILURE_START.test(lines[i])) continue;
    const indent = /^\s*/.exec(lines[i])![0].length;
    if (/^\s*\(fail\) /.test(lines[i])) {
      // bun prints the error before the "(fail) name" line: back to the previous test or file header.
      let k = i - 1;
      while (k >= 0 && i - k <= 15 && !/^\s*\((pass|fail|skip)\) |:$/.test(lines[k])) k--;
      blocks.push(lines[i].trimEnd(), ...lines.slice(k + 1, i).filter((l) => l.trim() !== '' && !FAILURE_NOISE.test(l)).map((l) => l.trimEnd()));
      continue;
    }
    blocks.push(lines[i].trimEnd());
    let inStack = false;
    let j = i + 1;
    for (; j < lines.length && j <= i + 25 && blocks.length < maxLines; j++) {
      const line = lines[j];
      if (FAILURE_START.test(line) && /^\s*/.exec(line)![0].length <= indent) break;
      if (/^(# |Tests?:|Test Suites:|\d+ (pass|fail)\b)/.test(line.trim())) break;
      if (/^\s*stack: \|-/.test(line)) inStack = true;
      else if (inStack && /^\s*[a-z]+: /.test(line)) inStack = false;
      if (inStack || FAILURE_NOISE.test(line) || line.trim() === '') continue;
      blocks.push(line.trimEnd());
    }
    i = j - 1;
  }
  if (!blocks.length) return tail(output, 15);
  // The runner's totals (TAP '# pass 0', jest 'Tests: 1 failed', bun '1 fail'), not its timings.
  const summary = tail(output, 8).filter((l) => !FAILURE_NOISE.test(l) && /\d+\s+(pass(ed|ing)?|fail(ed|ing|ures?)?|tests?)\b|\b(pass|fail|tests?):?\s+\d+/i.test(l));
  return [...blocks, ...(summary.length ? ['…', ...summary] : [])];
}
