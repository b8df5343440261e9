/**
 * The two runtimes whose image topograph does not write (docs/topology-graph.md#own-dockerfiles-and-prebuilt-images):
 *
 * - `dockerfile`: the service's own Dockerfile (`build.dockerfile` in its context), used as it is;
 *   compose builds it, Kubernetes runs the image tag it builds, `topograph lint` reads it;
 * - `image`: a prebuilt image (`image` on the service): nothing is built at all.
 *
 * They are not language packs (no base images, stages, probe or version line), so they are not in
 * the runtime table: the graph's `runtime` enum lists them after the table's names, and a pack may
 * not take either name. The user an image runs as is not known to topograph: the service's `user`
 * says it, and without one Kubernetes only insists on a non-root user.
 */

/** The runtimes of an image topograph does not write, in the order the schema lists them. */
export const IMAGE_RUNTIMES = ['dockerfile', 'image'] as const;

/** `dockerfile` or `image`. */
export type ImageRuntime = (typeof IMAGE_RUNTIMES)[number];

/** Whether `runtime` is `dockerfile` or `image` (a runtime with no generated Dockerfile). */
export function isImageRuntime(runtime: unknown): runtime is ImageRuntime {
  return runtime === 'dockerfile' || runtime === 'image';
}

/** The Dockerfile of a `dockerfile` service when `build.dockerfile` is not given, relative to its context. */
export const DEFAULT_DOCKERFILE = 'Dockerfile';

/** The highest numeric user a service's `user` may name (Kubernetes runAsUser is an int32; 0, root, is refused). */
export const MAX_USER_ID = 2 ** 31 - 1;
