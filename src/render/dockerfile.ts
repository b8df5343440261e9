/**
 * Dockerfile per service: three stages (dependencies → build → runtime) with the dependency
 * layer cached on the manifest files alone, a non-root numeric user, OCI labels, a HEALTHCHECK
 * that uses the runtime itself (slim images have no curl) and an exec-form start command.
 */
import { dockerfileComment, dockerfileExecForm, dockerfileLabelKey, dockerfileString, dockerfileWord } from '../escape';
import type { ServiceModel, TopologyModel } from '../model';
import { baseImages } from '../defaults';
import { type DockerfileStages, runtimePack } from '../graph/kinds';
import { GENERATED_MARKER } from './marker';
import { healthProbe } from './probe';

/** The runtime-specific part of the Dockerfile: its runtime pack's (src/graph/kinds/runtimes/). */
type Stages = DockerfileStages;

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
  return runtimePack(service.runtime).stages(service);
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
