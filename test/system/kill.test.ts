/**
 * The kill test (docs/security.md): `kill -9` a large write at many points and prove,
 * every time, that once the next run has recovered, `out/` holds exactly the previous or the new
 * output, that the user's files in it (a .env with secrets, a folder of their own, a directory
 * they cannot read) survive byte for byte and in place, and that nothing topograph created is
 * left anywhere. Prints the figures: trials, where the kills landed, leftovers.
 *
 * The kills land in the write: a child process runs topograph's writeFiles on a synthesized
 * 2,000-service output and is killed before its n-th mutating filesystem call (spread evenly over
 * the calls a write makes, in both directions A→B and B→A), or from outside after a random delay.
 * The "next run" is recoverOutput — the first step of every write — and, every few trials, the
 * whole `topograph synth` CLI. docs/security.md, "The output directory", states the guarantees.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateGraph } from '../../bench/generate';
import { runtimePack } from '../../src/graph/kinds';
import type { TopologyGraph } from '../../src';
import { synth } from '../helpers/shop';
import { leftoversIn, treeOf } from '../helpers/tree';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { recoverOutput } = require('../../lib/src/write.js') as typeof import('../../src/write');

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');
const FAULTS = path.join(REPO, 'test', 'helpers', 'fs-faults.js');
const CHILD = path.join(__dirname, 'write-child.js');
const SERVICES = Number(process.env.KILL_TEST_SERVICES ?? 2000);
const COUNTED_TRIALS = Number(process.env.KILL_TEST_TRIALS ?? 30);
const TIMED_TRIALS = 6;
const CLI_EVERY = 10;

jest.setTimeout(900_000);

interface Figures {
  trials: number;
  byCounter: number;
  byTime: number;
  beforeCommit: number;
  afterCommit: number;
  notStarted: number;
  finished: number;
  keptPrevious: number;
  gotNew: number;
  cliRuns: number;
  leftoversAfterRecovery: number;
  tornFiles: number;
  userFilesChanged: number;
}

function graphs(): { a: TopologyGraph; b: TopologyGraph } {
  const a = generateGraph(SERVICES, { name: 'kill' });
  for (const s of a.services) s.build = { context: `apps/${s.name}` };
  // B: a new version, every 10th service gone (with its edges), other variables on a few.
  const gone = new Set(a.services.filter((_, i) => i % 10 === 5).map((s) => s.name));
  const b: TopologyGraph = {
    ...a,
    version: '2.0.0',
    services: a.services.filter((s) => !gone.has(s.name)).map((s, i) => (i % 7 === 0 ? { ...s, env: { ...s.env, LOG_LEVEL: 'warn' } } : s)),
    edges: (a.edges ?? []).filter((e) => !gone.has(e.from) && !gone.has(e.to)),
  };
  return { a, b };
}

describe(`kill -9 during a ${SERVICES}-service write`, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-kill-'));
  const out = path.join(work, 'out');
  const { a, b } = graphs();
  const figures: Figures = { trials: 0, byCounter: 0, byTime: 0, beforeCommit: 0, afterCommit: 0, notStarted: 0, finished: 0, keptPrevious: 0, gotNew: 0, cliRuns: 0, leftoversAfterRecovery: 0, tornFiles: 0, userFilesChanged: 0 };
  const outputs: Record<'a' | 'b', Record<string, string>> = { a: {}, b: {} };
  const jsonOf = { a: path.join(work, 'files-a.json'), b: path.join(work, 'files-b.json') };
  const graphFile = path.join(work, 'topology-graph.json');
  let userBefore: Record<string, string> = {};
  let state: 'a' | 'b' = 'a';
  const ops: Record<'a' | 'b', number> = { a: 0, b: 0 };
  const millis: Record<'a' | 'b', number> = { a: 0, b: 0 };

  /** Generated paths inside out/ (both versions), their directories, and what is the user's. */
  const generatedPaths = () => new Set([...Object.keys(outputs.a), ...Object.keys(outputs.b)].filter((p) => !p.startsWith('../')));
  const userEntries = () => {
    const generated = generatedPaths();
    return treeOf(out, { identity: true, skip: (rel) => rel === '.topograph' || generated.has(rel) || rel.endsWith('.topograph-tmp') });
  };
  const onlyUser = (tree: Record<string, string>) => {
    const dirs = new Set<string>();
    for (const rel of generatedPaths()) for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) dirs.add(`${d}/`);
    return Object.fromEntries(Object.entries(tree).filter(([rel]) => !dirs.has(rel)));
  };

  /** The generated files now in out/ and the contexts, compared with one version: every path, content and mode. */
  function differences(version: 'a' | 'b'): string[] {
    const expected = outputs[version];
    const problems: string[] = [];
    for (const [rel, content] of Object.entries(expected)) {
      const file = path.resolve(out, rel);
      let actual: string | undefined;
      try {
        actual = fs.readFileSync(file, 'utf8');
      } catch {
        actual = undefined;
      }
      if (actual !== content) problems.push(`${rel}: ${actual === undefined ? 'missing' : 'differs'}`);
      else if ((fs.statSync(file).mode & 0o777) !== (rel.endsWith('.sh') ? 0o755 : 0o644)) problems.push(`${rel}: mode`);
    }
    const other = outputs[version === 'a' ? 'b' : 'a'];
    for (const rel of Object.keys(other)) if (!(rel in expected) && !rel.startsWith('../') && fs.existsSync(path.join(out, rel))) problems.push(`${rel}: should be gone`);
    return problems;
  }

  /** Between a kill and the next run: every generated file is whole, the old or the new content. */
  function tornFiles(): string[] {
    const torn: string[] = [];
    for (const rel of generatedPaths()) {
      let actual: string;
      try {
        actual = fs.readFileSync(path.join(out, rel), 'utf8');
      } catch {
        continue;
      }
      if (actual !== outputs.a[rel] && actual !== outputs.b[rel]) torn.push(rel);
    }
    return torn;
  }

  function whereKilled(): 'before' | 'after' | 'none' {
    const names = fs.existsSync(path.join(out, '.topograph')) ? fs.readdirSync(path.join(out, '.topograph')) : [];
    if (names.some((n) => n.startsWith('journal-'))) return 'after';
    if (names.some((n) => n.startsWith('pending-'))) return 'before';
    return 'none';
  }

  function writeChild(version: 'a' | 'b', faults: Record<string, string>): { signal: NodeJS.Signals | null; status: number | null; stderr: string } {
    const result = spawnSync(process.execPath, ['--require', FAULTS, CHILD, jsonOf[version], out], { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: work, ...faults }, timeout: 300_000 });
    return { signal: result.signal, status: result.status, stderr: result.stderr };
  }

  beforeAll(() => {
    // Each build context holds the files its Dockerfile copies first (the CLI refuses it otherwise).
    for (const s of a.services) {
      const context = path.join(work, 'apps', s.name);
      fs.mkdirSync(context, { recursive: true });
      for (const { file } of runtimePack(s.runtime).contextFiles) fs.writeFileSync(path.join(context, file), '');
    }
    for (const [key, graph] of [['a', a], ['b', b]] as const) {
      outputs[key] = synth(graph, { baseDir: work, outdir: out }).files;
      fs.writeFileSync(jsonOf[key], JSON.stringify(outputs[key]));
    }
    // The previous output, then the user's own entries in it.
    const first = writeChild('a', {});
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(differences('a')).toEqual([]);
    fs.writeFileSync(path.join(out, 'docker', '.env'), 'POSTGRES_PASSWORD=3f9c2e7a1b\nAPI_TOKEN=t0k3n-from-start-sh\n', { mode: 0o600 });
    fs.mkdirSync(path.join(out, 'mine', 'empty'), { recursive: true });
    fs.writeFileSync(path.join(out, 'mine', 'runbook.md'), '# how we deploy\n');
    fs.symlinkSync('../docker/.env', path.join(out, 'mine', 'env-link'));
    const pgdata = path.join(out, 'docker', 'pgdata');
    fs.mkdirSync(pgdata);
    fs.writeFileSync(path.join(pgdata, 'PG_VERSION'), '16\n', { mode: 0o600 });
    fs.chmodSync(pgdata, 0o700);
    if (process.getuid?.() === 0) {
      fs.chownSync(path.join(pgdata, 'PG_VERSION'), 999, 999);
      fs.chownSync(pgdata, 999, 999);
    } else fs.chmodSync(pgdata, 0o000);
    userBefore = onlyUser(userEntries());
    // How many mutating calls, and how long, a whole write takes in each direction.
    for (const version of ['b', 'a'] as const) {
      const countFile = path.join(work, `count-${version}`);
      const start = Date.now();
      const run = writeChild(version, { FAULT_COUNT_FILE: countFile });
      millis[version] = Date.now() - start;
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(differences(version)).toEqual([]);
      ops[version] = Number(fs.readFileSync(countFile, 'utf8'));
    }
    state = 'a';
  });

  afterAll(() => {
    const lines = [
      `kill test: ${figures.trials} trials on a ${SERVICES}-service output (${Object.keys(outputs.a).length} and ${Object.keys(outputs.b).length} files; a whole write makes ${ops.b} and ${ops.a} mutating calls, ${millis.b} and ${millis.a} ms)`,
      `  killed by write counter: ${figures.byCounter}, by time from outside: ${figures.byTime}`,
      `  landed before the commit point: ${figures.beforeCommit}, after it (mid-rename): ${figures.afterCommit}, before the write began: ${figures.notStarted}, after it finished: ${figures.finished}`,
      `  after recovery: previous output ${figures.keptPrevious}, new output ${figures.gotNew}, anything else 0 (asserted)`,
      `  next run was the full topograph synth CLI: ${figures.cliRuns} times`,
      `  torn files seen between kill and next run: ${figures.tornFiles}; user entries changed: ${figures.userFilesChanged}; leftovers after the next run: ${figures.leftoversAfterRecovery}`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
    if (process.env.RESULTS_DIR) fs.writeFileSync(path.join(process.env.RESULTS_DIR, 'kill-figures.txt'), `${lines.join('\n')}\n`);
    if (process.getuid?.() !== 0) fs.chmodSync(path.join(out, 'docker', 'pgdata'), 0o700);
  });

  /** One trial: from the current version to the other, killed by `kill`, then the next run. */
  async function trial(kill: { atOp?: number; afterMs?: number }, useCli: boolean): Promise<void> {
    const from = state;
    const to: 'a' | 'b' = from === 'a' ? 'b' : 'a';
    figures.trials += 1;
    let signal: NodeJS.Signals | null;
    if (kill.atOp !== undefined) {
      figures.byCounter += 1;
      signal = writeChild(to, { FAULT_KILL_AT: String(kill.atOp) }).signal;
    } else {
      figures.byTime += 1;
      const child = spawn(process.execPath, [CHILD, jsonOf[to], out], { env: { PATH: process.env.PATH!, HOME: work }, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
      clearTimeout(timer);
    }
    const where = whereKilled();
    if (signal !== 'SIGKILL') figures.finished += 1;
    else if (where === 'after') figures.afterCommit += 1;
    else if (where === 'before') figures.beforeCommit += 1;
    else figures.notStarted += 1;

    const torn = tornFiles();
    figures.tornFiles += torn.length;
    expect(torn).toEqual([]);
    const userNow = onlyUser(userEntries());
    if (JSON.stringify(userNow) !== JSON.stringify(userBefore)) figures.userFilesChanged += 1;
    expect(userNow).toEqual(userBefore);

    if (useCli) {
      // The next run is the whole CLI: it recovers first, then writes what the graph now says.
      figures.cliRuns += 1;
      fs.writeFileSync(graphFile, JSON.stringify(to === 'a' ? a : b));
      const next = spawnSync(process.execPath, [BIN, 'synth', '--out', 'out', '-q'], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: work }, timeout: 600_000 });
      expect(next.status).toBe(0);
      expect(differences(to)).toEqual([]);
      figures.gotNew += 1;
      state = to;
    } else {
      recoverOutput(out);
      const landed = where === 'after' || signal !== 'SIGKILL' || (where === 'none' && differences(to).length === 0) ? to : from;
      expect(differences(landed)).toEqual([]);
      if (landed === to) figures.gotNew += 1;
      else figures.keptPrevious += 1;
      state = landed;
    }
    const leftovers = leftoversIn(work);
    figures.leftoversAfterRecovery += leftovers.length;
    expect(leftovers).toEqual([]);
    expect(onlyUser(userEntries())).toEqual(userBefore);
  }

  it(`survives ${COUNTED_TRIALS} kills spread over the write calls and ${TIMED_TRIALS} kills at random times`, async () => {
    for (let i = 0; i < COUNTED_TRIALS; i++) {
      const to = state === 'a' ? 'b' : 'a';
      // Spread evenly over the whole write (from its first call to its last), in both directions.
      const atOp = 1 + Math.floor(((i + 0.5) / COUNTED_TRIALS) * ops[to]);
      await trial({ atOp }, i % CLI_EVERY === CLI_EVERY - 1);
    }
    let seed = 7;
    for (let i = 0; i < TIMED_TRIALS; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const to = state === 'a' ? 'b' : 'a';
      await trial({ afterMs: Math.floor((seed / 2147483648) * millis[to]) }, false);
    }
    expect(figures.beforeCommit).toBeGreaterThan(0);
    expect(figures.afterCommit).toBeGreaterThan(0);
  });
});
