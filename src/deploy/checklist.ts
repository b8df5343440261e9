/**
 * The prerequisites checklist, printed as the seed shows it. Checking runs the project's own
 * tests (`bun test` for bun projects, else `npm test`), with their output captured.
 */
import { spawnSync } from 'node:child_process';
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

/** Runs the project's tests with its own runner. */
export function runProjectTests(dir: string, pkg: PackageJson, runtime: 'bun' | 'node', env: NodeJS.ProcessEnv, timeoutMs = 600_000): TestRun {
  const [command, args] = runtime === 'bun' ? ['bun', ['test']] : ['npm', ['test']];
  const shown = `${command} ${args.join(' ')}`;
  if (runtime === 'node' && !pkg.scripts?.test) {
    return { command: shown, passed: false, output: '', problem: 'package.json has no "test" script' };
  }
  const result = spawnSync(command, args, {
    cwd: dir,
    env: { ...env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? `${command} is not installed (not found on PATH)` : code === 'ETIMEDOUT' ? `${shown} did not finish within ${timeoutMs / 1000}s` : result.error.message;
    return { command: shown, passed: false, output, problem };
  }
  if (result.status === null) return { command: shown, passed: false, output, problem: `${shown} was killed by ${result.signal}` };
  return { command: shown, passed: result.status === 0, exitCode: result.status, output };
}

/** Builds the checklist from what was found. `tests` is undefined when they could not be run. */
export function buildChecklist(hasPackageJson: boolean, tests: TestRun | undefined, specs: AssertionsLoad): Checklist {
  const testItem: ChecklistItem = tests?.passed
    ? { ok: true, text: `Tests passing (${tests.command})`, details: [] }
    : {
        ok: false,
        text: 'Tests not passing - run /test first',
        details: tests
          ? [
              `Tests (${tests.command}${tests.exitCode !== undefined ? `, exit ${tests.exitCode}` : ''}):`,
              ...(tests.problem ? [`  ${tests.problem}`] : []),
              ...tail(tests.output, 15).map((l) => `  ${l}`),
            ]
          : ['Tests: not run (no package.json to find the test runner)'],
      };
  let specItem: ChecklistItem;
  if (specs.kind === 'missing') {
    specItem = { ok: false, text: 'Specs not verified - run /verify first', details: [`Specs: ${ASSERTIONS_FILE} not found`] };
  } else if (specs.kind === 'invalid') {
    specItem = {
      ok: false,
      text: 'Specs not verified - run /verify first',
      details: [`Specs: ${ASSERTIONS_FILE} is invalid:`, ...specs.problems.map((p) => `  ${p.message}${p.value !== undefined ? ` (value: ${p.value})` : ''}`)],
    };
  } else {
    const v = verificationOf(specs.specs);
    const open = specs.specs.assertions.filter((a) => a.status !== 'confirmed');
    specItem = v.allConfirmed
      ? { ok: true, text: `Specs verified (${v.confirmed}/${v.total} assertions confirmed in ${ASSERTIONS_FILE})`, details: [] }
      : {
          ok: false,
          text: 'Specs not verified - run /verify first',
          details:
            v.total === 0
              ? [`Specs: ${ASSERTIONS_FILE} has no assertions`]
              : [`Specs: ${v.confirmed}/${v.total} assertions confirmed; not confirmed:`, ...open.map((a) => `  ${a.id} (${a.status}): ${a.description}`)],
        };
  }
  const pkgItem: ChecklistItem = hasPackageJson
    ? { ok: true, text: 'Package.json exists', details: [] }
    : { ok: false, text: 'Package.json missing - create one first (npm init)', details: [] };
  const items = [testItem, specItem, pkgItem];
  return { items, ready: items.every((i) => i.ok), tests };
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
