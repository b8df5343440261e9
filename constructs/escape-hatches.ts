/**
 * Escape hatches: changes to the generated files that the props do not cover. They are recorded
 * on the `Topology` construct (`topology._escapeHatches`) and applied to the documents the
 * renderers build, before serialization (src/render/overrides.ts; Kubernetes patches are JSON
 * patches on the objects of `topology.kubernetes`). Like cdk8s `ApiObject.addJsonPatch`, they let
 * a user change one generated value without forking topograph.
 */
import { TopologyError } from '../src/graph/problems';
import type { DockerfileStage, EscapeHatches } from '../src/render/escape-hatches';

export type { ComposeOverride, DockerfileEdit, DockerfileStage, EscapeHatches, KubernetesObjectSelector, KubernetesPatch } from '../src/render/escape-hatches';

/** Where `addDockerfileInstruction` puts an instruction. */
export interface DockerfileInstructionOptions {
  /**
   * The stage it goes into. In `runtime` it goes before the `USER` line, so it runs as root; in
   * the other stages it goes at the end of the stage.
   * @default "runtime"
   */
  readonly stage?: DockerfileStage;
}

/** @internal The escape hatches recorded on a topology construct. */
export function escapeHatchesOf(topology: { readonly _escapeHatches: EscapeHatches }): EscapeHatches {
  return topology._escapeHatches;
}

/** Instructions a Dockerfile line may start with. */
export const DOCKERFILE_INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;

/** @internal A dotted path ("deploy.resources.limits.pids") or a list of keys, checked. */
export function overridePath(path: string | readonly string[], where: string): string[] {
  const keys = typeof path === 'string' ? path.split('.') : [...path];
  if (keys.length === 0 || keys.some((k) => typeof k !== 'string' || k === '')) {
    throw new TopologyError([
      {
        message: `Invalid compose override path for ${where}`,
        value: JSON.stringify(path),
        expected: 'a dotted path such as "logging.driver", or a list of keys such as ["labels", "com.example.team"] for keys containing dots',
        action: 'Fix the path passed to addComposeOverride',
      },
    ]);
  }
  return keys;
}

/** @internal Checks one Dockerfile instruction. */
export function checkInstruction(instruction: string, stage: string, where: string): void {
  const keyword = /^\s*([A-Za-z]+)\s/.exec(instruction)?.[1]?.toUpperCase();
  if (!keyword || !(DOCKERFILE_INSTRUCTIONS as readonly string[]).includes(keyword)) {
    throw new TopologyError([
      {
        message: `Invalid Dockerfile instruction for ${where}`,
        value: JSON.stringify(instruction),
        expected: `an instruction starting with one of ${DOCKERFILE_INSTRUCTIONS.join(', ')}, e.g. "RUN apt-get update"`,
        action: 'Fix the text passed to addDockerfileInstruction (use addDockerfilePatch for anything else)',
      },
    ]);
  }
  if (!['dependencies', 'build', 'runtime'].includes(stage)) {
    throw new TopologyError([
      {
        message: `Invalid Dockerfile stage for ${where}`,
        value: JSON.stringify(stage),
        expected: '"dependencies", "build" or "runtime"',
        action: 'Fix options.stage passed to addDockerfileInstruction',
      },
    ]);
  }
}
