import { parseCpu, parseMemory } from './graph/quantities';
import type { ResourcesSpec } from './graph/schema';
import type { ResourcesModel } from './model';

/** Graph resources → canonical units (values are validated before this is called). */
export function resolveResources(spec: ResourcesSpec | undefined): ResourcesModel {
  const amounts = (a: { cpu?: number | string; memory?: number | string } | undefined) => ({
    ...(a?.cpu !== undefined ? { cpu: parseCpu(a.cpu) } : {}),
    ...(a?.memory !== undefined ? { memory: parseMemory(a.memory) } : {}),
  });
  return { limits: amounts(spec?.limits), reservations: amounts(spec?.reservations) };
}
