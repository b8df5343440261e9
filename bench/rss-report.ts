/**
 * Preloaded (`node --require`) into a process the benchmark measures: on exit, writes the
 * process's peak resident set size (bytes) and CPU time (user + system, ms) as JSON to the file
 * named by TOPOGRAPH_BENCH_RSS_FILE.
 */
import * as fs from 'node:fs';

const file = process.env.TOPOGRAPH_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ rssBytes: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
