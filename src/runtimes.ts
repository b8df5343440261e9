/**
 * What every runtime shares: the app user, which archetypes run until stopped, version
 * comparison and the support-calendar warnings. What each runtime is (base images, stages,
 * probe, version floor, support calendar) is its pack, one file in src/graph/kinds/runtimes/; defaults
 * are lines with upstream support as of the release of this version.
 */
import { type Problem, TopologyError } from './graph/problems';
import type { Archetype } from './graph/schema';
import { isImageRuntime, isOlderThan, runtimePack, type SupportStatus, supportStatus } from './graph/kinds';
import type { ServiceModel } from './model';

export type { ContextFile, SupportCalendar, SupportedLine, VersionFloor } from './graph/kinds';
export { isOlderThan, supportStatus, type SupportStatus };

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

/**
 * The day support calendars are read against: today, or `TOPOGRAPH_TODAY` (`YYYY-MM-DD`) when set,
 * so a run can be reproduced (docs/topology-graph.md#runtime-versions).
 */
export function supportDate(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.TOPOGRAPH_TODAY;
  if (fixed === undefined || fixed === '') return new Date();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fixed);
  const date = day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== fixed) {
    throw new TopologyError([
      { message: 'Invalid TOPOGRAPH_TODAY', value: JSON.stringify(fixed), expected: 'a date such as 2026-12-01', action: 'Fix or unset TOPOGRAPH_TODAY' },
    ]);
  }
  return date;
}

/**
 * Warnings for services built on a runtime line past its end of upstream support (as of `today`):
 * the build works, but the line gets no security fixes. Never an error: `validate` and `synth` print
 * them and go on.
 */
export function runtimeSupportWarnings(
  services: ReadonlyArray<Pick<ServiceModel, 'name' | 'runtime' | 'runtimeVersion' | 'containerized'>>,
  today: Date,
): Problem[] {
  const warnings: Problem[] = [];
  for (const service of services) {
    if (!service.containerized || isImageRuntime(service.runtime)) continue;
    const status = supportStatus(service.runtime, service.runtimeVersion, today);
    if (status.kind !== 'ended') continue;
    const profile = runtimePack(service.runtime);
    const name = profile.title;
    const suggestion = supportStatus(service.runtime, profile.defaultVersion, today).kind === 'ended'
      ? [...profile.support.lines].reverse().find((l) => supportStatus(service.runtime, l.line, today).kind === 'supported')?.line
      : profile.defaultVersion;
    warnings.push({
      message: `${name} ${status.line} of service '${service.name}' is past its end of upstream support (${status.end}): it gets no security fixes`,
      value: JSON.stringify(service.runtimeVersion),
      expected: `a supported ${name} line (${profile.support.source})`,
      action: `Move '${service.name}' to a supported line${suggestion ? `, e.g. "runtimeVersion": "${suggestion}"` : ''}`,
    });
  }
  return warnings;
}
