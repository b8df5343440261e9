/**
 * What a language runtime is to topograph, as one value (a runtime pack): its base images,
 * Dockerfile stages, health probe, `.dockerignore` entries, frameworks, entry grammar, the files
 * its build context needs and its version floor and support calendar. Each built-in runtime is one
 * file in `src/graph/kinds/runtimes/`; `registerRuntime` adds one more (docs/extending.md).
 */
import { versionLineOf } from '../digest';
import { shellQuote, shellWord } from '../../escape';
import { KIND_NAME, VERSION_LINE } from '../grammar';
import type { Problem } from '../problems';
import { IMAGE_RUNTIMES } from './image-runtimes';
import { KindTable } from './table';

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
  /**
   * Any top-level file of the context whose name matches satisfies the rule (`file` is then how
   * messages name it, e.g. "pom.xml" for Maven or Gradle, "*.csproj"). @default the name `file` only
   */
  readonly matches?: RegExp;
}

/**
 * The runtime-specific part of a service's Dockerfile (src/render/dockerfile.ts writes the rest:
 * header, FROM lines, labels, the non-root user, EXPOSE, HEALTHCHECK and the start command).
 */
export interface DockerfileStages {
  /** Instructions of the dependencies stage after FROM/WORKDIR. */
  readonly dependencies: string[];
  /** Instructions of the build stage after FROM. */
  readonly build: string[];
  /** Instructions of the runtime stage that bring the program in (after user creation). */
  readonly runtimeCopy: string[];
  /** Environment of the runtime stage. */
  readonly runtimeEnv: Record<string, string>;
  /** Whether the runtime image has a shell and useradd (distroless has neither). */
  readonly hasShell: boolean;
  /** Default start command, exec form. */
  readonly command: string[];
  /** Workdir of the dependency/build stages. */
  readonly workdir: string;
}

/** What a runtime pack sees of a service: these fields of its resolved model (`ServiceModel`), defaults applied. */
export interface RuntimeService {
  /** The service name. */
  readonly name: string;
  /** Its archetype, e.g. "web-service". */
  readonly archetype: string;
  /** Its runtime version line. */
  readonly runtimeVersion: string;
  /** Its framework, when it has one. */
  readonly framework?: string;
  /** Its program entry (validated with the pack's `entry` grammar). */
  readonly entry: string;
  /** The port it listens on, when it has one (the primary port). */
  readonly port?: number;
  /**
   * The readiness check its image runs (compose, the Dockerfile's HEALTHCHECK), when it has one
   * the pack probes: a pack whose probe is built into the image reads it. @default none
   */
  readonly probe?: { readonly kind: HealthProbeKind };
  /**
   * The top-level files of its build context that the pack's `detectFiles` matched, sorted (java:
   * pom.xml or build.gradle decides Maven or Gradle). @default none (the context was not read)
   */
  readonly detectedFiles?: readonly string[];
}

/** The kinds of check a runtime's probe can run inside its image. */
export type HealthProbeKind = 'http' | 'tcp' | 'grpc';

/** The health check a runtime's probe runs inside the container, on 127.0.0.1. */
export interface HealthProbeCheck {
  /**
   * What to check: `http` (GET `url`, below 400 passes), `tcp` (a connection to `port` opens) or
   * `grpc` (grpc.health.v1.Health/Check of `service` answers SERVING). Only kinds the pack lists in
   * `probeKinds` are asked for. @default "http" (packs written before the kinds may ignore it)
   */
  readonly kind: HealthProbeKind;
  /** The URL to GET, e.g. `http://127.0.0.1:8000/health` (for tcp and grpc: `http://127.0.0.1:<port>`). */
  readonly url: string;
  /** The port to check. */
  readonly port: number;
  /** The path (and query) on that port, e.g. "/health" (http only; "" otherwise). */
  readonly path: string;
  /** The grpc.health.v1 service name to check (grpc only; "" is the whole server). */
  readonly service: string;
  /** Seconds one check may take. */
  readonly timeoutSeconds: number;
}

/** How a service's `entry` is written for a runtime. */
export interface EntryGrammar {
  /** The pattern a valid entry matches (anchored; it must refuse shell syntax and `..`). */
  readonly pattern: RegExp;
  /** What was expected, shown when an entry does not match, e.g. 'a go package: ".", "./cmd/api" …'. */
  readonly expected: string;
}

/** One language runtime: everything topograph needs to build, run and check a service on it. */
export interface RuntimePack {
  /** The graph's `runtime` value, e.g. "python". */
  readonly name: string;
  /** How messages call it, e.g. "Python". */
  readonly title: string;
  /** Version line used when the graph gives none. */
  readonly defaultVersion: string;
  /** The oldest line the generated Dockerfile and health probe work with: older ones are refused. */
  readonly minimumVersion: VersionFloor;
  /** Upstream support: a line past its end is accepted with a warning. */
  readonly support: SupportCalendar;
  /**
   * Image the dependencies and build stages run in (short name; topograph qualifies it), given the
   * context's `detectedFiles` when the pack reads any (java: the maven or the gradle image).
   */
  readonly buildImage: (version: string, detectedFiles?: readonly string[]) => string;
  /** Image the runtime stage starts from. */
  readonly runtimeImage: (version: string) => string;
  /**
   * Web frameworks of this runtime, by the graph's `framework` value (each name belongs to one
   * runtime); `stages` reads `service.framework` to choose the start command. @default none
   */
  readonly frameworks?: readonly string[];
  /** Default program entry, given the framework (if any) and the context's `detectedFiles` (dotnet: the one project file). */
  readonly defaultEntry: (framework?: string, detectedFiles?: readonly string[]) => string;
  /**
   * Top-level file names of a service's build context whose presence decides its build: topograph
   * lists those that exist (`RuntimeService.detectedFiles`) when it resolves the service.
   * @default none: the pack never reads the context
   */
  readonly detectFiles?: RegExp;
  /** The grammar of `entry`, with and without a framework. */
  readonly entry: (framework: boolean) => EntryGrammar;
  /** How `entry` is written, one clause for the schema's description, e.g. 'a package, "." (default) …'. */
  readonly entryRule: string;
  /** What the build context must hold: the dependency manifests the Dockerfile copies first. */
  readonly contextFiles: readonly ContextFile[];
  /** Lines of its `.dockerignore` section: a "# Title" comment, then patterns (never a file the Dockerfile COPYs by name). */
  readonly dockerignore: readonly string[];
  /** The Dockerfile stages of `service` (its runtime is this one; every value reaches text through src/escape/). */
  readonly stages: (service: RuntimeService) => DockerfileStages;
  /**
   * The kinds of check `healthProbe` can run in this runtime's image; a service whose health kind
   * is another one is refused at validation (use kind "exec" with your own probe, or "none").
   * @default ["http"]
   */
  readonly probeKinds?: readonly HealthProbeKind[];
  /**
   * Exec-form command, run inside the runtime image, that exits 0 when the check passes within
   * `check.timeoutSeconds`: for an HTTP check, when `check.url` answers below 400; TCP, when
   * `check.port` accepts a connection; gRPC, when Health/Check answers SERVING. No argument may
   * hold whitespace (podman's compose API splits on it); the URL reaches source code only through
   * src/escape/ (`jsString`, `pythonString`).
   */
  readonly healthProbe: (check: HealthProbeCheck) => string[];
}

/** The runtime table: every runtime a service can name, built-ins first. */
export const RUNTIME_TABLE = new KindTable<RuntimePack>('runtime');

/**
 * Adds a runtime: afterwards a graph (and `ServiceProps.runtime`) may name it, and synth builds
 * its services with the pack's images, stages and probe (docs/extending.md). Throws a
 * `TopologyError` when the name is taken or invalid, or a framework already belongs to another runtime.
 */
export function registerRuntime(pack: RuntimePack): void {
  RUNTIME_TABLE.register(pack, runtimePackProblems);
}

/** The runtime pack named `name`; throws for a runtime nobody registered. */
export function runtimePack(name: string): RuntimePack {
  return RUNTIME_TABLE.require(name);
}

function runtimePackProblems(pack: RuntimePack): Problem[] {
  const problems: Problem[] = [];
  if ((IMAGE_RUNTIMES as readonly string[]).includes(pack.name)) {
    problems.push({
      message: `The runtime name '${pack.name}' is reserved`,
      value: JSON.stringify(pack.name),
      expected: `a name other than ${IMAGE_RUNTIMES.join(' and ')} (the runtimes of images topograph does not write)`,
      action: 'Give the runtime pack another name',
    });
  }
  const taken = new Map(RUNTIME_TABLE.all().flatMap((r) => (r.frameworks ?? []).map((f) => [f, r.name] as const)));
  for (const framework of pack.frameworks ?? []) {
    if (!KIND_NAME.test(framework) || taken.has(framework)) {
      problems.push({
        message: `Framework '${framework}' of runtime '${pack.name}' ${taken.has(framework) ? `already belongs to '${taken.get(framework)}'` : 'is not a valid name'}`,
        value: JSON.stringify(framework),
        expected: 'a lower-case name of letters, digits and "-" that no other runtime uses',
        action: `Rename the framework in the '${pack.name}' runtime pack`,
      });
    }
  }
  if (!VERSION_LINE.test(pack.defaultVersion ?? '') || !VERSION_LINE.test(pack.minimumVersion?.version ?? '')) {
    problems.push({
      message: `Runtime '${pack.name}' needs a default and a minimum version line`,
      value: JSON.stringify({ defaultVersion: pack.defaultVersion, minimumVersion: pack.minimumVersion?.version }),
      expected: 'version lines of up to four dot-separated numbers, e.g. "2" or "1.22"',
      action: `Set defaultVersion and minimumVersion.version of the '${pack.name}' runtime pack`,
    });
  }
  if (!pack.support || pack.support.lines.length === 0) {
    problems.push({
      message: `Runtime '${pack.name}' has no support calendar`,
      expected: 'support.lines with at least one { line, end } (oldest first)',
      action: `Add the upstream support dates to the '${pack.name}' runtime pack`,
    });
  }
  return problems;
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
  const v = parts(versionLineOf(version));
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
export function supportStatus(runtime: string, version: string, today: Date): SupportStatus {
  const { lines } = runtimePack(runtime).support;
  version = versionLineOf(version);
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

/** `COPY <the context files> ./`: the dependency manifests a pack's first stage copies (and `topograph synth` checks for). */
export function copyContextFiles(files: readonly ContextFile[]): string {
  return `COPY ${files.map((f) => f.file).join(' ')} ./`;
}

/**
 * `RUN mkdir -p <dir> && printf '%s\n' <lines> > <file>` as Dockerfile lines: a small file (a health probe's source,
 * a server configuration) written inside the image, each line one single-quoted shell word
 * (`shellQuote`), so nothing in it is expanded. `then` is a command run after it, e.g. a compiler.
 */
export function writeFileInstruction(file: string, lines: readonly string[], then?: string): string[] {
  const words = lines.map((l) => `    ${shellQuote(l)} \\`);
  const dir = file.slice(0, file.lastIndexOf('/')) || '/';
  return [`RUN mkdir -p ${shellWord(dir)} && printf '%s\\n' \\`, ...words, `    > ${shellWord(file)}${then ? ` && ${then}` : ''}`];
}
