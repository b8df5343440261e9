/**
 * Preloaded (`node --require`) into a process the benchmark measures: on exit, writes the
 * process's peak resident set size in bytes to the file named by TOPOGRAPH_BENCH_RSS_FILE.
 */
import * as fs from 'node:fs';

const file = process.env.TOPOGRAPH_BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
