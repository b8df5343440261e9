import {
  CPU_PATTERN,
  MEMORY_PATTERN,
  formatCpuCores,
  formatCpuQuantity,
  formatDuration,
  formatMemoryCompose,
  formatMemoryQuantity,
  parseCpu,
  parseDuration,
  parseMemory,
} from '../src/graph/quantities';

describe('CPU', () => {
  it.each([
    [2, 2000],
    [0.5, 500],
    ['1.5', 1500],
    ['250m', 250],
  ])('parses %p as %p millicores', (input, millicores) => {
    expect(parseCpu(input)).toBe(millicores);
  });

  it.each(['not-a-number', '', '-1', '0', 'm', '1.5m', 0, -2, Number.NaN])('rejects %p', (input) => {
    expect(parseCpu(input as never)).toBeUndefined();
  });

  it('formats for compose (cores) and Kubernetes (whole cores or millicores)', () => {
    expect(formatCpuCores(2000)).toBe('2');
    expect(formatCpuCores(250)).toBe('0.25');
    expect(formatCpuQuantity(2000)).toBe('2');
    expect(formatCpuQuantity(250)).toBe('250m');
  });
});

describe('memory', () => {
  it('reads Docker and Kubernetes spellings as binary units', () => {
    expect(parseMemory('4G')).toBe(4 * 1024 ** 3);
    expect(parseMemory('4Gi')).toBe(4 * 1024 ** 3);
    expect(parseMemory('512Mi')).toBe(512 * 1024 ** 2);
    expect(parseMemory('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemory(1048576)).toBe(1048576);
  });

  it.each(['lots', '4 GB', '-1G', '0', 'G', 1.5])('rejects %p', (input) => {
    expect(parseMemory(input as never)).toBeUndefined();
  });

  it('formats the same amount for compose and Kubernetes', () => {
    expect(formatMemoryCompose(4 * 1024 ** 3)).toBe('4G');
    expect(formatMemoryQuantity(4 * 1024 ** 3)).toBe('4Gi');
    expect(formatMemoryCompose(1536 * 1024 ** 2)).toBe('1536M');
    expect(formatMemoryQuantity(1536 * 1024 ** 2)).toBe('1536Mi');
  });
});

describe('durations', () => {
  it('round-trips', () => {
    expect(parseDuration('1m30s')).toBe(90);
    expect(parseDuration('10s')).toBe(10);
    expect(parseDuration('2h')).toBe(7200);
    expect(formatDuration(90)).toBe('1m30s');
    expect(formatDuration(3600)).toBe('1h');
  });

  it.each(['', 's', '10', '1.5s', '10 s'])('rejects %p', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('zero amounts', () => {
  // Found by the property tests: "0m" passed the schema, then parsed to nothing, so a written
  // limit silently vanished from the output.
  it.each(['0m', '0', '0.0', '000m'])('the graph schema refuses CPU %p', (value) => {
    expect(CPU_PATTERN.test(value)).toBe(false);
  });
  it.each(['0', '0Mi', '0.0G', '00k'])('the graph schema refuses memory %p', (value) => {
    expect(MEMORY_PATTERN.test(value)).toBe(false);
  });
  it.each([['500m'], ['0.5'], ['10'], ['100m']])('still accepts CPU %p', (value) => {
    expect(CPU_PATTERN.test(value)).toBe(true);
  });
  it.each([['512Mi'], ['0.5Gi'], ['10'], ['100M']])('still accepts memory %p', (value) => {
    expect(MEMORY_PATTERN.test(value)).toBe(true);
  });
});
