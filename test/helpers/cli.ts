/** The built `topograph` binary run as a child process, for tests of what a user sees. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, SHOP_DIR } from './shop';

export const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');
/** The fault-injection preload (kill, pause, errno): see its header. */
export const FAULTS = path.join(__dirname, 'fs-faults.js');

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Preload the fault injector with these FAULT_* variables. */
  readonly faults?: Record<string, string>;
  readonly timeout?: number;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function argsOf(args: string[], options: RunOptions): string[] {
  return [...(options.faults ? ['--require', FAULTS] : []), BIN, ...args];
}

function envOf(options: RunOptions): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH!, HOME: options.env?.HOME ?? os.tmpdir(), ...options.env, ...options.faults };
}

/** Runs topograph to completion. */
export function topograph(args: string[], options: RunOptions = {}): RunResult {
  const result = spawnSync(process.execPath, argsOf(args, options), { cwd: options.cwd ?? SHOP_DIR, encoding: 'utf8', env: envOf(options), timeout: options.timeout ?? 60_000 });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Starts topograph; resolves when it ends. */
export function topographAsync(args: string[], options: RunOptions = {}): { done: Promise<RunResult>; stderrSoFar: () => string } {
  const child = spawn(process.execPath, argsOf(args, options), { cwd: options.cwd ?? SHOP_DIR, env: envOf(options) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 60_000);
  const done = new Promise<RunResult>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { done, stderrSoFar: () => stderr };
}

export function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-cli-'));
}

/** A copy of the shop example in a scratch directory (so tests never write into the repo). */
export function shopCopy(): string {
  const dir = scratch();
  fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
  return dir;
}

/** Errors must be readable: no stack trace, one screen. */
export function expectCleanError(result: { code: number | null; stderr: string }, code = 1): void {
  expect(result.code).toBe(code);
  expect(result.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(result.stderr).not.toContain('failed unexpectedly');
  expect(result.stderr.split('\n').length).toBeLessThan(40);
}

/** Waits (polling) until `file` exists or `give` says to stop. */
export async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: gave up');
    await new Promise((r) => setTimeout(r, 20));
  }
}
