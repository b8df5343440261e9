/**
 * What topograph knows about each language runtime: supported version lines, base images,
 * default entries and start commands. Defaults are lines with upstream support as of the
 * release of this version (Node 20 reached end-of-life in April 2026).
 */
import type { Archetype, Framework, Runtime } from './graph/schema';

export interface RuntimeProfile {
  /** Version line used when the graph gives none. */
  readonly defaultVersion: string;
  /** Default program entry by whether a web framework is used. */
  readonly defaultEntry: (framework?: Framework) => string;
  /** Image the dependencies and build stages run in. */
  readonly buildImage: (version: string) => string;
  /** Image the runtime stage starts from. */
  readonly runtimeImage: (version: string) => string;
}

export const RUNTIME_PROFILES: Record<Runtime, RuntimeProfile> = {
  python: {
    defaultVersion: '3.11',
    defaultEntry: (framework) => (framework ? 'main:app' : 'main'),
    buildImage: (v) => `python:${v}-slim`,
    runtimeImage: (v) => `python:${v}-slim`,
  },
  node: {
    defaultVersion: '24',
    defaultEntry: () => 'dist/index.js',
    buildImage: (v) => `node:${v}-slim`,
    runtimeImage: (v) => `node:${v}-slim`,
  },
  bun: {
    defaultVersion: '1',
    defaultEntry: () => 'src/index.ts',
    buildImage: (v) => `oven/bun:${v}`,
    runtimeImage: (v) => `oven/bun:${v}-slim`,
  },
  go: {
    defaultVersion: '1.26',
    defaultEntry: () => '.',
    buildImage: (v) => `golang:${v}-bookworm`,
    runtimeImage: () => 'gcr.io/distroless/static-debian12:nonroot',
  },
};

/** The numeric user every generated image runs as (and Kubernetes pods with it). */
export const APP_UID = 10001;

/** Archetypes that run until stopped (and so are health-checked and restarted). */
export function isLongRunning(archetype: Archetype): boolean {
  return archetype === 'web-service' || archetype === 'worker';
}

/** The compose profile an archetype is in: programs run on demand are not started with the stack. */
export function composeProfileOf(archetype: Archetype): string | undefined {
  if (archetype === 'cli-tool') return 'tools';
  if (archetype === 'data-pipeline') return 'jobs';
  return undefined;
}
