/**
 * `npm run bench`: synthesis time and memory on generated topologies of 10 to 3000 services.
 *
 *   node lib/bench/run.js [--json] [--sizes 10,100,1000,3000] [--runs 5] [--no-cli]
 *
 * For each size N, in a child process of its own (so one size cannot warm up or bloat another):
 * - in-process time of each target (docker, compose, k8s) and of all together, from the parsed
 *   graph to `{path: content}` (Topology.fromGraph + synthFiles): median of --runs after a warm-up;
 * - the same for the floor (floor.ts: plain objects, template strings and `yaml`, no constructs);
 * - peak RSS of one full synthesis, ours and the floor's, each in a fresh process;
 * - the CLI end to end (`topograph synth graph.json --out dir`, process start to exit, files
 *   written): median wall time and peak RSS.
 * Then the shop example through the CLI. Targets (docs/performance.md) are checked and printed;
 * the exit code is 0 even when one is missed: a benchmark reports, it does not gate.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TopographApp } from '../src/app';
import { Topology } from '../constructs/topology';
import type { Runtime, TopologyGraph } from '../src/graph/schema';
import { runtimePack } from '../src/graph/kinds';
import { TARGETS, type Target } from '../src/synth';
import { floorFiles } from './floor';
import { generateGraph } from './generate';

/** The repository; this file runs compiled (lib/bench) or, in tests, from source (bench). */
const ROOT = path.basename(path.dirname(__dirname)) === 'lib' ? path.resolve(__dirname, '..', '..') : path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'lib', 'src', 'cli', 'main.js');
/** Child processes run the compiled benchmark (`npm run build` makes it). */
const RSS_PRELOAD = path.join(ROOT, 'lib', 'bench', 'rss-report.js');
const SELF = path.join(ROOT, 'lib', 'bench', 'run.js');
export const DEFAULT_SIZES = [10, 100, 1000, 3000];
export const JOBS = ['docker', 'compose', 'k8s', 'all'] as const;
export type Job = (typeof JOBS)[number];

export interface SizeResult {
  readonly services: number;
  readonly dependencies: number;
  readonly edges: number;
  readonly files: number;
  readonly bytes: number;
  readonly floorBytes: number;
  /** Median milliseconds per job, ours and floor. */
  readonly ms: Record<Job, number>;
  readonly floorMs: Record<Job, number>;
  readonly rssBytes: number;
  readonly floorRssBytes: number;
  /** Median CPU milliseconds (user + system, all threads) of the all-targets runs: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly floorCpuMs: number;
  readonly cli?: { readonly ms: number; readonly cpuMs: number; readonly rssBytes: number };
}

export interface BenchResult {
  readonly node: string;
  readonly cpus: number;
  /** 1-minute load average before and after the run: wall times mean little on a loaded machine. */
  readonly load: readonly [number, number];
  readonly runs: number;
  readonly sizes: SizeResult[];
  readonly shopCliMs?: number;
  readonly shopCliCpuMs?: number;
  readonly targets: Array<{ readonly name: string; readonly value: string; readonly limit: string; readonly met: boolean }>;
}

/** Ours: graph → construct tree → files, for the given targets. */
export function synthOurs(graph: TopologyGraph, targets: readonly Target[], baseDir: string): Record<string, string> {
  const app = new TopographApp({ outdir: path.join(baseDir, 'out') });
  Topology.fromGraph(app, graph.name, graph, { baseDir });
  return app.synthFiles({ targets });
}

const targetsOf = (job: Job): readonly Target[] => (job === 'all' ? TARGETS : [job]);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function cpuTime(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const bytesOf = (files: Record<string, string>) => Object.values(files).reduce((sum, c) => sum + Buffer.byteLength(c), 0);

/** Child: timings of one size, as JSON on stdout. */
function timingChild(count: number, runs: number): void {
  const graph = generateGraph(count);
  const baseDir = path.join(os.tmpdir(), 'topograph-bench');
  const ms = {} as Record<Job, number>;
  const floorMs = {} as Record<Job, number>;
  for (const job of JOBS) {
    const targets = targetsOf(job);
    synthOurs(graph, targets, baseDir); // warm-up
    floorFiles(graph, targets);
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(time(() => synthOurs(graph, targets, baseDir)));
      floor.push(time(() => floorFiles(graph, targets)));
    }
    ms[job] = median(ours);
    floorMs[job] = median(floor);
  }
  const cpu: number[] = [];
  const floorCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    cpu.push(cpuTime(() => synthOurs(graph, TARGETS, baseDir)));
    floorCpu.push(cpuTime(() => floorFiles(graph, TARGETS)));
  }
  const files = synthOurs(graph, TARGETS, baseDir);
  process.stdout.write(
    JSON.stringify({
      services: graph.services.length,
      dependencies: graph.dependencies?.length ?? 0,
      edges: graph.edges?.length ?? 0,
      files: Object.keys(files).length,
      bytes: bytesOf(files),
      floorBytes: bytesOf(floorFiles(graph, TARGETS)),
      ms,
      floorMs,
      cpuMs: median(cpu),
      floorCpuMs: median(floorCpu),
    }),
  );
}

/** Child: one full synthesis, ours or the floor; the preload reports peak RSS. */
function rssChild(count: number, which: 'ours' | 'floor'): void {
  const graph = generateGraph(count);
  const files = which === 'ours' ? synthOurs(graph, TARGETS, path.join(os.tmpdir(), 'topograph-bench')) : floorFiles(graph, TARGETS);
  if (Object.keys(files).length === 0) throw new Error('no files');
}

function node(args: string[], env: NodeJS.ProcessEnv = {}): { stdout: string; ms: number; cpuMs: number; rssBytes: number } {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-bench-rss-')), 'rss');
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', RSS_PRELOAD, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env, TOPOGRAPH_BENCH_RSS_FILE: rssFile },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  const { rssBytes, cpuMs } = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { rssBytes: number; cpuMs: number };
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { stdout: result.stdout, ms, cpuMs, rssBytes };
}

/** A build context with the (empty) dependency manifests the runtime's Dockerfile copies first. */
export function writeContext(dir: string, runtime: Runtime): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const { file } of runtimePack(runtime).contextFiles) if (file !== 'go.sum') fs.writeFileSync(path.join(dir, file), file.endsWith('.json') ? '{}\n' : '');
}

/** A graph file on disk with a build context per service holding its manifests, as the CLI requires. */
export function writeGraphDir(graph: TopologyGraph): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-bench-'));
  for (const s of graph.services) writeContext(path.join(dir, s.name), s.runtime);
  const file = path.join(dir, 'topology-graph.json');
  fs.writeFileSync(file, JSON.stringify(graph, null, 2));
  return { dir, file };
}

function cliRuns(file: string, out: string, runs: number): { ms: number; cpuMs: number; rssBytes: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  let rssBytes = 0;
  for (let i = 0; i < runs; i++) {
    fs.rmSync(out, { recursive: true, force: true });
    const r = node([CLI, 'synth', file, '--out', out, '--quiet']);
    times.push(r.ms);
    cpu.push(r.cpuMs);
    rssBytes = Math.max(rssBytes, r.rssBytes);
  }
  return { ms: median(times), cpuMs: median(cpu), rssBytes };
}

function measureSize(count: number, runs: number, cli: boolean): SizeResult {
  const timing = JSON.parse(node([SELF, '--child-timing', String(count), '--runs', String(runs)]).stdout) as Omit<SizeResult, 'rssBytes' | 'floorRssBytes'>;
  const rssBytes = node([SELF, '--child-rss', String(count), 'ours']).rssBytes;
  const floorRssBytes = node([SELF, '--child-rss', String(count), 'floor']).rssBytes;
  let cliResult: SizeResult['cli'];
  if (cli) {
    const { dir, file } = writeGraphDir(generateGraph(count));
    cliResult = cliRuns(file, path.join(dir, 'dist'), Math.min(runs, 5));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { ...timing, rssBytes, floorRssBytes, ...(cliResult ? { cli: cliResult } : {}) };
}

function shopCli(runs: number): { ms: number; cpuMs: number } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-bench-shop-'));
  const result = cliRuns(path.join(ROOT, 'examples', 'shop', 'topology-graph.json'), path.join(out, 'dist'), runs);
  fs.rmSync(out, { recursive: true, force: true });
  return { ms: result.ms, cpuMs: result.cpuMs };
}

const MiB = 1024 * 1024;

export function checkTargets(sizes: readonly SizeResult[], shopCliMs?: number): BenchResult['targets'] {
  const targets: BenchResult['targets'] = [];
  const at = (n: number) => sizes.find((s) => s.services === n);
  const n1000 = at(1000);
  const n3000 = at(3000);
  if (n1000) {
    targets.push({ name: 'N=1000 all targets, in-process', value: `${n1000.ms.all.toFixed(0)} ms`, limit: '< 1500 ms', met: n1000.ms.all < 1500 });
    const ratio = n1000.ms.all / n1000.floorMs.all;
    targets.push({ name: 'N=1000 all targets, ours / floor', value: `${ratio.toFixed(2)}×`, limit: '≤ 1.5×', met: ratio <= 1.5 });
  }
  if (n1000 && n3000) {
    const ratio = n3000.ms.all / n1000.ms.all;
    targets.push({ name: 'N=3000 / N=1000 time', value: `${ratio.toFixed(2)}`, limit: '≤ 3.5', met: ratio <= 3.5 });
  }
  if (n3000) {
    targets.push({ name: 'N=3000 peak RSS, in-process', value: `${(n3000.rssBytes / MiB).toFixed(0)} MiB`, limit: '< 300 MiB', met: n3000.rssBytes < 300 * MiB });
    if (n3000.cli) targets.push({ name: 'N=3000 peak RSS, CLI', value: `${(n3000.cli.rssBytes / MiB).toFixed(0)} MiB`, limit: '< 300 MiB', met: n3000.cli.rssBytes < 300 * MiB });
  }
  if (shopCliMs !== undefined) targets.push({ name: 'topograph synth shop, end to end', value: `${shopCliMs.toFixed(0)} ms`, limit: '< 600 ms', met: shopCliMs < 600 });
  return targets;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

export function formatTable(result: BenchResult): string {
  const lines: string[] = [];
  lines.push(`topograph bench — node ${result.node}, ${result.cpus} CPUs, load ${result.load[0].toFixed(1)} → ${result.load[1].toFixed(1)}; median of ${result.runs} runs, in ms (wall unless CPU); floor = plain objects + yaml, no constructs`);
  lines.push('');
  const header = ['N', 'edges', 'files', 'MiB out', 'docker', 'compose', 'k8s', 'all', 'floor all', 'ours/floor', 'CPU all', 'CPU floor', 'RSS MiB', 'floor RSS', 'CLI ms', 'CLI CPU', 'CLI RSS'];
  const rows = result.sizes.map((s) => [
    String(s.services),
    String(s.edges),
    String(s.files),
    (s.bytes / MiB).toFixed(1),
    ...JOBS.map((j) => s.ms[j].toFixed(0)),
    s.floorMs.all.toFixed(0),
    `${(s.ms.all / s.floorMs.all).toFixed(2)}×`,
    s.cpuMs.toFixed(0),
    s.floorCpuMs.toFixed(0),
    (s.rssBytes / MiB).toFixed(0),
    (s.floorRssBytes / MiB).toFixed(0),
    s.cli ? s.cli.ms.toFixed(0) : '-',
    s.cli ? s.cli.cpuMs.toFixed(0) : '-',
    s.cli ? (s.cli.rssBytes / MiB).toFixed(0) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  lines.push(pad(header, widths), ...rows.map((r) => pad(r, widths)));
  lines.push('');
  lines.push('Per target, ours / floor:');
  const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0);
  for (const s of result.sizes) lines.push(`  N=${s.services}: ${JOBS.map((j) => `${j} ${ms(s.ms[j])}/${ms(s.floorMs[j])} = ${(s.ms[j] / s.floorMs[j]).toFixed(2)}×`).join(', ')}`);
  if (result.shopCliMs !== undefined) lines.push('', `topograph synth examples/shop (CLI, end to end): ${result.shopCliMs.toFixed(0)} ms wall, ${result.shopCliCpuMs?.toFixed(0)} ms CPU`);
  if (result.targets.length) {
    lines.push('', 'Targets:');
    for (const t of result.targets) lines.push(`  ${t.met ? '✓' : '✗'} ${t.name}: ${t.value} (target ${t.limit})`);
  }
  return `${lines.join('\n')}\n`;
}

function parseArgs(argv: string[]): { json: boolean; sizes: number[]; runs: number; cli: boolean } {
  const options = { json: false, sizes: DEFAULT_SIZES, runs: 5, cli: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--no-cli') options.cli = false;
    else if (arg === '--sizes') options.sizes = (argv[++i] ?? '').split(',').map(Number);
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else throw new Error(`Unknown option ${arg}. Usage: npm run bench -- [--json] [--sizes 10,100,1000,3000] [--runs 5] [--no-cli]`);
  }
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes: expected positive integers separated by commas, e.g. --sizes 10,100');
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs: expected a positive integer, e.g. --runs 5');
  return options;
}

export function runBench(options: { sizes: number[]; runs: number; cli: boolean; log?: (line: string) => void }): BenchResult {
  const loadBefore = os.loadavg()[0];
  const sizes: SizeResult[] = [];
  for (const count of options.sizes) {
    options.log?.(`N=${count}…`);
    sizes.push(measureSize(count, count >= 3000 ? Math.min(options.runs, 3) : options.runs, options.cli));
  }
  const shop = options.cli ? shopCli(Math.max(options.runs, 10)) : undefined;
  return {
    node: process.version,
    cpus: os.availableParallelism(),
    load: [loadBefore, os.loadavg()[0]],
    runs: options.runs,
    sizes,
    ...(shop ? { shopCliMs: shop.ms, shopCliCpuMs: shop.cpuMs } : {}),
    targets: checkTargets(sizes, shop?.ms),
  };
}

function main(argv: string[]): void {
  if (argv[0] === '--child-timing') return timingChild(Number(argv[1]), Number(argv[3]));
  if (argv[0] === '--child-rss') return rssChild(Number(argv[1]), argv[2] as 'ours' | 'floor');
  const options = parseArgs(argv);
  const result = runBench({ ...options, log: options.json ? undefined : (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatTable(result));
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`ERROR: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
