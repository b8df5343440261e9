/**
 * Effects of the end-to-end suite in one place: running commands (always bounded), podman queries,
 * and waiting with failure messages that name the service and its last health output.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const LAB = process.env.E2E_LAB ?? path.join(REPO, '.e2e-cache');
export const SCRIPTS = path.join(REPO, 'scripts', 'e2e');
/** Compose project name of the suite (never the user's default 'shop'). */
export const PROJECT = 'shop-e2e';
export const OUT = path.join(LAB, 'out');
export const DOCKER_DIR = path.join(OUT, 'docker');

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion within `timeoutMs`; never throws. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Result {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const timedOut = result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (timedOut ? `\n[e2e] ${command} timed out after ${options.timeoutMs ?? 60_000} ms` : result.error ? `\n[e2e] ${result.error.message}` : ''),
  };
}

/** Runs a command and returns its stdout; throws with the command, exit status and output on failure. */
export function must(command: string, args: string[], options: Parameters<typeof run>[2] = {}): string {
  const result = run(command, args, options);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n--- stdout (tail)\n${tail(result.stdout)}\n--- stderr (tail)\n${tail(result.stderr)}`);
  }
  return result.stdout;
}

export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function podman(...args: string[]): string {
  return must('podman', args).trim();
}

/** ID of the (first) container of a compose service in the suite's project (or another one). */
export function containerOf(service: string, project = PROJECT): string {
  const id = podman('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`).split('\n')[0];
  if (!id) throw new Error(`no container for service '${service}' in compose project ${project}`);
  return id;
}

export interface ContainerState {
  status: string;
  health: string;
  startedAt: string;
  restartCount: number;
  pid: number;
  lastHealthOutput: string;
}

export function inspectState(service: string, project = PROJECT): ContainerState {
  const raw = JSON.parse(podman('inspect', containerOf(service, project)))[0];
  const health = raw.State.Health ?? raw.State.Healthcheck;
  const log: Array<{ Output: string; ExitCode: number }> = health?.Log ?? [];
  const last = log[log.length - 1];
  return {
    status: raw.State.Status,
    health: health?.Status ?? 'none',
    startedAt: raw.State.StartedAt,
    restartCount: raw.RestartCount ?? 0,
    pid: raw.State.Pid,
    lastHealthOutput: last ? `exit ${last.ExitCode}: ${last.Output.trim().slice(-400)}` : '(no check has run)',
  };
}

/** Full `podman inspect` of a service's container. */
export function inspect(service: string, project = PROJECT): any {
  return JSON.parse(podman('inspect', containerOf(service, project)))[0];
}

export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Polls `check` until it returns true, at most `timeoutMs`; on timeout throws `describe()`, which
 * should name the service and its last health output.
 */
export function waitFor(what: string, check: () => boolean, timeoutMs: number, describe: () => string, intervalMs = 1000): number {
  const start = Date.now();
  for (;;) {
    let ok = false;
    try {
      ok = check();
    } catch {
      ok = false;
    }
    if (ok) return Date.now() - start;
    if (Date.now() - start > timeoutMs) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}\n${describe()}`);
    }
    sleep(intervalMs);
  }
}

/** "service: health (last check: …)" for each service: the failure message of health waits. */
export function healthReport(services: string[], project = PROJECT): string {
  return services
    .map((service) => {
      try {
        const state = inspectState(service, project);
        return `  ${service}: ${state.status}/${state.health}; last health output: ${state.lastHealthOutput}`;
      } catch (error) {
        return `  ${service}: ${(error as Error).message}`;
      }
    })
    .join('\n');
}

/** HTTP GET on 127.0.0.1 (the published ports); never throws. */
export function httpGet(url: string, timeoutMs = 5000): { status: number; body: string } {
  const result = run('curl', ['-sS', '--max-time', String(timeoutMs / 1000), '-o', '-', '-w', '\n%{http_code}', url]);
  const lines = result.stdout.trimEnd().split('\n');
  const status = Number(lines.pop() ?? 0);
  return { status, body: lines.join('\n') };
}

/** Events of the project's containers from podman's event log file (events_logger = "file"). */
export interface EngineEvent {
  id: string;
  name: string;
  status: string;
  health?: string;
  exitCode?: number;
  time: number;
}

export function readEvents(): EngineEvent[] {
  const file = path.join(LAB, 'run', 'events.log');
  if (!fs.existsSync(file)) return [];
  const events: EngineEvent[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    let raw: any;
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    if (raw.Type !== 'container') continue;
    events.push({ id: raw.ID, name: raw.Name, status: raw.Status, health: raw.health_status, exitCode: raw.ContainerExitCode, time: parseTime(raw.Time) });
  }
  return events;
}

/** RFC 3339 with nanoseconds → epoch milliseconds (with the sub-millisecond part kept). */
export function parseTime(text: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return NaN;
  const fraction = Number(`0.${match[2] ?? '0'}`) * 1000;
  return Date.parse(`${match[1]}${match[3]}`) + fraction;
}
