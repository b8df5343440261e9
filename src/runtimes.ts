/**
 * What topograph knows about each language runtime: supported version lines, base images,
 * default entries and start commands. Defaults are lines with upstream support as of the
 * release of this version (Node 20 reached end-of-life in April 2026).
 */
import { type Problem, TopologyError } from './graph/problems';
import type { Archetype, Framework, Runtime } from './graph/schema';
import type { ServiceModel } from './model';

/** The oldest version line the generated Dockerfile works with, and what needs it. */
export interface VersionFloor {
  /** Oldest accepted version line, e.g. "18". */
  readonly version: string;
  /** What in the generated Dockerfile needs it (shown in the error). */
  readonly reason: string;
}

/** One version line of a runtime's support calendar. */
export interface SupportedLine {
  /** The line, e.g. "20" (node) or "3.12" (python). */
  readonly line: string;
  /** Its end of upstream support: `YYYY-MM-DD`, or `YYYY-MM` for the end of that month. */
  readonly end: string;
}

/** When each version line of a runtime stops getting fixes upstream. */
export interface SupportCalendar {
  /** Where the dates come from, and how the project decides them. */
  readonly source: string;
  /** The lines, oldest first; a line older than the first one is past its end too. */
  readonly lines: readonly SupportedLine[];
}

/** A file the generated Dockerfile copies from the build context before anything else. */
export interface ContextFile {
  /** File name in the context, e.g. "package-lock.json". */
  readonly file: string;
  /**
   * Whether the context needs it, given a reader of the context's files (undefined when absent).
   * @default always
   */
  readonly neededWhen?: (read: (file: string) => string | undefined) => boolean;
  /** How to create it, given which files the context has; shown as the action of the problem. */
  readonly create: (has: (file: string) => boolean) => string;
}

export interface RuntimeProfile {
  /** Version line used when the graph gives none. */
  readonly defaultVersion: string;
  /** Default program entry by whether a web framework is used. */
  readonly defaultEntry: (framework?: Framework) => string;
  /** Image the dependencies and build stages run in. */
  readonly buildImage: (version: string) => string;
  /** Image the runtime stage starts from. */
  readonly runtimeImage: (version: string) => string;
  /** The oldest line the generated Dockerfile and health probe work with: older ones are refused. */
  readonly minimumVersion: VersionFloor;
  /** Upstream support: a line past its end is accepted with a warning. */
  readonly support: SupportCalendar;
  /** What the build context must hold: the dependency manifests the Dockerfile copies first. */
  readonly contextFiles: readonly ContextFile[];
}

export const RUNTIME_PROFILES: Record<Runtime, RuntimeProfile> = {
  python: {
    defaultVersion: '3.11',
    defaultEntry: (framework) => (framework ? 'main:app' : 'main'),
    buildImage: (v) => `python:${v}-slim`,
    runtimeImage: (v) => `python:${v}-slim`,
    minimumVersion: { version: '3', reason: 'the health probe uses urllib.request, which Python 2 does not have' },
    // https://devguide.python.org/versions/ (five years per feature release; future ends by month,
    // as the devguide gives them), read 1 December 2026.
    support: {
      source: 'devguide.python.org/versions',
      lines: [
        { line: '3.5', end: '2020-09-30' },
        { line: '3.6', end: '2021-12-23' },
        { line: '3.7', end: '2023-06-27' },
        { line: '3.8', end: '2024-10-07' },
        { line: '3.9', end: '2025-10-31' },
        { line: '3.10', end: '2026-10' },
        { line: '3.11', end: '2027-10' },
        { line: '3.12', end: '2028-10' },
        { line: '3.13', end: '2029-10' },
        { line: '3.14', end: '2030-10' },
        { line: '3.15', end: '2031-10' },
      ],
    },
    contextFiles: [
      {
        file: 'requirements.txt',
        create: (has) =>
          has('pyproject.toml')
            ? 'write requirements.txt from pyproject.toml (e.g. `pip-compile pyproject.toml -o requirements.txt`): the Dockerfile installs with `pip install -r requirements.txt`'
            : "create requirements.txt listing the app's dependencies (`pip freeze > requirements.txt`; an empty file if it has none)",
      },
    ],
  },
  node: {
    defaultVersion: '24',
    defaultEntry: () => 'dist/index.js',
    buildImage: (v) => `node:${v}-slim`,
    runtimeImage: (v) => `node:${v}-slim`,
    minimumVersion: { version: '18', reason: 'the health probe uses fetch and AbortSignal.timeout (Node 18), and `npm prune --omit=dev` needs npm 7 or later' },
    // github.com/nodejs/Release schedule.json (as shipped in the npm package node-releases 2.0.65),
    // read 1 December 2026: odd lines end after about eight months, even (LTS) lines after 30.
    support: {
      source: 'github.com/nodejs/Release (schedule.json)',
      lines: [
        { line: '16', end: '2023-09-11' },
        { line: '17', end: '2022-06-01' },
        { line: '18', end: '2025-04-30' },
        { line: '19', end: '2023-06-01' },
        { line: '20', end: '2026-04-30' },
        { line: '21', end: '2024-06-01' },
        { line: '22', end: '2027-04-30' },
        { line: '23', end: '2025-06-01' },
        { line: '24', end: '2028-04-30' },
        { line: '25', end: '2026-06-01' },
        { line: '26', end: '2029-04-30' },
        { line: '27', end: '2030-04-30' },
      ],
    },
    contextFiles: [
      { file: 'package.json', create: () => 'create package.json (`npm init -y`), then run `npm install` to write package-lock.json' },
      {
        file: 'package-lock.json',
        create: (has) => {
          const other = ['yarn.lock', 'pnpm-lock.yaml', 'bun.lock'].find(has);
          const hint = other === 'bun.lock' ? ' (it does not read bun.lock: for a bun project, set "runtime": "bun")' : other ? ` (it does not read ${other})` : '';
          return `run \`npm install\` to write package-lock.json: the Dockerfile installs with \`npm ci\`${hint}`;
        },
      },
    ],
  },
  bun: {
    defaultVersion: '1',
    defaultEntry: () => 'src/index.ts',
    buildImage: (v) => `oven/bun:${v}`,
    runtimeImage: (v) => `oven/bun:${v}-slim`,
    minimumVersion: { version: '1.2', reason: 'the Dockerfile installs from bun.lock, the text lockfile Bun writes by default since 1.2' },
    // Bun supports only its latest release (bun.sh/docs/project/roadmap): a line ends when the next
    // one is out. Release dates from the npm registry's times of @oven/bun-linux-x64 x.y.0 (1.0 and
    // 1.1 from bun.sh/blog), read 1 December 2026. "1" follows the latest 1.x and never warns.
    support: {
      source: 'bun.sh (only the latest release is supported); release dates from the npm registry',
      lines: [
        { line: '1.0', end: '2024-04-01' },
        { line: '1.1', end: '2025-01-22' },
        { line: '1.2', end: '2025-10-10' },
        { line: '1.3', end: '2026-08-20' },
      ],
    },
    contextFiles: [
      { file: 'package.json', create: () => 'create package.json (`bun init`), then run `bun install` to write bun.lock' },
      {
        file: 'bun.lock',
        create: (has) =>
          has('bun.lockb')
            ? 'run `bun install --save-text-lockfile` (Bun 1.2 and later write bun.lock by default) to write bun.lock next to the binary bun.lockb: the Dockerfile installs with `bun install --frozen-lockfile`'
            : 'run `bun install` to write bun.lock: the Dockerfile installs with `bun install --frozen-lockfile`',
      },
    ],
  },
  go: {
    defaultVersion: '1.26',
    defaultEntry: () => '.',
    buildImage: (v) => `golang:${v}-bookworm`,
    runtimeImage: () => 'gcr.io/distroless/static-debian12:nonroot',
    minimumVersion: { version: '1.20', reason: 'the build stage is golang:<version>-bookworm (Debian 12), published for Go 1.20 and later' },
    // go.dev/doc/devel/release#policy: a release is supported until two newer ones are out, so a
    // line ends when the one two after it is released (dates from go.dev; 1.28 as scheduled,
    // February 2027), read 1 December 2026.
    support: {
      source: 'go.dev/doc/devel/release#policy (supported until two newer releases exist)',
      lines: [
        { line: '1.19', end: '2023-08-08' },
        { line: '1.20', end: '2024-02-06' },
        { line: '1.21', end: '2024-08-13' },
        { line: '1.22', end: '2025-02-11' },
        { line: '1.23', end: '2025-08-12' },
        { line: '1.24', end: '2026-02-11' },
        { line: '1.25', end: '2026-08' },
        { line: '1.26', end: '2027-02' },
      ],
    },
    contextFiles: [
      { file: 'go.mod', create: () => 'run `go mod init <module path>`: the Dockerfile copies go.* and runs `go mod download`' },
      {
        file: 'go.sum',
        neededWhen: (read) => /^\s*require\b/m.test(read('go.mod') ?? ''),
        create: () => 'run `go mod tidy` to write go.sum: go.mod requires modules, and the build verifies them against it',
      },
    ],
  },
};

/** The numeric user every generated image runs as (and Kubernetes pods with it). */
export const APP_UID = 10001;

/** Archetypes that run until stopped (and so are health-checked and restarted). */
export function isLongRunning(archetype: Archetype): boolean {
  return archetype === 'web-service' || archetype === 'worker';
}

/** The compose profile an archetype is in: programs run on demand are not started with the stack. */
export function composeProfileOf(archetype: Archetype): string | undefined {
  if (archetype === 'cli-tool') return 'tools';
  if (archetype === 'data-pipeline') return 'jobs';
  return undefined;
}

/** `"3.12.1"` → `[3, 12, 1]`. */
function parts(version: string): number[] {
  return version.split('.').map(Number);
}

/**
 * Whether `version` is older than `floor`. A shorter version is a floating tag (`"1"` is the
 * newest 1.x), so it is older only where the parts it has are.
 */
export function isOlderThan(version: string, floor: string): boolean {
  const v = parts(version);
  const f = parts(floor);
  for (let i = 0; i < Math.min(v.length, f.length); i++) {
    if (v[i] !== f[i]) return v[i] < f[i];
  }
  return false;
}

/** What the support calendar says of a version line. */
export type SupportStatus =
  | { readonly kind: 'supported' | 'unknown' }
  | { readonly kind: 'ended'; readonly line: string; readonly end: string };

/**
 * Looks `version` up in `runtime`'s calendar as of `today`: "ended" when its line's support ended
 * before that day (or the line is older than every line the calendar has), "unknown" for a line
 * newer than the calendar or a floating tag such as `"3"`.
 */
export function supportStatus(runtime: Runtime, version: string, today: Date): SupportStatus {
  const { lines } = RUNTIME_PROFILES[runtime].support;
  const v = parts(version);
  const entry = lines.find((l) => {
    const p = parts(l.line);
    return p.length <= v.length && p.every((n, i) => n === v[i]);
  });
  if (!entry) {
    const oldest = lines[0];
    const granular = v.length >= parts(oldest.line).length;
    return granular && isOlderThan(version, oldest.line) ? { kind: 'ended', line: version, end: oldest.end } : { kind: 'unknown' };
  }
  return endOf(entry.end) < today.getTime() ? { kind: 'ended', line: entry.line, end: entry.end } : { kind: 'supported' };
}

/** The last moment of `YYYY-MM-DD` or of the month `YYYY-MM`, in UTC milliseconds. */
function endOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return d === undefined ? Date.UTC(y, m, 1) - 1 : Date.UTC(y, m - 1, d + 1) - 1;
}

/** How the runtimes are called in messages. */
export const RUNTIME_NAMES: Record<Runtime, string> = { python: 'Python', node: 'Node', bun: 'Bun', go: 'Go' };

/**
 * The day support calendars are read against: today, or `TOPOGRAPH_TODAY` (`YYYY-MM-DD`) when set,
 * so a run can be reproduced (docs/topology-graph.md#runtime-versions).
 */
export function supportDate(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.TOPOGRAPH_TODAY;
  if (fixed === undefined || fixed === '') return new Date();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fixed);
  const date = day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== fixed) {
    throw new TopologyError([
      { message: 'Invalid TOPOGRAPH_TODAY', value: JSON.stringify(fixed), expected: 'a date such as 2026-12-01', action: 'Fix or unset TOPOGRAPH_TODAY' },
    ]);
  }
  return date;
}

/**
 * Warnings for services built on a runtime line past its end of upstream support (as of `today`):
 * the build works, but the line gets no security fixes. Never an error: `validate` and `synth` print
 * them and go on.
 */
export function runtimeSupportWarnings(
  services: ReadonlyArray<Pick<ServiceModel, 'name' | 'runtime' | 'runtimeVersion' | 'containerized'>>,
  today: Date,
): Problem[] {
  const warnings: Problem[] = [];
  for (const service of services) {
    if (!service.containerized) continue;
    const status = supportStatus(service.runtime, service.runtimeVersion, today);
    if (status.kind !== 'ended') continue;
    const profile = RUNTIME_PROFILES[service.runtime];
    const name = RUNTIME_NAMES[service.runtime];
    const suggestion = supportStatus(service.runtime, profile.defaultVersion, today).kind === 'ended'
      ? [...profile.support.lines].reverse().find((l) => supportStatus(service.runtime, l.line, today).kind === 'supported')?.line
      : profile.defaultVersion;
    warnings.push({
      message: `${name} ${status.line} of service '${service.name}' is past its end of upstream support (${status.end}): it gets no security fixes`,
      value: JSON.stringify(service.runtimeVersion),
      expected: `a supported ${name} line (${profile.support.source})`,
      action: `Move '${service.name}' to a supported line${suggestion ? `, e.g. "runtimeVersion": "${suggestion}"` : ''}`,
    });
  }
  return warnings;
}
