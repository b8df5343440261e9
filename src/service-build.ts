/**
 * How a service's image comes to be, resolved from its graph entry (docs/topology-graph.md#own-dockerfiles-and-prebuilt-images):
 * a generated Dockerfile on its runtime pack's base images (a `runtimeVersion` digest or
 * `baseImages` applied), the service's own Dockerfile (runtime `dockerfile`), or a prebuilt image
 * (runtime `image`). The constructs call it once per service; every renderer reads the result.
 */
import { splitPinnedVersion, withDigest } from './graph/digest';
import { DEFAULT_DOCKERFILE, isImageRuntime, runtimePack } from './graph/kinds';
import type { ServiceSpec } from './graph/schema';
import { defaultRuntimeVersion, qualifiedImage } from './defaults';
import type { ServiceBuildModel } from './model';
import { APP_UID } from './runtimes';

/** The build of `spec` (validated: a digest on a runtime whose two stages differ comes with `baseImages.build`). */
export function serviceBuildOf(spec: Pick<ServiceSpec, 'runtime' | 'runtimeVersion' | 'baseImages' | 'build'>, detectedFiles?: readonly string[]): ServiceBuildModel {
  if (spec.runtime === 'image') return { kind: 'image' };
  if (spec.runtime === 'dockerfile') return { kind: 'dockerfile', dockerfile: spec.build?.dockerfile ?? DEFAULT_DOCKERFILE };
  const { line, digest } = splitPinnedVersion(spec.runtimeVersion ?? defaultRuntimeVersion(spec.runtime));
  const pack = runtimePack(spec.runtime);
  const build = pack.buildImage(line, detectedFiles);
  const runtime = pack.runtimeImage(line);
  return {
    kind: 'generated',
    baseImages: {
      build: qualifiedImage(spec.baseImages?.build ?? (build === runtime ? withDigest(build, digest) : build)),
      runtime: qualifiedImage(spec.baseImages?.runtime ?? withDigest(runtime, digest)),
    },
  };
}

/** The runtime version line a service's model carries: the line without its digest; "" for the dockerfile and image runtimes. */
export function runtimeVersionLineOf(spec: Pick<ServiceSpec, 'runtime' | 'runtimeVersion'>): string {
  if (isImageRuntime(spec.runtime)) return '';
  return splitPinnedVersion(spec.runtimeVersion ?? defaultRuntimeVersion(spec.runtime)).line;
}

/** The numeric user of a service's container: topograph's app user, or for the dockerfile and image runtimes their `user` (else none: the image's own). */
export function serviceUidOf(spec: Pick<ServiceSpec, 'runtime' | 'user'>): number | undefined {
  return isImageRuntime(spec.runtime) ? spec.user : APP_UID;
}
