/**
 * The rules of the fields that say where a service's image comes from (docs/topology-graph.md#own-dockerfiles-and-prebuilt-images):
 * `image` belongs to runtime `image` (and it needs one), `build.dockerfile` to runtime
 * `dockerfile`, `user` to those two (a generated image's user is fixed), and the fields of a
 * generated Dockerfile (`runtimeVersion`, `framework`, `entry`, `baseImages`, `labels`) to the
 * runtime packs. A digest on `runtimeVersion` pins one image: where a pack builds and runs on two
 * different images it needs `baseImages.build` beside it. Each problem names the value and the fix.
 */
import { splitPinnedVersion } from './digest';
import { isImageRuntime, RUNTIME_TABLE } from './kinds';
import { type Problem, showValue } from './problems';

/** The fields a generated Dockerfile reads, which an image topograph does not write cannot use. */
const GENERATED_ONLY = ['runtimeVersion', 'framework', 'entry', 'baseImages', 'labels'] as const;

/** Problems of one service entry's image fields; `service` is the raw entry (validated by the schema alongside). */
export function imageFieldProblems(service: Record<string, unknown>, label: string, where: string, file: string): Problem[] {
  const problems: Problem[] = [];
  const runtime = service.runtime;
  const own = isImageRuntime(runtime);
  const build = typeof service.build === 'object' && service.build !== null ? (service.build as Record<string, unknown>) : undefined;
  if (runtime === 'image' && service.image === undefined) {
    problems.push({
      message: `Service ${label} runs a prebuilt image but names none`,
      expected: 'an image reference such as "ghcr.io/acme/api:1.4" (best pinned to a digest: "…@sha256:…")',
      action: `Add "image" to ${where} in ${file}`,
    });
  }
  if (service.image !== undefined && runtime !== 'image' && typeof runtime === 'string') {
    problems.push({
      message: `Only a service with runtime "image" names its image, but ${label} has runtime ${showValue(runtime)}`,
      value: showValue(service.image),
      expected: `"runtime": "image" beside "image" (a ${runtime} service's image is built and tagged by topograph)`,
      action: `Remove ${where}.image, or set ${where}.runtime to "image" in ${file}`,
    });
  }
  if (runtime === 'image' && build !== undefined) {
    problems.push({
      message: `Service ${label} runs a prebuilt image: nothing is built, so it has no "build"`,
      value: showValue(build),
      expected: 'no "build" for runtime "image"',
      action: `Remove ${where}.build, or use "runtime": "dockerfile" to build the service's own Dockerfile, in ${file}`,
    });
  }
  if (build?.dockerfile !== undefined && runtime !== 'dockerfile' && runtime !== 'image') {
    problems.push({
      message: `Only a service with runtime "dockerfile" has its own Dockerfile, but ${label} has runtime ${showValue(runtime)}`,
      value: showValue(build.dockerfile),
      expected: '"runtime": "dockerfile" beside "build.dockerfile"',
      action: `Remove ${where}.build.dockerfile (topograph generates the Dockerfile of a ${String(runtime)} service), or set ${where}.runtime to "dockerfile" in ${file}`,
    });
  }
  if (service.user !== undefined && !own && typeof runtime === 'string') {
    problems.push({
      message: `Service ${label} sets "user", but its image is generated and always runs as 10001`,
      value: showValue(service.user),
      expected: '"user" only with runtime "dockerfile" or "image" (an image topograph did not build)',
      action: `Remove ${where}.user in ${file}`,
    });
  }
  if (own) {
    for (const field of GENERATED_ONLY) {
      if (service[field] === undefined) continue;
      problems.push({
        message: `Service ${label} has runtime ${showValue(runtime)}: topograph writes no Dockerfile for it, so "${field}" does nothing`,
        value: showValue(service[field]),
        expected: `no "${field}" with runtime "${String(runtime)}" (${runtime === 'image' ? 'the prebuilt image is used as it is' : 'the service\'s own Dockerfile decides it'})`,
        action: `Remove ${where}.${field} in ${file}${field === 'runtimeVersion' ? ' (pin the image itself instead, e.g. to a digest)' : ''}`,
      });
    }
    if (service.archetype === 'library') {
      problems.push({
        message: `Library ${label} is not built into an image, so it cannot have runtime ${showValue(runtime)}`,
        value: showValue(runtime),
        expected: `a language runtime (${RUNTIME_TABLE.names().join(', ')}) for a library`,
        action: `Set ${where}.runtime to its language, or change the archetype, in ${file}`,
      });
    }
  }
  const pinned = typeof service.runtimeVersion === 'string' ? splitPinnedVersion(service.runtimeVersion) : undefined;
  const pack = typeof runtime === 'string' ? RUNTIME_TABLE.get(runtime) : undefined;
  const baseImages = typeof service.baseImages === 'object' && service.baseImages !== null ? (service.baseImages as Record<string, unknown>) : {};
  if (pinned?.digest && pack && /^\d+(\.\d+)*$/.test(pinned.line) && baseImages.build === undefined) {
    const build = pack.buildImage(pinned.line);
    const run = pack.runtimeImage(pinned.line);
    if (build !== run) {
      problems.push({
        message: `A digest in runtimeVersion pins one image, but ${pack.title} services of ${label} build on ${build} and run on ${run}`,
        value: showValue(service.runtimeVersion),
        expected: 'a digest per image: "baseImages": {"build": "…@sha256:…", "runtime": "…@sha256:…"}',
        action: `Move the digest to ${where}.baseImages (keep "runtimeVersion": ${showValue(pinned.line)}) in ${file}`,
      });
    }
  }
  return problems;
}
