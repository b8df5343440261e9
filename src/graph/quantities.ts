/**
 * Parsing and formatting of the quantities a graph carries: CPU, memory and durations.
 *
 * The graph accepts the spellings users already know from Docker and Kubernetes; the model keeps
 * one canonical number (millicores, bytes, seconds) so compose and Kubernetes output can never
 * disagree about a value.
 */

/**
 * Bounds every target accepts (docs/topology-graph.md#numbers): Docker and compose read CPUs as a
 * decimal and memory as bytes in an int64, Kubernetes wants quantities it can write back exactly,
 * and Docker refuses a memory limit below 6 MiB. Values outside them are refused by the schema,
 * so compose and Kubernetes always get the same, valid amount.
 */
export const MIN_CPU_MILLICORES = 1;
/** 1024 cores. */
export const MAX_CPU_MILLICORES = 1024 * 1000;
/** The smallest memory limit or reservation Docker accepts: 6 MiB. */
export const MIN_CONTAINER_MEMORY = 6 * 1024 ** 2;
/** 1 PiB: the largest memory or storage amount (exact in a double, and in every target). */
export const MAX_BYTES = 1024 ** 5;
/** Health timing: at most one hour for any duration. */
export const MAX_DURATION_SECONDS = 3600;

/** `2`, `0.5`, `"1.5"` (cores, at most three decimals) or `"500m"` (millicores); never zero. */
export const CPU_PATTERN = /^(?![0.]+m?$)(\d{1,4}(\.\d{1,3})?|\d{1,7}m)$/;
/** `512Mi`, `4Gi`, `512M`, `4G`, `1024k`, or a plain number of bytes; never zero. */
export const MEMORY_PATTERN = /^(?![0.]+([bkmgtpBKMGTP]|[kmgtpKMGTP]i)?$)\d{1,16}(\.\d{1,6})?([bkmgtpBKMGTP]|[kmgtpKMGTP]i)?$/;
/** `30s`, `1m`, `1m30s`, `2h`. */
export const DURATION_PATTERN = /^(?=\d)(\d{1,2}h)?(\d{1,4}m)?(\d{1,5}s)?$/;

/** Returns millicores, or undefined when the value is not a CPU quantity within the bounds. */
export function parseCpu(value: number | string): number | undefined {
  let millicores: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    millicores = Math.round(value * 1000);
    // Millicore precision: 0.0005 cores is not an amount any target can write.
    if (Math.abs(value * 1000 - millicores) > 1e-6) return undefined;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (!CPU_PATTERN.test(text)) return undefined;
    millicores = text.endsWith('m') ? Number(text.slice(0, -1)) : Math.round(Number(text) * 1000);
  } else return undefined;
  return millicores >= MIN_CPU_MILLICORES && millicores <= MAX_CPU_MILLICORES ? millicores : undefined;
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  ki: 1024,
  m: 1024 ** 2,
  mi: 1024 ** 2,
  g: 1024 ** 3,
  gi: 1024 ** 3,
  t: 1024 ** 4,
  ti: 1024 ** 4,
  p: 1024 ** 5,
  pi: 1024 ** 5,
};

/**
 * Returns bytes, or undefined when the value is not a memory quantity.
 * Units are binary whichever way they are spelled (`4G` = `4Gi`), as Docker reads them.
 */
export function parseMemory(value: number | string): number | undefined {
  let bytes: number;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined;
    bytes = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    const match = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(text);
    if (!match || !MEMORY_PATTERN.test(text)) return undefined;
    bytes = Math.round(Number(match[1]) * MEMORY_UNITS[match[2].toLowerCase()]);
  } else return undefined;
  return bytes >= 1 && bytes <= MAX_BYTES ? bytes : undefined;
}

/** Returns whole seconds, or undefined when the value is not a duration (the schema bounds it to {@link MAX_DURATION_SECONDS}). */
export function parseDuration(value: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const [, h, m, s] = match;
  return (h ? parseInt(h, 10) * 3600 : 0) + (m ? parseInt(m, 10) * 60 : 0) + (s ? parseInt(s, 10) : 0);
}

/** Compose `cpus`: cores as a decimal string (`'0.5'`, `'2'`). */
export function formatCpuCores(millicores: number): string {
  return String(millicores / 1000);
}

/** Kubernetes CPU quantity: whole cores as `2`, fractions as millicores (`500m`). */
export function formatCpuQuantity(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

const BINARY_STEPS: Array<[number, string, string]> = [
  [1024 ** 5, 'p', 'Pi'],
  [1024 ** 4, 't', 'Ti'],
  [1024 ** 3, 'g', 'Gi'],
  [1024 ** 2, 'm', 'Mi'],
  [1024, 'k', 'Ki'],
];

function formatBytes(bytes: number, style: 'compose' | 'k8s'): string {
  for (const [size, composeUnit, k8sUnit] of BINARY_STEPS) {
    if (bytes % size === 0) return `${bytes / size}${style === 'compose' ? composeUnit.toUpperCase() : k8sUnit}`;
  }
  return style === 'compose' ? `${bytes}b` : String(bytes);
}

/** Compose memory (`512M`, `4G`): Docker reads these units as binary. */
export function formatMemoryCompose(bytes: number): string {
  return formatBytes(bytes, 'compose');
}

/** Kubernetes memory quantity (`512Mi`, `4Gi`). */
export function formatMemoryQuantity(bytes: number): string {
  return formatBytes(bytes, 'k8s');
}

/** Compose/Docker duration (`30s`, `1m30s`). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
