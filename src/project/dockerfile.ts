/**
 * The layout of a project's Dockerfile for the one Dockerfile renderer (src/render/dockerfile.ts),
 * per archetype, as the README describes it ("Deploying one project from its specs"): web service (multi-stage, health
 * check, port), CLI tool (one compiled binary as ENTRYPOINT, for amd64 and arm64), data pipeline
 * (runs once and exits). Every image runs as a non-root numeric user from a slim base, carries
 * the OCI and verification labels, and holds no secret.
 */
import { dockerfileExecForm as execForm, dockerfileWord, shellWord } from '../escape';
import { CLI_RUNTIME_IMAGE, baseImages, DEFAULT_CREATED } from '../defaults';
import type { ServiceModel } from '../model';
import { type DockerfileLayout, type DockerfileDocumentStage, healthcheckInstruction, labelPair } from '../render/dockerfile';
import { GENERATED_MARKER } from '../render/marker';
import type { ProjectArchetype } from '../specs/schema';
import type { Project } from './project';

/** What a project's Dockerfile takes from the project beyond its service model. */
export interface ProjectDockerfileOptions {
  /** The project the image is built from (lockfiles, build script, main). */
  readonly project: Project;
  /** How the project is deployed; decides the Dockerfile's shape. */
  readonly archetype: Exclude<ProjectArchetype, 'library'>;
  /** Image labels, in order. */
  readonly labels: ReadonlyArray<readonly [string, string]>;
  /** When the assertions were last verified, shown in the header comment. @default no such line */
  readonly verifiedAt?: string;
}

/** Node/bun toolchain images: the same defaults and spelling as `topograph synth` (src/defaults.ts). */
const BUN_BUILD = baseImages('bun').build;
const BUN_RUNTIME = baseImages('bun').runtime;
const NODE_IMAGE = baseImages('node').runtime;
export { CLI_RUNTIME_IMAGE };
/** Platforms a CLI image is built for. */
export const CLI_PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;

/**
 * The layout of a project's Dockerfile for its archetype and runtime, for `renderDockerfile`:
 * the service is the project's one service (its entry, port and health check).
 */
export function projectDockerfile(options: ProjectDockerfileOptions): DockerfileLayout {
  return (service) => {
    const { project, archetype } = options;
    const plan: StagePlan = { ...options, service };
    return {
      header: [
        'Dockerfile',
        `${GENERATED_MARKER} from specs/assertions.json — do not edit (delete this line to take the file over)`,
        `Project: ${project.name} ${project.version} (${archetype}, ${project.runtime})`,
        ...(options.verifiedAt ? [`Assertions verified: ${options.verifiedAt}`] : []),
      ],
      stages: archetype === 'cli-tool' ? cliTool(plan) : project.runtime === 'bun' ? bunService(plan) : nodeService(plan),
    };
  };
}

interface StagePlan extends ProjectDockerfileOptions {
  readonly service: ServiceModel;
}

/** The install command of the project's package manager. */
function installCommand(project: Project, tool: 'bun' | 'npm', production = false): string {
  if (tool === 'bun') {
    const frozen = project.lockfiles.some((l) => l.startsWith('bun')) ? ' --frozen-lockfile' : '';
    return `bun install${frozen}${production ? ' --production' : ''}`;
  }
  return project.lockfiles.includes('package-lock.json') ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund';
}

function installLines(project: Project, tool: 'bun' | 'npm'): string[] {
  return [`COPY ${['package.json', ...project.lockfiles].join(' ')} ./`, `RUN ${installCommand(project, tool)}`];
}

function sourceCopy(): string[] {
  return ['# Copy source (.dockerignore keeps tests, specs, secrets and local builds out)', 'COPY . .'];
}

function labelLines(plan: StagePlan): string[] {
  return [
    '# Verification labels: what specs/assertions.json claims; topograph ran the tests but not Dafny or TLC',
    `ARG CREATED=${dockerfileWord(DEFAULT_CREATED)}`,
    `LABEL ${labelPair('org.opencontainers.image.created', '${CREATED}', ['CREATED'])}`,
    ...plan.labels.map(([key, value]) => `LABEL ${labelPair(key, value)}`),
  ];
}

function securityLines(service: ServiceModel): string[] {
  return [
    '# Non-root user for security: a numeric id, so Kubernetes can verify runAsNonRoot.',
    '# Files copied above belong to root and are read-only to this user; no secret is in the image:',
    '# configuration comes from environment variables at run time.',
    `USER ${service.uid}:${service.uid}`,
  ];
}

function healthLines(service: ServiceModel): string[] {
  return ['# Health check derived from specs (slim images have no curl: the runtime itself asks)', healthcheckInstruction(service)];
}

function runtimeEnv(plan: StagePlan): string {
  return `ENV NODE_ENV=production${plan.archetype === 'web-service' ? ` PORT=${plan.service.port}` : ''}`;
}

function bunService(plan: StagePlan): DockerfileDocumentStage[] {
  const { project, service } = plan;
  const web = plan.archetype === 'web-service';
  const builder = ['WORKDIR /app', '', '# Install dependencies (cached until package.json or the lockfile changes)', ...installLines(project, 'bun'), '', ...sourceCopy()];
  if (web) builder.push(`RUN bun build ${shellWord(`./${service.entry}`)} --outdir dist --target bun`);
  builder.push('# Production dependencies only', `RUN rm -rf node_modules && ${installCommand(project, 'bun', true)}`);
  const production = [...labelLines(plan), 'WORKDIR /app', runtimeEnv(plan), ''];
  if (web) {
    const built = `dist/${service.entry.replace(/^.*\//, '').replace(/\.[cm]?[jt]sx?$/, '')}.js`;
    production.push(
      '# Copy built artifacts',
      'COPY --from=builder /app/dist ./dist',
      'COPY --from=builder /app/node_modules ./node_modules',
      'COPY package.json ./',
      '',
      ...securityLines(service),
      '',
      ...healthLines(service),
      '',
      '# Expose port',
      `EXPOSE ${service.port}`,
      '',
      '# Start server',
      `CMD ${execForm(['bun', 'run', built])}`,
    );
  } else {
    production.push(
      'COPY --from=builder /app ./',
      '',
      ...securityLines(service),
      healthcheckInstruction(service),
      '',
      '# Pipeline runs once and exits (idempotent: safe to re-run on a schedule)',
      `CMD ${execForm(['bun', 'run', service.entry])}`,
    );
  }
  return [
    { name: 'builder', comment: ['Build stage'], from: BUN_BUILD, instructions: builder },
    { name: 'production', comment: ['Production stage'], from: BUN_RUNTIME, instructions: production },
  ];
}

function nodeService(plan: StagePlan): DockerfileDocumentStage[] {
  const { project, service } = plan;
  const web = plan.archetype === 'web-service';
  const start = runnableEntry(plan);
  const builder = [
    'WORKDIR /app',
    '',
    '# Install dependencies (cached until package.json or the lockfile changes)',
    ...installLines(project, 'npm'),
    '',
    ...sourceCopy(),
    ...(project.pkg.scripts?.build ? ['RUN npm run build'] : []),
    '# Production dependencies only',
    'RUN npm prune --omit=dev',
  ];
  const production = [...labelLines(plan), 'WORKDIR /app', runtimeEnv(plan), '', 'COPY --from=builder /app ./', '', ...securityLines(service), ''];
  if (web) {
    production.push(...healthLines(service), '', '# Expose port', `EXPOSE ${service.port}`, '', '# Start server', `CMD ${execForm(['node', start])}`);
  } else {
    production.push(healthcheckInstruction(service), '', '# Pipeline runs once and exits (idempotent: safe to re-run on a schedule)', `CMD ${execForm(['node', start])}`);
  }
  return [
    { name: 'builder', comment: ['Build stage'], from: NODE_IMAGE, instructions: builder },
    { name: 'production', comment: ['Production stage'], from: NODE_IMAGE, instructions: production },
  ];
}

/** Node runs JavaScript: a TypeScript entry runs from its build output (main), else as it is. */
function runnableEntry(plan: StagePlan): string {
  const entry = plan.service.entry;
  if (!/\.[cm]?tsx?$/.test(entry)) return entry;
  const main = plan.project.pkg.main;
  if (main && /\.[cm]?js$/.test(main)) return main.replace(/^\.\//, '');
  return `dist/${entry.replace(/^src\//, '').replace(/\.([cm]?)tsx?$/, '.$1js')}`;
}

function cliTool(plan: StagePlan): DockerfileDocumentStage[] {
  const { project, service } = plan;
  const builder = [
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
    `    && bun build ${shellWord(`./${service.entry}`)} --compile --target="$target" --outfile dist/cli`,
  ];
  const production = [
    ...labelLines(plan),
    'WORKDIR /app',
    '',
    `COPY --from=builder /app/dist/cli /usr/local/bin/${dockerfileWord(project.name)}`,
    '',
    ...securityLines(service),
    healthcheckInstruction(service),
    '',
    `ENTRYPOINT ${execForm([project.name])}`,
  ];
  return [
    { name: 'builder', comment: ['Build stage: runs on the build machine and cross-compiles for each target architecture'], from: BUN_BUILD, platform: '$BUILDPLATFORM', instructions: builder },
    { name: 'production', comment: ['Minimal runtime'], from: CLI_RUNTIME_IMAGE, instructions: production },
  ];
}
