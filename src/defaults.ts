/**
 * Every default topograph chooses on the user's behalf, in one place: the constructs (and so
 * `topograph synth`, `cdk8s synth`, `Testing.synth`) and `topograph deploy` read them from here,
 * so the two doors never disagree on a base image, a version, a health timing or a timestamp.
 * The documented values: docs/topology-graph.md (graph defaults) and docs/specs.md (deploy).
 */
import type { Runtime } from './graph/schema';
import { dependencyKind, runtimePack } from './graph/kinds';

/**
 * Value of the image `org.opencontainers.image.created` label when the build does not pass
 * `--build-arg CREATED=…`: a valid RFC 3339 time (OCI requires one) that never changes, so
 * generated files stay byte-identical. `topograph deploy build` passes the real time.
 */
export const DEFAULT_CREATED = '1970-01-01T00:00:00Z';

/** HTTP health check of a service with a port (Dockerfile `HEALTHCHECK`, compose, Kubernetes probes). */
export const HEALTH_DEFAULTS = {
  path: '/health',
  interval: '10s',
  timeout: '3s',
  retries: 3,
  startPeriod: '30s',
} as const;

/** Version lines of the official images of the built-in dependencies (each kind's pack, src/graph/kinds/dependencies/). */
export const DEPENDENCY_VERSIONS = {
  postgres: dependencyKind('postgres')!.defaultVersion,
  redis: dependencyKind('redis')!.defaultVersion,
  nats: dependencyKind('nats')!.defaultVersion,
} as const;

/** The version line of `runtime` used when none is given. */
export function defaultRuntimeVersion(runtime: Runtime): string {
  return runtimePack(runtime).defaultVersion;
}

/**
 * An image reference with its registry spelled out: `node:24-slim` → `docker.io/library/node:24-slim`,
 * `oven/bun:1` → `docker.io/oven/bun:1`; references that already name a registry (a first part with a
 * dot or a port, or `localhost`) are kept. podman refuses short names unless an unqualified-search
 * registry is configured; docker resolves both spellings to the same image.
 */
export function qualifiedImage(reference: string): string {
  const slash = reference.indexOf('/');
  const first = slash < 0 ? '' : reference.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) return reference;
  return slash < 0 ? `docker.io/library/${reference}` : `docker.io/${reference}`;
}

/** The fully qualified base images of `runtime` at `version`: the build stages' and the runtime stage's. */
export function baseImages(
  runtime: Runtime,
  version: string = defaultRuntimeVersion(runtime),
  detectedFiles?: readonly string[],
): { readonly build: string; readonly runtime: string } {
  const profile = runtimePack(runtime);
  return { build: qualifiedImage(profile.buildImage(version, detectedFiles)), runtime: qualifiedImage(profile.runtimeImage(version)) };
}

/** Runtime base of the single compiled binary of a `deploy` CLI tool (bun's compiled output links glibc). */
export const CLI_RUNTIME_IMAGE = qualifiedImage('debian:bookworm-slim');
