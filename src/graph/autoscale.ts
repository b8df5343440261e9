/**
 * A service's `autoscale` (issue 18): a Kubernetes HorizontalPodAutoscaler (autoscaling/v2) that
 * keeps the Deployment between `min` and `max` pods, aiming at an average CPU and/or memory
 * utilization. Utilization is a share of the container's requests, so a target needs the
 * matching reservation: without it the HPA cannot compute anything (and with topograph's silent
 * default requests it would scale on a guess). Compose runs one container whatever it says.
 *
 * The grammar is here, the rules that read other fields of the service ({@link autoscaleProblems})
 * too; the graph's validation and the construct door both run them (src/graph/validate.ts).
 */
import { z } from 'zod';
import { type Problem, showValue } from './problems';

/** Archetypes that may autoscale: the long-running ones a Deployment runs. */
export const AUTOSCALED_ARCHETYPES = ['web-service', 'worker'] as const;

/** Most pods an HPA may keep (the graph's `replicas` bound). */
export const MAX_AUTOSCALE_REPLICAS = 1000;

const percent = (what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(100)
    .describe(`Target average ${what} utilization, in percent of the container's ${what} reservation (Kubernetes requests): an integer from 1 to 100.`);

export const autoscaleSchema = z
  .strictObject({
    min: z.number().int().min(1).max(MAX_AUTOSCALE_REPLICAS).describe('Fewest pods: an integer from 1 to 1000, at most "max".'),
    max: z.number().int().min(1).max(MAX_AUTOSCALE_REPLICAS).describe('Most pods: an integer from 1 to 1000, at least "min".'),
    cpu: percent('CPU').optional(),
    memory: percent('memory').optional(),
  })
  .describe(
    'web-service and worker only: a Kubernetes HorizontalPodAutoscaler (autoscaling/v2) keeps between "min" and "max" pods, aiming at the "cpu" and/or "memory" utilization (at least one target; each needs the matching resources.reservations). The Deployment then has no replica count of its own; "replicas", when given too, must lie between min and max and only says where a fresh Deployment starts. Compose runs one container. Default: no autoscaling, "replicas" pods.',
  );

export type AutoscaleSpec = z.infer<typeof autoscaleSchema>;

/** What each autoscale field must hold, for the graph's messages (keyed `autoscale.<field>`). */
export const AUTOSCALE_EXPECTATIONS: Record<string, { noun: string; expected: string }> = {
  'autoscale.min': { noun: 'autoscale min', expected: 'an integer from 1 to 1000 (fewest pods), at most "max"' },
  'autoscale.max': { noun: 'autoscale max', expected: 'an integer from 1 to 1000 (most pods), at least "min"' },
  'autoscale.cpu': { noun: 'autoscale CPU target', expected: 'an integer percent from 1 to 100 (average CPU utilization of the reservation)' },
  'autoscale.memory': { noun: 'autoscale memory target', expected: 'an integer percent from 1 to 100 (average memory utilization of the reservation)' },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * The rules of a (possibly invalid) service's `autoscale` that read more than the field itself:
 * the archetype, min ≤ max, at least one target, each target's reservation, and `replicas`
 * inside [min, max]. Values of the wrong type are the schema's to report.
 */
export function autoscaleProblems(service: Record<string, unknown>, label: string, where: string, file: string): Problem[] {
  const autoscale = service.autoscale;
  if (!isRecord(autoscale)) return [];
  const at = `${where}.autoscale`;
  const problems: Problem[] = [];
  if (typeof service.archetype === 'string' && !(AUTOSCALED_ARCHETYPES as readonly string[]).includes(service.archetype)) {
    problems.push({
      message: `Only a web-service or a worker autoscales, but ${label} is a ${service.archetype}`,
      expected: `archetype ${AUTOSCALED_ARCHETYPES.join(' or ')} (a Deployment) for "autoscale"`,
      action: `Remove ${at} in ${file}`,
    });
  }
  const { min, max } = autoscale;
  if (isInt(min) && isInt(max) && min > max) {
    problems.push({
      message: `Autoscale min above max for ${label}`,
      value: `min ${min} > max ${max}`,
      expected: 'min at most max',
      action: `Fix ${at}.min or ${at}.max in ${file}`,
    });
  }
  if (autoscale.cpu === undefined && autoscale.memory === undefined) {
    problems.push({
      message: `Autoscale of ${label} has no target`,
      expected: 'at least one of "cpu" and "memory": the average utilization (percent of the reservation) to aim at, e.g. "cpu": 70',
      action: `Add "cpu" (or "memory") to ${at} in ${file}`,
    });
  }
  const reservations = isRecord(service.resources) && isRecord(service.resources.reservations) ? service.resources.reservations : {};
  for (const [target, noun, example] of [
    ['cpu', 'CPU', '"250m"'],
    ['memory', 'memory', '"256Mi"'],
  ] as const) {
    if (autoscale[target] === undefined || reservations[target] !== undefined) continue;
    problems.push({
      message: `Autoscale of ${label} targets ${noun} utilization, but ${label} reserves no ${noun}`,
      value: `${target} ${showValue(autoscale[target])}%`,
      expected: `resources.reservations.${target} (Kubernetes requests.${target}): utilization is a share of it, and the HPA cannot compute it without one`,
      action: `Add ${where}.resources.reservations.${target} (e.g. ${example}) in ${file}, or remove ${at}.${target}`,
    });
  }
  const replicas = service.replicas;
  if (isInt(replicas) && isInt(min) && isInt(max) && min <= max && (replicas < min || replicas > max)) {
    problems.push({
      message: `Replicas of ${label} lie outside its autoscale range`,
      value: `replicas ${replicas}, autoscale ${min} to ${max}`,
      expected: `replicas from ${min} to ${max}, or no "replicas": the HorizontalPodAutoscaler owns the count`,
      action: `Remove ${where}.replicas (or bring it between min and max) in ${file}`,
    });
  }
  return problems;
}
