/**
 * The escape hatches of one topology as data: what `addComposeOverride`, `addDockerfileInstruction`
 * / `addDockerfilePatch` and `addKubernetesPatch` record on the `Topology` construct, and what the
 * renderers apply to the documents they build, before anything is serialized (docs/extending.md,
 * "Escape hatches"). No text is parsed back.
 */
import type { JsonPatch } from 'cdk8s';

/** A stage of the generated multi-stage Dockerfile. */
export type DockerfileStage = 'dependencies' | 'build' | 'runtime';

/** Selects one object of the generated Kubernetes manifests. */
export interface KubernetesObjectSelector {
  /** Object kind, e.g. "Deployment", "StatefulSet", "NetworkPolicy". */
  readonly kind: string;
  /** `metadata.name` of the object (for a cli-tool's Job template, the tool's name). */
  readonly name: string;
}

/** A compose override: `value` at `path` from the document root (`undefined` removes the key). */
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

/** A topology's escape hatches before any is added. */
export function noEscapeHatches(): EscapeHatches {
  return { compose: [], dockerfiles: new Map(), kubernetes: [] };
}
