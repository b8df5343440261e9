/**
 * Concurrent writes (docs/security.md): many pairs of real processes writing the same output
 * directory at the same moment, one the old and one the new version of the shop. Each pair must
 * end with both processes successful, the output exactly one of the two versions, the user's
 * .env untouched and nothing left behind. The lock serialises them (docs/security.md). A few pairs
 * run the whole CLI as well, to cover synthesis in between.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TopologyGraph } from '../../src';
import { SHOP_DIR, shopGraph, synth } from '../helpers/shop';
import { leftoversIn } from '../helpers/tree';

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');
const CHILD = path.join(__dirname, 'write-child.js');
const PAIRS = Number(process.env.CONCURRENT_PAIRS ?? 100);
const CLI_PAIRS = 10;

jest.setTimeout(600_000);

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH!, HOME: cwd } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('two writers at once, many times', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-concurrent-'));
  fs.cpSync(SHOP_DIR, work, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
  const out = path.join(work, 'out');
  const a = shopGraph();
  const b: TopologyGraph = { ...a, version: '0.2.0', services: a.services.filter((s) => s.name !== 'auth'), edges: (a.edges ?? []).filter((e) => e.from !== 'auth' && e.to !== 'auth') };
  const outputs = { a: synth(a, { baseDir: work, outdir: out }).files, b: synth(b, { baseDir: work, outdir: out }).files };
  const json = { a: path.join(work, 'files-a.json'), b: path.join(work, 'files-b.json') };
  fs.writeFileSync(json.a, JSON.stringify(outputs.a));
  fs.writeFileSync(json.b, JSON.stringify(outputs.b));
  const inside = (files: Record<string, string>) => Object.keys(files).filter((p) => !p.startsWith('../'));
  const isExactly = (version: 'a' | 'b') =>
    inside(outputs[version]).every((p) => fs.existsSync(path.join(out, p)) && fs.readFileSync(path.join(out, p), 'utf8') === outputs[version][p]) &&
    inside(outputs[version === 'a' ? 'b' : 'a']).every((p) => p in outputs[version] || !fs.existsSync(path.join(out, p)));

  it(`${PAIRS} pairs of writers and ${CLI_PAIRS} pairs of CLI synths: both succeed, the output is one version, .env survives`, async () => {
    let first: 'a' | 'b' | undefined;
    const finals = { a: 0, b: 0 };
    for (let i = 0; i < PAIRS + CLI_PAIRS; i++) {
      const cli = i >= PAIRS;
      if (cli) fs.writeFileSync(path.join(work, 'topology-graph.json'), JSON.stringify(i % 2 ? a : b));
      const results = await Promise.all(
        cli
          ? [run([BIN, 'synth', '--out', 'out', '-q'], work), run([BIN, 'synth', '--out', 'out', '-q'], work)]
          : [run([CHILD, json.a, out], work), run([CHILD, json.b, out], work)],
      );
      expect(results).toEqual([{ code: 0, stderr: '' }, { code: 0, stderr: '' }]);
      if (!first) {
        first = 'a';
        fs.writeFileSync(path.join(out, 'docker', '.env'), 'JWT_SECRET=keep-me\n', { mode: 0o600 });
      }
      const final = isExactly('a') ? 'a' : isExactly('b') ? 'b' : undefined;
      expect(final).toBeDefined();
      finals[final!] += 1;
      expect(fs.readFileSync(path.join(out, 'docker', '.env'), 'utf8')).toBe('JWT_SECRET=keep-me\n');
      expect(leftoversIn(work)).toEqual([]);
    }
    process.stdout.write(`\nconcurrent writes: ${PAIRS} pairs of writers, ${CLI_PAIRS} pairs of CLI synths; all ${2 * (PAIRS + CLI_PAIRS)} runs exit 0; final output old ${finals.a}, new ${finals.b} times; .env lost 0 times\n`);
  });
});
