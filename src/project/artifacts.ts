/**
 * A project's deployment artifacts as a pure `{path: content}` map, keys relative to the project.
 * `planDeployment` reads the project (the command's edge); `deployFiles` only computes: the project
 * becomes a one-service Topology under a cdk8s App of its own (plus a postgres dependency when its
 * specs say it persists data) and the renderers of `topograph synth` write its Dockerfile (with the
 * project layout) and compose file (with deploy's wording).
 */
import { App } from 'cdk8s';
import { CliTool } from '../../constructs/cli-tool';
import { DataPipeline } from '../../constructs/data-pipeline';
import { Postgres } from '../../constructs/postgres';
import type { Service } from '../../constructs/service';
import { Topology } from '../../constructs/topology';
import { WebService } from '../../constructs/web-service';
import { HEALTH_DEFAULTS } from '../defaults';
import type { ServiceModel, TopologyModel } from '../model';
import { initDir, renderCompose } from '../render/compose';
import { renderDockerfile } from '../render/dockerfile';
import { renderEnvExample } from '../render/env-example';
import { GENERATED_MARKER } from '../render/marker';
import { persistenceAssertions, type VerificationSummary, verificationOf } from '../specs/load';
import type { AssertionsFile, ProjectArchetype } from '../specs/schema';
import { projectDockerfile } from './dockerfile';
import { type HealthModuleShape, healthModuleShape, type HealthTarget, healthTargets, renderHealthModule } from './health';
import { entryOf, findHealthEndpoint, type Project } from './project';
import { sortedRecord } from '../sort';

/** The archetypes that deploy as a container: every project archetype except `library`. */
export type ContainerArchetype = Exclude<ProjectArchetype, 'library'>;

/** Everything `topograph deploy` decided for a containerized project, from which every artifact is rendered. */
export interface DeployPlan {
  /** The project being deployed. */
  readonly project: Project;
  /** Its validated `specs/assertions.json`. */
  readonly specs: AssertionsFile;
  /** How the project is deployed. */
  readonly archetype: ContainerArchetype;
  /** Entry source file, relative to the project. */
  readonly entry: string;
  /** Port the web service listens on: the specs' `port`, else 3000. */
  readonly port: number;
  /** Path answering 2xx when healthy: the specs' `healthPath`, else `/health` (the readiness path of a generated module). */
  readonly healthPath: string;
  /** The project's own file answering the health path, when it has one. */
  readonly existingHealthEndpoint?: string;
  /** The health module written because the project has no health endpoint (web services only). */
  readonly healthModule?: HealthModuleShape;
  /**
   * What the container's health check (Dockerfile HEALTHCHECK, compose) requests: the generated module's
   * shallow liveness path, or the project's own health path.
   */
  readonly probePath: string;
  /** What the health endpoint checks, from the assertions' categories, sorted by key. */
  readonly healthTargets: readonly HealthTarget[];
  /** Name of the postgres service, when persistence assertions exist. */
  readonly database?: string;
  /** The verification metadata carried by the image labels. */
  readonly verification: VerificationSummary;
  /** Local image reference the build is tagged with. */
  readonly image: string;
  /** Whether the container runs with a read-only root filesystem: the specs' `readOnlyRootFilesystem`, else true. */
  readonly readOnlyRootFilesystem: boolean;
}

export const DEFAULT_PORT = 3000;

/** Plans the deployment of `project` as `archetype`, filling in the defaults the specs leave out. */
export function planDeployment(project: Project, specs: AssertionsFile, archetype: ContainerArchetype): DeployPlan {
  const healthPath = specs.healthPath ?? HEALTH_DEFAULTS.path;
  const entry = entryOf(project, archetype);
  const existingHealthEndpoint = archetype === 'web-service' ? findHealthEndpoint(project.dir, healthPath) : undefined;
  const healthModule = archetype === 'web-service' && !existingHealthEndpoint ? healthModuleShape(project, entry, healthPath) : undefined;
  return {
    project,
    specs,
    archetype,
    entry,
    port: specs.port ?? DEFAULT_PORT,
    healthPath,
    existingHealthEndpoint,
    healthModule,
    probePath: healthModule?.livenessPath ?? healthPath,
    healthTargets: healthTargets(specs.assertions),
    database: persistenceAssertions(specs).length > 0 ? (project.name === 'db' ? 'database' : 'db') : undefined,
    verification: verificationOf(specs),
    image: `${project.name}:latest`,
    readOnlyRootFilesystem: specs.readOnlyRootFilesystem ?? true,
  };
}

/** OCI labels with the verification metadata, all taken from package.json and the assertions file. */
export function imageLabels(plan: DeployPlan): Array<[string, string]> {
  const { project, verification: v } = plan;
  return [
    ['org.opencontainers.image.title', project.name],
    ...(project.description ? ([['org.opencontainers.image.description', project.description]] as Array<[string, string]>) : []),
    ['org.opencontainers.image.version', project.version],
    ['com.spec-driven.verified', String(v.allConfirmed)],
    ...(v.verifiedAt ? ([['com.spec-driven.verified-at', v.verifiedAt]] as Array<[string, string]>) : []),
    ['com.spec-driven.assertions', String(v.total)],
    ['com.spec-driven.dafny-verified', String(v.dafny)],
    ['com.spec-driven.tlc-verified', String(v.tlc)],
    ['com.spec-driven.archetype', plan.archetype],
    ...(plan.archetype === 'data-pipeline' && plan.specs.schedule ? ([['com.spec-driven.schedule', plan.specs.schedule]] as Array<[string, string]>) : []),
  ];
}

/** The project as a one-service topology model (plus its database). */
export function projectTopology(plan: DeployPlan): TopologyModel {
  const { project, specs } = plan;
  // A real App of its own (outdir given, so it reads no environment); nothing is synthesized from it.
  const app = new App({ outdir: project.dir, recordConstructMetadata: false });
  const topology = new Topology(app, project.name, {
    version: project.version.replace(/\+.*$/, ''),
    description: project.description,
    baseDir: project.dir,
    // The one build context is "." (the project directory, the base itself): nothing to resolve on disk.
    allowOutsideContext: true,
  });
  const common = {
    runtime: project.runtime,
    entry: plan.entry,
    build: { context: '.' },
    env: { NODE_ENV: 'production', ...(plan.archetype === 'web-service' ? { PORT: String(plan.port) } : {}) },
    ...(requiredVariables(plan).length ? { secrets: requiredVariables(plan) } : {}),
    ...(project.description ? { description: project.description } : {}),
  };
  let service: Service;
  if (plan.archetype === 'web-service') {
    service = new WebService(topology, project.name, {
      ...common,
      // Published on 127.0.0.1: `deploy run` and the printed next steps reach it on localhost.
      ports: [{ port: plan.port, host: plan.port }],
      health: { path: plan.probePath },
    });
  } else if (plan.archetype === 'cli-tool') {
    service = new CliTool(topology, project.name, common);
  } else {
    service = new DataPipeline(topology, project.name, { ...common, ...(specs.schedule ? { schedule: specs.schedule } : {}) });
  }
  if (plan.database) service.uses(new Postgres(topology, plan.database), { database: project.name });
  const model = topology.toModel();
  // The project's database and the role it logs in as come from the postgres init script, as in
  // `topograph synth` (docs/topology-graph.md#postgres-roles): deployFiles writes it beside the compose file.
  return { ...model, services: model.services.map((s) => ({ ...s, image: plan.image })) };
}

/**
 * Variables the program cannot run without, required from .env by compose and never given a
 * value: the specs' secrets and the URLs the health checks read (except DATABASE_URL, which
 * points at the generated database).
 */
export function requiredVariables(plan: DeployPlan): string[] {
  const fromHealth = plan.healthTargets.map((t) => t.env).filter((env) => !(plan.database && env === 'DATABASE_URL'));
  return [...new Set([...(plan.specs.secrets ?? []), ...fromHealth])].sort();
}

/** The project's own service in its topology model. */
function projectService(model: TopologyModel, plan: DeployPlan): ServiceModel {
  return model.services.find((s) => s.name === plan.project.name)!;
}

/** Every artifact, keys relative to the project directory, sorted. */
export function deployFiles(plan: DeployPlan): Record<string, string> {
  const model = projectTopology(plan);
  const files: Record<string, string> = {
    Dockerfile: renderDockerfile(projectService(model, plan), model, {
      layout: projectDockerfile({ project: plan.project, archetype: plan.archetype, labels: imageLabels(plan), verifiedAt: plan.verification.verifiedAt }),
    }),
    'docker-compose.yml': renderProjectCompose(plan, model),
    '.dockerignore': renderProjectDockerignore(plan.project),
  };
  if (model.secrets.length > 0) files['.env.example'] = projectEnvExample(model);
  for (const dep of model.dependencies) {
    for (const [name, content] of Object.entries(dep.init?.files ?? {})) files[`${initDir(dep)}/${name}`] = content;
  }
  if (plan.healthModule) files[plan.healthModule.file] = renderHealthModule(plan.healthTargets, plan.healthModule);
  return sortedRecord(files);
}

function renderProjectCompose(plan: DeployPlan, model: TopologyModel): string {
  return renderCompose(model, {
    builds: { [plan.project.name]: { context: '.', dockerfile: 'Dockerfile' } },
    writableRoot: plan.readOnlyRootFilesystem ? [] : [plan.project.name],
    // No start.sh beside a project's compose file: the wording says what to do instead.
    wording: {
      header: ['docker-compose.yml', `${GENERATED_MARKER} from specs/assertions.json — do not edit (delete this line to take the file over)`],
      secrets: 'Secrets come from .env (copy .env.example and set each value); never from this file.',
      run: `Run: ${composeRun(plan)}`,
      missingVariable: 'copy .env.example to .env and set it',
    },
  });
}

/** How to run the project with compose, with `engine`'s compose command. */
export function composeRun(plan: DeployPlan, engine = 'docker'): string {
  const name = plan.project.name;
  if (plan.archetype === 'web-service') return `${engine} compose up`;
  return plan.archetype === 'cli-tool' ? `${engine} compose run --rm ${name} --help` : `${engine} compose run --rm ${name}`;
}

function projectEnvExample(model: TopologyModel): string {
  return renderEnvExample(model, { creation: 'docker compose refuses to start until each is set' });
}

/** The project's .dockerignore (README, "Deploying one project from its specs"), adapted to the local directories the project has. */
export function renderProjectDockerignore(project: Project): string {
  const has = (dir: string) => project.localDirectories.includes(dir);
  const lines = [
    '# .dockerignore',
    `# ${GENERATED_MARKER} — do not edit (delete this line to take the file over)`,
    'node_modules',
    'dist',
    'coverage',
    '.git',
    ...['.github', '.claude', '.vscode', '.idea'].filter(has),
    '*.log',
    '.env',
    '.env.*',
    '!.env.example',
    'specs/',
    ...['tests', 'test', '__tests__'].filter(has).map((d) => `${d}/`),
    '**/*.test.*',
    '**/*.spec.*',
    '*.md',
    'docker-compose.yml',
  ];
  return `${lines.join('\n')}\n`;
}
