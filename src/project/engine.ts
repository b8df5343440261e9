/**
 * The container engine, docker or podman: found on PATH (or chosen with --engine), driven as a
 * child process. Everything here is an effect at the edge; the figures reported (size, layers,
 * digest) are read back from the engine, never estimated.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Problem } from '../graph/problems';

export const ENGINES = ['docker', 'podman'] as const;
export type EngineName = (typeof ENGINES)[number];

export class EngineError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'EngineError';
  }
}

export interface EngineRun {
  readonly code: number;
  /** stdout and stderr as they came. */
  readonly output: string;
  /** stdout alone (engines print warnings on stderr). */
  readonly stdout: string;
}

export interface Engine {
  readonly name: EngineName;
  readonly env: NodeJS.ProcessEnv;
  /** Receives the engine's progress output as it comes. */
  readonly progress?: (text: string) => void;
}

/** Whether `command` is an executable on PATH. */
function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/**
 * The engine to use: `requested` when given (it must be installed), else the first of docker and
 * podman that is installed and answers `version` (a docker client without a daemon does not).
 */
export function detectEngine(requested: string | undefined, env: NodeJS.ProcessEnv): EngineName {
  if (requested !== undefined) {
    if (!(ENGINES as readonly string[]).includes(requested)) {
      throw new EngineError([{ message: 'Unknown container engine', value: JSON.stringify(requested), expected: 'docker or podman', action: 'Pass --engine docker or --engine podman' }]);
    }
    if (!onPath(requested, env)) {
      throw new EngineError([
        { message: `${requested} is not installed (not found on PATH)`, value: requested, expected: 'an installed container engine', action: `Install ${requested}, or choose the other with --engine` },
      ]);
    }
    return requested as EngineName;
  }
  const installed = ENGINES.filter((e) => onPath(e, env));
  for (const name of installed) {
    const result = spawnSync(name, ['version'], { env, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status === 0) return name;
  }
  throw new EngineError([
    {
      message: installed.length ? `No working container engine: ${installed.join(' and ')} found but not answering` : 'No container engine found (neither docker nor podman is on PATH)',
      value: installed.length ? `'${installed[0]} version' failed` : undefined,
      expected: 'docker with a running daemon, or podman',
      action: installed.length ? `Start the ${installed[0]} daemon, or pass --engine podman / --engine docker` : 'Install podman or docker, then re-run',
    },
  ]);
}

/** Runs the engine with `args`, streaming its output to `progress` and keeping it. */
export function runEngine(engine: Engine, args: readonly string[], cwd?: string): Promise<EngineRun> {
  return new Promise((resolve) => {
    const child = spawn(engine.name, [...args], { cwd, env: engine.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    const take = (isStdout: boolean) => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (isStdout) stdout += text;
      engine.progress?.(text);
    };
    child.stdout.on('data', take(true));
    child.stderr.on('data', take(false));
    child.on('error', (error) => resolve({ code: 127, output: `${output}${error.message}\n`, stdout }));
    child.on('close', (code) => resolve({ code: code ?? 1, output, stdout }));
  });
}

export interface ImageFacts {
  readonly id: string;
  /** Bytes, as the engine reports the image size. */
  readonly size: number;
  readonly layers: number;
}

/** Size, layer count and id of a local image, from `<engine> image inspect`. */
export async function inspectImage(engine: Engine, ref: string): Promise<ImageFacts> {
  const result = await runEngine({ ...engine, progress: undefined }, ['image', 'inspect', '--format', '{{.Id}} {{.Size}} {{len .RootFS.Layers}}', ref]);
  const match = /^(\S+) (\d+) (\d+)\s*$/m.exec(result.stdout);
  if (result.code !== 0 || !match) {
    throw new EngineError([
      {
        message: `Cannot read the size and layers of ${ref} from ${engine.name}`,
        value: result.output.trim().split('\n').slice(-3).join(' ') || `exit ${result.code}`,
        expected: "'<id> <size> <layers>' from image inspect",
        action: `Check that the image exists: ${engine.name} image ls ${ref.split(':')[0]}`,
      },
    ]);
  }
  return { id: match[1], size: Number(match[2]), layers: Number(match[3]) };
}

/** "45MB"-style size, as `deploy build` reports it (decimal megabytes, like the engines). */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)}GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)}MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)}kB`;
  return `${bytes}B`;
}

export interface BuildOptions {
  readonly dir: string;
  readonly tags: readonly string[];
  /** e.g. ["linux/amd64", "linux/arm64"]; several make a multi-arch manifest list (podman) or a buildx build (docker). */
  readonly platforms?: readonly string[];
  readonly created: string;
}

/** Arguments of the build command. */
export function buildArgs(engine: EngineName, options: BuildOptions): string[] {
  const multi = (options.platforms?.length ?? 0) > 1;
  const base = engine === 'docker' && multi ? ['buildx', 'build'] : ['build'];
  const tags = multi && engine === 'podman' ? ['--manifest', options.tags[0]] : options.tags.flatMap((t) => ['-t', t]);
  return [
    ...base,
    ...tags,
    ...(options.platforms?.length ? ['--platform', options.platforms.join(',')] : []),
    '--build-arg',
    `CREATED=${options.created}`,
    '-f',
    'Dockerfile',
    '.',
  ];
}

export async function build(engine: Engine, options: BuildOptions): Promise<void> {
  if (engine.name === 'podman' && (options.platforms?.length ?? 0) > 1) {
    // `--manifest` adds to an existing list: start from an empty one, and free the tag if a
    // single-platform build holds it.
    const quiet = { ...engine, progress: undefined };
    const ref = options.tags[0];
    if ((await runEngine(quiet, ['manifest', 'exists', ref])).code === 0) await runEngine(quiet, ['manifest', 'rm', ref]);
    else if ((await runEngine(quiet, ['image', 'exists', ref])).code === 0) await runEngine(quiet, ['rmi', ref]);
  }
  const result = await runEngine(engine, buildArgs(engine.name, options), options.dir);
  if (result.code !== 0) {
    throw new EngineError([
      {
        message: `${engine.name} build failed (exit ${result.code})`,
        value: lastLines(result.output, 4) || undefined,
        expected: 'the image to build from the generated Dockerfile',
        action: `Fix the error above, then re-run; to reproduce: cd ${options.dir} && ${engine.name} build -t ${options.tags[0]} .`,
      },
    ]);
  }
}

export interface PushResult {
  readonly reference: string;
  readonly digest?: string;
}

/** Tags `source` as `target` and pushes it; returns the digest the registry gave. */
export async function tagAndPush(engine: Engine, source: string, target: string, tlsVerify: boolean, manifest = false): Promise<PushResult> {
  if (!manifest) {
    const tagged = await runEngine(engine, ['tag', source, target]);
    if (tagged.code !== 0) {
      throw new EngineError([
        { message: `${engine.name} tag ${source} ${target} failed`, value: tagged.output.trim().split('\n').pop(), expected: 'a built local image', action: 'Run topograph deploy build first' },
      ]);
    }
  }
  const digestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-push-')), 'digest');
  const tls = engine.name === 'podman' && !tlsVerify ? ['--tls-verify=false'] : [];
  const args =
    engine.name === 'podman'
      ? manifest
        ? ['manifest', 'push', '--all', ...tls, '--digestfile', digestFile, source, `docker://${target}`]
        : ['push', ...tls, '--digestfile', digestFile, target]
      : ['push', target];
  const pushed = await runEngine(engine, args);
  let digest: string | undefined;
  try {
    digest = fs.readFileSync(digestFile, 'utf8').trim() || undefined;
  } catch {
    digest = undefined;
  } finally {
    fs.rmSync(path.dirname(digestFile), { recursive: true, force: true });
  }
  digest ??= /digest: (sha256:[0-9a-f]{64})/.exec(pushed.output)?.[1];
  if (pushed.code !== 0) {
    const lines = pushed.output.trim().split('\n').filter(Boolean);
    const last = [...lines].reverse().find((l) => /^Error/i.test(l)) ?? lines[lines.length - 1] ?? '';
    const http = /http: server gave HTTP response to HTTPS client|x509|certificate/i.test(last);
    throw new EngineError([
      {
        message: `Pushing ${target} failed`,
        value: last || `exit ${pushed.code}`,
        expected: 'a reachable registry that accepts the push',
        action: http
          ? 'The registry speaks plain HTTP or has an untrusted certificate: add --tls-verify=false (podman), or list it under insecure-registries (docker)'
          : `Log in first (${engine.name} login ${target.split('/')[0]}) and check the registry address`,
      },
    ]);
  }
  return { reference: target, digest };
}

/**
 * docker with several platforms: buildx cannot keep a manifest list in the local image store, so
 * it builds and pushes in one step; the digest comes from its metadata file.
 */
export async function buildxPush(engine: Engine, options: BuildOptions & { readonly targets: readonly string[] }): Promise<string | undefined> {
  const metadata = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-buildx-')), 'metadata.json');
  const args = [
    'buildx',
    'build',
    ...options.targets.flatMap((t) => ['-t', t]),
    '--platform',
    (options.platforms ?? []).join(','),
    '--build-arg',
    `CREATED=${options.created}`,
    '--metadata-file',
    metadata,
    '--push',
    '-f',
    'Dockerfile',
    '.',
  ];
  const result = await runEngine(engine, args, options.dir);
  let digest: string | undefined;
  try {
    digest = (JSON.parse(fs.readFileSync(metadata, 'utf8')) as Record<string, unknown>)['containerimage.digest'] as string | undefined;
  } catch {
    digest = undefined;
  } finally {
    fs.rmSync(path.dirname(metadata), { recursive: true, force: true });
  }
  if (result.code !== 0) {
    throw new EngineError([
      {
        message: `docker buildx build --push failed (exit ${result.code})`,
        value: lastLines(result.output, 4) || undefined,
        expected: 'a multi-platform build pushed to the registry',
        action: 'Check that buildx is installed with a builder that supports several platforms (docker buildx create --use), or use --engine podman',
      },
    ]);
  }
  return digest;
}

/** The last lines of engine output without its warnings, indented under "Value:". */
function lastLines(output: string, count: number): string {
  return output
    .trim()
    .split('\n')
    .filter((line) => line.trim() && !/level=warn/.test(line))
    .slice(-count)
    .join('\n       ');
}
