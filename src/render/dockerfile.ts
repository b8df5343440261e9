/**
 * The one Dockerfile renderer, used by `topograph synth` and `topograph deploy`: a layout builds a
 * document (header comment + named stages), the escape hatches change the document, and
 * serialization is the last step. The default layout is a topology service's three stages
 * (dependencies → build → runtime) with the dependency layer cached on the manifest files alone,
 * a non-root numeric user, OCI labels, a HEALTHCHECK that uses the runtime itself (slim images
 * have no curl) and an exec-form start command.
 */
import { dockerfileComment, dockerfileExecForm, dockerfileLabelKey, dockerfileString, dockerfileWord, shellWord } from '../escape';
import type { ServiceModel, TopologyModel } from '../model';
import { baseImages } from '../defaults';
import { RUNTIME_PROFILES } from '../runtimes';
import { GENERATED_MARKER } from './marker';
import { type DockerfileEdit, insertDockerfileInstructions, patchDockerfile } from './dockerfile-overrides';
import { healthProbe } from './probe';

interface Stages {
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

/** One stage of a multi-stage Dockerfile: `FROM <from> AS <name>`, then its instructions. */
export interface DockerfileStage {
  /** Stage name, as later stages and `--from=` refer to it. */
  readonly name: string;
  /** Comment lines above its `FROM`, without the leading "# ". */
  readonly comment: readonly string[];
  /** Base image, or the name of an earlier stage. */
  readonly from: string;
  /** `FROM --platform=`, when the stage runs on another platform than the image's (e.g. `$BUILDPLATFORM`). @default none */
  readonly platform?: string;
  /**
   * What follows `FROM`, in order: instructions (continuation lines included), `# ` comment lines
   * and empty strings (a blank line).
   */
  readonly instructions: readonly string[];
}

/** A Dockerfile before serialization: the header comment (generated marker first) and the stages. */
export interface DockerfileDocument {
  /** Header comment lines, without the leading "# ". */
  readonly header: readonly string[];
  /** Stages, the image's final stage last. */
  readonly stages: readonly DockerfileStage[];
}

/** Builds the document of one service's Dockerfile. */
export type DockerfileLayout = (service: ServiceModel, topology: TopologyModel) => DockerfileDocument;

/** How `renderDockerfile` renders a service's Dockerfile. */
export interface DockerfileOptions {
  /**
   * The stages and header to render instead of the three-stage service layout; `topograph deploy`
   * passes the layout of a project deployed on its own.
   * @default serviceDockerfile (dependencies → build → runtime)
   */
  readonly layout?: DockerfileLayout;
  /**
   * Escape hatches recorded on the service (`addDockerfileInstruction`, `addDockerfilePatch`):
   * instructions go into the document, patches into the serialized text.
   * @default none
   */
  readonly edits?: readonly DockerfileEdit[];
}

/** The Dockerfile of `service`: its document, the escape hatches applied, serialized. */
export function renderDockerfile(service: ServiceModel, topology: TopologyModel, options: DockerfileOptions = {}): string {
  const edits = options.edits ?? [];
  const document = insertDockerfileInstructions((options.layout ?? serviceDockerfile)(service, topology), edits);
  return patchDockerfile(serializeDockerfile(document), edits, service.name);
}

/** The text of a Dockerfile document: every comment and bare word through the Dockerfile escaping helpers. */
export function serializeDockerfile(document: DockerfileDocument): string {
  const comment = (text: string) => `# ${dockerfileComment(text)}`;
  const lines = document.header.map(comment);
  for (const stage of document.stages) {
    const platform = stage.platform === undefined ? '' : `--platform=${dockerfilePlatform(stage.platform)} `;
    lines.push('', ...stage.comment.map(comment), `FROM ${platform}${dockerfileWord(stage.from)} AS ${dockerfileWord(stage.name)}`, ...stage.instructions);
  }
  return `${lines.join('\n')}\n`;
}

/** A `--platform` value: a build argument reference (`$BUILDPLATFORM`) or `os/arch`. */
function dockerfilePlatform(value: string): string {
  if (/^\$[A-Z]+$/.test(value)) return value;
  return dockerfileWord(value);
}

/** `HEALTHCHECK` from the service's health check and its runtime's probe, else `HEALTHCHECK NONE`. */
export function healthcheckInstruction(service: ServiceModel): string {
  const probe = healthProbe(service);
  if (!service.health || !probe) return 'HEALTHCHECK NONE';
  const h = service.health;
  return [
    `HEALTHCHECK --interval=${h.intervalSeconds}s --timeout=${h.timeoutSeconds}s --start-period=${h.startPeriodSeconds}s --retries=${h.retries} \\`,
    `  CMD ${dockerfileExecForm(probe)}`,
  ].join('\n');
}

/** The three-stage document of a topology service: dependencies → build → runtime (minimal, non-root). */
export function serviceDockerfile(service: ServiceModel, topology: TopologyModel): DockerfileDocument {
  const version = service.runtimeVersion;
  const stages = stagesFor(service);
  const images = baseImages(service.runtime, version);
  const port = service.port;
  const command = service.command ? [...service.command] : stages.command;
  const isTool = service.archetype === 'cli-tool';
  const uid = service.uid;

  const runtime: string[] = [`ARG CREATED=${dockerfileWord(topology.created)}`, labelInstruction(service, topology)];
  const env = { ...stages.runtimeEnv, ...(port !== undefined ? { PORT: String(port) } : {}) };
  if (Object.keys(env).length > 0) {
    runtime.push(`ENV ${Object.entries(env).map(([k, v]) => `${dockerfileWord(k)}=${dockerfileWord(v)}`).join(' \\\n    ')}`);
  }
  runtime.push('WORKDIR /app');
  if (stages.hasShell) {
    runtime.push(
      `RUN groupadd --system --gid ${uid} app \\`,
      `    && useradd --system --uid ${uid} --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app`,
    );
  }
  runtime.push(...stages.runtimeCopy, `USER ${uid}:${uid}`);
  if (port !== undefined) runtime.push(`EXPOSE ${port}`);
  runtime.push(healthcheckInstruction(service));
  runtime.push(isTool ? `ENTRYPOINT ${dockerfileExecForm(command)}` : `CMD ${dockerfileExecForm(command)}`);
  return {
    header: [
      `${GENERATED_MARKER} — do not edit`,
      `Service: ${service.name} (${service.archetype}) · ${service.runtime} ${version}${service.framework ? ` · ${service.framework}` : ''}`,
      `Topology: ${topology.name} ${topology.version} · build context: ${service.context}`,
    ],
    stages: [
      {
        name: 'dependencies',
        comment: ['---- Stage 1: dependencies (cached until the dependency manifests change) ----'],
        from: images.build,
        instructions: [`WORKDIR ${stages.workdir}`, ...stages.dependencies],
      },
      { name: 'build', comment: ['---- Stage 2: build ----'], from: 'dependencies', instructions: [...stages.build] },
      { name: 'runtime', comment: ['---- Stage 3: runtime (minimal, non-root) ----'], from: images.runtime, instructions: runtime },
    ],
  };
}

function stagesFor(service: ServiceModel): Stages {
  const port = service.port ?? 8080;
  switch (service.runtime) {
    case 'python':
      return {
        workdir: '/app',
        dependencies: [
          'ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1',
          copyManifests('python'),
          'RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt',
        ],
        build: ['COPY . .', 'RUN python -m compileall -q .'],
        runtimeCopy: ['COPY --from=dependencies /install /usr/local', 'COPY --from=build /app /app'],
        runtimeEnv: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
        hasShell: true,
        command: pythonCommand(service, port),
      };
    case 'node':
      return {
        workdir: '/app',
        dependencies: [copyManifests('node'), 'RUN npm ci --no-audit --no-fund'],
        build: ['COPY . .', 'RUN npm run build --if-present && npm prune --omit=dev'],
        runtimeCopy: ['COPY --from=build /app /app'],
        runtimeEnv: { NODE_ENV: 'production' },
        hasShell: true,
        command: ['node', service.entry],
      };
    case 'bun': {
      const built = `dist/${service.entry.replace(/^.*\//, '').replace(/\.[cm]?[jt]sx?$/, '')}.js`;
      return {
        workdir: '/app',
        dependencies: [copyManifests('bun'), 'RUN bun install --frozen-lockfile'],
        build: [
          'COPY . .',
          `RUN bun build ${shellWord(`./${service.entry.replace(/^\.\//, '')}`)} --outdir dist --target bun \\`,
          '    && rm -rf node_modules && bun install --frozen-lockfile --production',
        ],
        runtimeCopy: [
          'COPY --from=build /app/package.json ./package.json',
          'COPY --from=build /app/node_modules ./node_modules',
          'COPY --from=build /app/dist ./dist',
        ],
        runtimeEnv: { NODE_ENV: 'production' },
        hasShell: true,
        command: ['bun', 'run', built],
      };
    }
    case 'go':
      return {
        workdir: '/src',
        dependencies: ['COPY go.* ./', 'RUN go mod download'],
        build: [
          'COPY . .',
          `RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ${shellWord(service.entry)}`,
          '# A tiny static health probe: the distroless runtime has no shell, curl or wget.',
          `RUN printf '%s\\n' 'package main' 'import ("net/http"; "os"; "time")' \\`,
          `    'func main() { c := http.Client{Timeout: 3 * time.Second}; r, err := c.Get(os.Args[1]); if err != nil || r.StatusCode >= 400 { os.Exit(1) } }' \\`,
          '    > /tmp/healthcheck.go && cd /tmp && CGO_ENABLED=0 go build -ldflags="-s -w" -o /out/healthcheck healthcheck.go',
        ],
        runtimeCopy: ['COPY --from=build /out/ /app/'],
        runtimeEnv: {},
        hasShell: false,
        command: ['/app/app'],
      };
  }
}

/** `COPY <the dependency manifests> ./`: the files the build context is checked for (src/graph/load.ts). */
function copyManifests(runtime: 'python' | 'node' | 'bun'): string {
  return `COPY ${RUNTIME_PROFILES[runtime].contextFiles.map((f) => f.file).join(' ')} ./`;
}

function pythonCommand(service: ServiceModel, port: number): string[] {
  switch (service.framework) {
    case 'fastapi':
      return ['python', '-m', 'uvicorn', service.entry, '--host', '0.0.0.0', '--port', String(port)];
    case 'flask':
      return ['python', '-m', 'gunicorn', '--bind', `0.0.0.0:${port}`, service.entry];
    default:
      return ['python', '-m', service.entry];
  }
}


function labelInstruction(service: ServiceModel, topology: TopologyModel): string {
  const labels: Array<[string, string]> = [
    ['org.opencontainers.image.title', service.name],
    ['org.opencontainers.image.description', service.description ?? `${service.name} (${service.archetype}) of ${topology.name}`],
    ['org.opencontainers.image.version', topology.version],
    ...(topology.source ? ([['org.opencontainers.image.source', topology.source]] as Array<[string, string]>) : []),
    ['org.opencontainers.image.created', '${CREATED}'],
    ['dev.topograph.topology', topology.name],
    ['dev.topograph.archetype', service.archetype],
    ...Object.entries(service.labels),
  ];
  // `${CREATED}` kept a variable reference.
  return `LABEL ${labels.map(([k, v]) => labelPair(k, v, ['CREATED'])).join(' \\\n      ')}`;
}

/** `key="value"` of a `LABEL`: the value a Dockerfile string, the references named in `variables` kept as such. */
export function labelPair(key: string, value: string, variables: readonly string[] = []): string {
  return `${dockerfileLabelKey(key)}=${dockerfileString(value, variables)}`;
}
