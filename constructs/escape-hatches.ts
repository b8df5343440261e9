/**
 * Escape hatches: changes to the generated files that the props do not cover, recorded on the
 * constructs and applied to the rendered text as the last step of synthesis (see
 * src/render/overrides.ts). Like cdk8s `ApiObject.addJsonPatch`, they let a user change one
 * generated value without forking topograph.
 */
import type { JsonPatch } from 'cdk8s';
import { TopologyError } from '../src/graph/problems';

/** A stage of the generated multi-stage Dockerfile. */
export type DockerfileStage = 'dependencies' | 'build' | 'runtime';

/** Where `addDockerfileInstruction` puts an instruction. */
export interface DockerfileInstructionOptions {
  /**
   * The stage it goes into. In `runtime` it goes before the `USER` line, so it runs as root; in
   * the other stages it goes at the end of the stage.
   * @default "runtime"
   */
  readonly stage?: DockerfileStage;
}

/** Selects one object of the generated Kubernetes manifests. */
export interface KubernetesObjectSelector {
  /** Object kind, e.g. "Deployment", "StatefulSet", "NetworkPolicy". */
  readonly kind: string;
  /** `metadata.name` (or `metadata.generateName` for Jobs) of the object. */
  readonly name: string;
}

/** A compose override: `value` at `path` below `target` (`undefined` removes the key). */
export interface ComposeOverride {
  /** Path from the document root, e.g. ["services", "catalog", "logging", "driver"]. */
  readonly path: readonly string[];
  /** The value to set; `undefined` deletes the key. */
  readonly value: unknown;
  /** Who asked for it, for error messages, e.g. "service 'catalog'". */
  readonly where: string;
}

/** Changes to one service's Dockerfile. */
export interface DockerfileEdit {
  /** An instruction inserted into a stage. */
  readonly instruction?: { readonly text: string; readonly stage: DockerfileStage };
  /** A function of the whole Dockerfile text, applied after the instructions. */
  readonly patch?: (dockerfile: string) => string;
}

/** A JSON patch on one Kubernetes object. */
export interface KubernetesPatch {
  /** The object to patch. */
  readonly selector: KubernetesObjectSelector;
  /** RFC 6902 operations, built with cdk8s `JsonPatch.add/replace/remove/…`. */
  readonly patches: readonly JsonPatch[];
  /** Who asked for it, for error messages. */
  readonly where: string;
}

/** Every escape hatch of one topology, in the order they were added. */
export interface EscapeHatches {
  /** Compose overrides, applied in order. */
  readonly compose: ComposeOverride[];
  /** Dockerfile edits by service name, applied in order. */
  readonly dockerfiles: Map<string, DockerfileEdit[]>;
  /** Kubernetes patches, applied in order. */
  readonly kubernetes: KubernetesPatch[];
}

const REGISTRY = new WeakMap<object, EscapeHatches>();

/** @internal The escape hatches recorded for a topology (created empty on first use). */
export function escapeHatchesOf(topology: object): EscapeHatches {
  let hatches = REGISTRY.get(topology);
  if (!hatches) {
    hatches = { compose: [], dockerfiles: new Map(), kubernetes: [] };
    REGISTRY.set(topology, hatches);
  }
  return hatches;
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
