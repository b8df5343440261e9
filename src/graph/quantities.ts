/**
 * Parsing and formatting of the quantities a graph carries: CPU, memory and durations.
 *
 * The graph accepts the spellings users already know from Docker and Kubernetes; the model keeps
 * one canonical number (millicores, bytes, seconds) so compose and Kubernetes output can never
 * disagree about a value.
 */

/** `2`, `0.5`, `"1.5"` (cores) or `"500m"` (millicores); never zero. */
export const CPU_PATTERN = /^(?![0.]+m?$)(\d+(\.\d+)?|\d+m)$/;
/** `512Mi`, `4Gi`, `512M`, `4G`, `1024k`, or a plain number of bytes; never zero. */
export const MEMORY_PATTERN = /^(?![0.]+([bkmgtBKMGT]|[kmgtKMGT]i)?$)\d+(\.\d+)?([bkmgtBKMGT]|[kmgtKMGT]i)?$/;
/** `30s`, `1m`, `1m30s`, `2h`. */
export const DURATION_PATTERN = /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/;

/** Returns millicores, or undefined when the value is not a CPU quantity. */
export function parseCpu(value: number | string): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
  }
  const text = value.trim();
  if (!CPU_PATTERN.test(text)) return undefined;
  const millicores = text.endsWith('m') ? Number(text.slice(0, -1)) : Math.round(Number(text) * 1000);
  return millicores > 0 ? millicores : undefined;
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
};

/**
 * Returns bytes, or undefined when the value is not a memory quantity.
 * Units are binary whichever way they are spelled (`4G` = `4Gi`), as Docker reads them.
 */
export function parseMemory(value: number | string): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value > 0 ? value : undefined;
  }
  const text = value.trim();
  const match = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(text);
  if (!match || !MEMORY_PATTERN.test(text)) return undefined;
  const unit = MEMORY_UNITS[match[2].toLowerCase()];
  const bytes = Math.round(Number(match[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** Returns whole seconds, or undefined when the value is not a duration. */
export function parseDuration(value: string): number | undefined {
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
