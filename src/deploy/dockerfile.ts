/**
 * The project's Dockerfile, per archetype, as the seed shows it: web service (multi-stage, health
 * check, port), CLI tool (one compiled binary as ENTRYPOINT, for amd64 and arm64), data pipeline
 * (runs once and exits). Every image runs as a non-root numeric user from a slim base, carries
 * the OCI and verification labels, and holds no secret.
 */
import { dockerfileComment, dockerfileExecForm as execForm, dockerfileLabelKey, dockerfileString, jsString, shellWord } from '../escape';
import { GENERATED_MARKER } from '../render/marker';
import { baseImages, CLI_RUNTIME_IMAGE, DEFAULT_CREATED, HEALTH_DEFAULTS } from '../defaults';
import { APP_UID } from '../runtimes';
import type { ProjectArchetype } from '../specs/schema';
import type { Project } from './project';

/** What the project's Dockerfile is rendered from. */
export interface DockerfilePlan {
  /** The project the image is built from. */
  readonly project: Project;
  /** How the project is deployed; decides the Dockerfile's shape. */
  readonly archetype: Exclude<ProjectArchetype, 'library'>;
  /** Entry source file, relative to the project. */
  readonly entry: string;
  /** Port the web service listens on (`EXPOSE`, `PORT` and the health check). */
  readonly port: number;
  /** Path the web service's health check requests (a shallow liveness path when topograph wrote the health module). */
  readonly healthPath: string;
  /** Image labels, in order. */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  /** When the assertions were last verified, shown in the header comment; no such line when undefined. */
  readonly verifiedAt?: string;
}

/** Node/bun toolchain images: the same defaults and spelling as `topograph synth` (src/defaults.ts). */
const BUN_BUILD = baseImages('bun').build;
const BUN_RUNTIME = baseImages('bun').runtime;
const NODE_IMAGE = baseImages('node').runtime;
export { CLI_RUNTIME_IMAGE };
/** Platforms a CLI image is built for. */
export const CLI_PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;

/** The project's Dockerfile for its archetype and runtime, with the generated-file header. */
export function renderProjectDockerfile(plan: DockerfilePlan): string {
  const { project, archetype } = plan;
  const header = [
    '# Dockerfile',
    `# ${GENERATED_MARKER} from specs/assertions.json — do not edit (delete this line to take the file over)`,
    `# ${dockerfileComment(`Project: ${project.name} ${project.version} (${archetype}, ${project.runtime})`)}`,
    ...(plan.verifiedAt ? [`# ${dockerfileComment(`Assertions verified: ${plan.verifiedAt}`)}`] : []),
    '',
  ];
  const body = archetype === 'cli-tool' ? cliTool(plan) : project.runtime === 'bun' ? bunService(plan) : nodeService(plan);
  return `${[...header, ...body].join('\n')}\n`;
}

function installLines(project: Project, tool: 'bun' | 'npm', production = false): string[] {
  const locks = project.lockfiles;
  const copy = `COPY ${['package.json', ...locks].join(' ')} ./`;
  if (tool === 'bun') {
    const frozen = locks.some((l) => l.startsWith('bun')) ? ' --frozen-lockfile' : '';
    return [copy, `RUN bun install${frozen}${production ? ' --production' : ''}`];
  }
  const hasLock = locks.includes('package-lock.json');
  return [copy, hasLock ? 'RUN npm ci --no-audit --no-fund' : 'RUN npm install --no-audit --no-fund'];
}

function sourceCopy(): string[] {
  return ['# Copy source (.dockerignore keeps tests, specs, secrets and local builds out)', 'COPY . .'];
}

function labelLines(plan: DockerfilePlan): string[] {
  return [
    '# Verification labels: what specs/assertions.json claims; topograph ran the tests but not Dafny or TLC',
    `ARG CREATED=${DEFAULT_CREATED}`,
    `LABEL org.opencontainers.image.created="\${CREATED}"`,
    ...plan.labels.map(([key, value]) => `LABEL ${dockerfileLabelKey(key)}=${dockerfileString(value)}`),
  ];
}

function securityLines(): string[] {
  return [
    '# Non-root user for security: a numeric id, so Kubernetes can verify runAsNonRoot.',
    '# Files copied above belong to root and are read-only to this user; no secret is in the image:',
    '# configuration comes from environment variables at run time.',
    `USER ${APP_UID}:${APP_UID}`,
  ];
}

function healthLines(plan: DockerfilePlan, runner: 'bun' | 'node'): string[] {
  const url = `http://127.0.0.1:${plan.port}${plan.healthPath}`;
  // The URL reaches the probe's source only as a JavaScript string literal (docs/security.md).
  const probe = [runner, '-e', `fetch(${jsString(url)}, { signal: AbortSignal.timeout(3000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`];
  return [
    '# Health check derived from specs (slim images have no curl: the runtime itself asks)',
    `HEALTHCHECK --interval=${HEALTH_DEFAULTS.interval} --timeout=${HEALTH_DEFAULTS.timeout} --start-period=${HEALTH_DEFAULTS.startPeriod} --retries=${HEALTH_DEFAULTS.retries} \\`,
    `  CMD ${execForm(probe)}`,
  ];
}

function bunService(plan: DockerfilePlan): string[] {
  const { project } = plan;
  const web = plan.archetype === 'web-service';
  const lines = [
    '# Build stage',
    `FROM ${BUN_BUILD} AS builder`,
    'WORKDIR /app',
    '',
    '# Install dependencies (cached until package.json or the lockfile changes)',
    ...installLines(project, 'bun'),
    '',
    ...sourceCopy(),
  ];
  if (web) lines.push(`RUN bun build ${shellWord(`./${plan.entry}`)} --outdir dist --target bun`);
  lines.push('# Production dependencies only', `RUN rm -rf node_modules && ${installLines(project, 'bun', true)[1].replace(/^RUN /, '')}`);
  lines.push('', '# Production stage', `FROM ${BUN_RUNTIME} AS production`, ...labelLines(plan), 'WORKDIR /app');
  lines.push(`ENV NODE_ENV=production${web ? ` PORT=${plan.port}` : ''}`, '');
  if (web) {
    const built = `dist/${plan.entry.replace(/^.*\//, '').replace(/\.[cm]?[jt]sx?$/, '')}.js`;
    lines.push(
      '# Copy built artifacts',
      'COPY --from=builder /app/dist ./dist',
      'COPY --from=builder /app/node_modules ./node_modules',
      'COPY package.json ./',
      '',
      ...securityLines(),
      '',
      ...healthLines(plan, 'bun'),
      '',
      '# Expose port',
      `EXPOSE ${plan.port}`,
      '',
      '# Start server',
      `CMD ${execForm(['bun', 'run', built])}`,
    );
  } else {
    lines.push(
      'COPY --from=builder /app ./',
      '',
      ...securityLines(),
      'HEALTHCHECK NONE',
      '',
      '# Pipeline runs once and exits (idempotent: safe to re-run on a schedule)',
      `CMD ${execForm(['bun', 'run', plan.entry])}`,
    );
  }
  return lines;
}

function nodeService(plan: DockerfilePlan): string[] {
  const { project } = plan;
  const web = plan.archetype === 'web-service';
  const hasBuild = Boolean(project.pkg.scripts?.build);
  const start = runnableEntry(plan);
  const lines = [
    '# Build stage',
    `FROM ${NODE_IMAGE} AS builder`,
    'WORKDIR /app',
    '',
    '# Install dependencies (cached until package.json or the lockfile changes)',
    ...installLines(project, 'npm'),
    '',
    ...sourceCopy(),
    ...(hasBuild ? ['RUN npm run build'] : []),
    '# Production dependencies only',
    'RUN npm prune --omit=dev',
    '',
    '# Production stage',
    `FROM ${NODE_IMAGE} AS production`,
    ...labelLines(plan),
    'WORKDIR /app',
    `ENV NODE_ENV=production${web ? ` PORT=${plan.port}` : ''}`,
    '',
    'COPY --from=builder /app ./',
    '',
    ...securityLines(),
    '',
  ];
  if (web) {
    lines.push(...healthLines(plan, 'node'), '', '# Expose port', `EXPOSE ${plan.port}`, '', '# Start server', `CMD ${execForm(['node', start])}`);
  } else {
    lines.push('HEALTHCHECK NONE', '', '# Pipeline runs once and exits (idempotent: safe to re-run on a schedule)', `CMD ${execForm(['node', start])}`);
  }
  return lines;
}

/** Node runs JavaScript: a TypeScript entry runs from its build output (main), else as it is. */
function runnableEntry(plan: DockerfilePlan): string {
  if (!/\.[cm]?tsx?$/.test(plan.entry)) return plan.entry;
  const main = plan.project.pkg.main;
  if (main && /\.[cm]?js$/.test(main)) return main.replace(/^\.\//, '');
  return `dist/${plan.entry.replace(/^src\//, '').replace(/\.([cm]?)tsx?$/, '.$1js')}`;
}

function cliTool(plan: DockerfilePlan): string[] {
  const { project } = plan;
  return [
    '# Build stage: runs on the build machine and cross-compiles for each target architecture',
    `FROM --platform=$BUILDPLATFORM ${BUN_BUILD} AS builder`,
    'ARG TARGETARCH',
    'WORKDIR /app',
    '',
    ...installLines(project, 'bun'),
    '',
    ...sourceCopy(),
    '# One self-contained binary for the target architecture (amd64 or arm64); engines that do not',
    '# set TARGETARCH build for the machine they run on.',
    'RUN case "${TARGETARCH:-$(uname -m)}" in \\',
    '      amd64|x86_64) target=bun-linux-x64 ;; \\',
    '      arm64|aarch64) target=bun-linux-arm64 ;; \\',
    '      *) echo "unsupported TARGETARCH=${TARGETARCH}: use linux/amd64 or linux/arm64" >&2; exit 1 ;; \\',
    '    esac \\',
    `    && bun build ${shellWord(`./${plan.entry}`)} --compile --target="$target" --outfile dist/cli`,
    '',
    '# Minimal runtime',
    `FROM ${CLI_RUNTIME_IMAGE} AS production`,
    ...labelLines(plan),
    'WORKDIR /app',
    '',
    `COPY --from=builder /app/dist/cli /usr/local/bin/${project.name}`,
    '',
    ...securityLines(),
    'HEALTHCHECK NONE',
    '',
    `ENTRYPOINT ${execForm([project.name])}`,
  ];
}

