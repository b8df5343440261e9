/**
 * The one Dockerfile renderer, used by `topograph synth` and `topograph deploy`: a layout builds a
 * document (header comment + named stages), the escape hatches change the document, and
 * serialization is the last step. The default layout is a topology service's three stages
 * (dependencies → build → runtime) with the dependency layer cached on the manifest files alone,
 * a non-root numeric user, OCI labels, a HEALTHCHECK that uses the runtime itself (slim images
 * have no curl) and an exec-form start command.
 */
import { dockerfileComment, dockerfileExecForm, dockerfileLabelKey, dockerfileString, dockerfileWord } from '../escape';
import type { ServiceModel, TopologyModel } from '../model';
import { type DockerfileStages, runtimePack } from '../graph/kinds';
import { GENERATED_MARKER } from './marker';
import type { DockerfileDocument } from './dockerfile-document';
import { insertDockerfileInstructions, patchDockerfile } from './dockerfile-overrides';
import type { DockerfileEdit } from './escape-hatches';
import { healthProbe, imageProbeKind } from './probe';

/** The runtime-specific part of the Dockerfile: its runtime pack's (src/graph/kinds/runtimes/). */
type Stages = DockerfileStages;

export type { DockerfileDocument, DockerfileDocumentStage } from './dockerfile-document';

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

/** `HEALTHCHECK` from the service's health check (its runtime's probe, or its exec command), else `HEALTHCHECK NONE`. */
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
  if (service.build.kind !== 'generated') throw new Error(`service '${service.name}' has no generated Dockerfile (runtime ${service.runtime})`);
  const images = service.build.baseImages;
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
  if (service.ports.length > 0) runtime.push(`EXPOSE ${service.ports.map((p) => (p.protocol === 'udp' ? `${p.port}/udp` : String(p.port))).join(' ')}`);
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
  const kind = imageProbeKind(service);
  return runtimePack(service.runtime).stages(kind ? { ...service, probe: { kind } } : service);
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
