/**
 * Dockerfile per service: three stages (dependencies → build → runtime) with the dependency
 * layer cached on the manifest files alone, a non-root numeric user, OCI labels, a HEALTHCHECK
 * that uses the runtime itself (slim images have no curl) and an exec-form start command.
 */
import { dockerfileComment, dockerfileExecForm, dockerfileLabelKey, dockerfileString, dockerfileWord, shellWord } from '../escape';
import type { ServiceModel, TopologyModel } from '../model';
import { baseImages } from '../defaults';
import { RUNTIME_PROFILES } from '../runtimes';
import { GENERATED_MARKER } from './marker';
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

export function renderDockerfile(service: ServiceModel, topology: TopologyModel): string {
  const version = service.runtimeVersion;
  const stages = stagesFor(service);
  const images = baseImages(service.runtime, version);
  const buildImage = dockerfileWord(images.build);
  const runtimeImage = dockerfileWord(images.runtime);
  const port = service.port;
  const command = service.command ? [...service.command] : stages.command;
  const isTool = service.archetype === 'cli-tool';
  const uid = service.uid;

  const lines: string[] = [
    `# ${GENERATED_MARKER} — do not edit`,
    `# ${dockerfileComment(`Service: ${service.name} (${service.archetype}) · ${service.runtime} ${version}${service.framework ? ` · ${service.framework}` : ''}`)}`,
    `# ${dockerfileComment(`Topology: ${topology.name} ${topology.version} · build context: ${service.context}`)}`,
    '',
    '# ---- Stage 1: dependencies (cached until the dependency manifests change) ----',
    `FROM ${buildImage} AS dependencies`,
    `WORKDIR ${stages.workdir}`,
    ...stages.dependencies,
    '',
    '# ---- Stage 2: build ----',
    'FROM dependencies AS build',
    ...stages.build,
    '',
    '# ---- Stage 3: runtime (minimal, non-root) ----',
    `FROM ${runtimeImage} AS runtime`,
    `ARG CREATED=${dockerfileWord(topology.created)}`,
    labelInstruction(service, topology),
  ];
  const env = { ...stages.runtimeEnv, ...(port !== undefined ? { PORT: String(port) } : {}) };
  if (Object.keys(env).length > 0) {
    lines.push(`ENV ${Object.entries(env).map(([k, v]) => `${dockerfileWord(k)}=${dockerfileWord(v)}`).join(' \\\n    ')}`);
  }
  lines.push('WORKDIR /app');
  if (stages.hasShell) {
    lines.push(
      `RUN groupadd --system --gid ${uid} app \\`,
      `    && useradd --system --uid ${uid} --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app`,
    );
  }
  lines.push(...stages.runtimeCopy, `USER ${uid}:${uid}`);
  if (port !== undefined) lines.push(`EXPOSE ${port}`);
  const probe = healthProbe(service);
  if (service.health && probe) {
    const h = service.health;
    lines.push(
      `HEALTHCHECK --interval=${h.intervalSeconds}s --timeout=${h.timeoutSeconds}s --start-period=${h.startPeriodSeconds}s --retries=${h.retries} \\`,
      `  CMD ${dockerfileExecForm(probe)}`,
    );
  } else {
    lines.push(`HEALTHCHECK NONE`);
  }
  lines.push(isTool ? `ENTRYPOINT ${dockerfileExecForm(command)}` : `CMD ${dockerfileExecForm(command)}`);
  return `${lines.join('\n')}\n`;
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
  // Values are Dockerfile strings, `${CREATED}` kept a variable reference.
  return `LABEL ${labels.map(([k, v]) => `${dockerfileLabelKey(k)}=${dockerfileString(v, ['CREATED'])}`).join(' \\\n      ')}`;
}
