/**
 * A Dockerfile as a document, before it is serialized: what the one Dockerfile renderer
 * (src/render/dockerfile.ts) builds, what the Dockerfile escape hatches edit
 * (src/render/dockerfile-overrides.ts), and what a layout (a service's or a project's) returns.
 */

/** One stage of a multi-stage Dockerfile: `FROM <from> AS <name>`, then its instructions. */
export interface DockerfileDocumentStage {
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
  readonly stages: readonly DockerfileDocumentStage[];
}
