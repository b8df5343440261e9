/**
 * The README's examples are a tested transcript: every `$ command` of its ```console
 * blocks runs, in order, in a scratch copy of the repository's example (`npx topograph` is the
 * built CLI), and its output — stdout and stderr as a terminal shows them — must be exactly what the
 * README shows under it. A command whose block ends right before a ```mermaid block shows its
 * output there (GitHub renders it). Paths to the scratch directory read as the repository's.
 *
 * After an intended change of output: `UPDATE_README=1 npx jest test/readme.test.ts` rewrites the
 * README's transcript with what the commands print now (review the diff).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './helpers/shop';

jest.setTimeout(120_000);

const README = path.join(REPO, 'README.md');
const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

interface Block {
  readonly info: string;
  /** Index of the opening fence line. */
  readonly start: number;
  /** Index of the closing fence line. */
  readonly end: number;
  readonly lines: string[];
}

interface Step {
  readonly command: string;
  readonly expected: string;
  /** Where the expected output is in the README: lines [from, to) of it. */
  readonly from: number;
  readonly to: number;
}

function blocksOf(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`README.md: the block opened at line ${i + 1} is never closed`);
    blocks.push({ info: open[1], start: i, end, lines: lines.slice(i + 1, end) });
    i = end;
  }
  return blocks;
}

/** Each `$ command` of the console blocks with the output shown for it. */
function transcript(lines: readonly string[]): Step[] {
  const blocks = blocksOf(lines);
  const steps: Step[] = [];
  blocks.forEach((block, index) => {
    if (block.info !== 'console') return;
    const starts = block.lines.map((l, i) => (l.startsWith('$ ') ? i : -1)).filter((i) => i >= 0);
    if (starts[0] !== 0) throw new Error(`README.md line ${block.start + 2}: a console block starts with a "$ " command`);
    starts.forEach((at, n) => {
      const next = n + 1 < starts.length ? starts[n + 1] : block.lines.length;
      let last = next;
      while (last > at + 1 && block.lines[last - 1].trim() === '') last--;
      const command = block.lines[at].slice(2);
      const output = block.lines.slice(at + 1, last);
      const following = blocks[index + 1];
      const isLast = n === starts.length - 1;
      if (isLast && output.length === 0 && following?.info === 'mermaid' && lines.slice(block.end + 1, following.start).every((l) => l.trim() === '')) {
        steps.push({ command, expected: following.lines.join('\n'), from: following.start + 1, to: following.end });
      } else {
        steps.push({ command, expected: output.join('\n'), from: block.start + 1 + at + 1, to: block.start + 1 + last });
      }
    });
  });
  return steps;
}

/** A scratch directory laid out like the repository for the README's commands: the example, and a `topograph` on PATH. */
function workspace(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-readme-')));
  fs.cpSync(path.join(REPO, 'examples', 'shop'), path.join(dir, 'examples', 'shop'), { recursive: true, filter: (src) => !/(^|\/)(node_modules|dist)(\/|$)/.test(path.relative(REPO, src)) });
  const bin = path.join(dir, '.bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'topograph'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, { mode: 0o755 });
  return { dir, env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, HOME: dir, NO_COLOR: '1', LANG: 'C.UTF-8' } };
}

/** Runs a README command as a user would in a shell, `npx topograph` being the built CLI; stdout and stderr merged, paths normalised. */
function runCommand(command: string, dir: string, env: NodeJS.ProcessEnv): string {
  const script = command.replace(/\bnpx topograph\b/g, 'topograph');
  const result = spawnSync('bash', ['-c', `${script} 2>&1`], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return result.stdout.split(dir).join('.').replace(/\s+$/, '');
}

describe('README.md transcript', () => {
  const lines = fs.readFileSync(README, 'utf8').split('\n');
  const steps = transcript(lines);
  const { dir, env } = workspace();
  const actual = steps.map((step) => runCommand(step.command, dir, env));

  it('has commands to check', () => {
    expect(steps.map((s) => s.command)).toEqual(expect.arrayContaining([expect.stringMatching(/^npx topograph synth /), expect.stringMatching(/^npx topograph graph /)]));
  });

  if (process.env.UPDATE_README) {
    it('is rewritten with the output of today (UPDATE_README)', () => {
      const updated = [...lines];
      // From the end, so earlier line numbers stay valid.
      [...steps.keys()].reverse().forEach((i) => updated.splice(steps[i].from, steps[i].to - steps[i].from, ...(actual[i] ? actual[i].split('\n') : [])));
      fs.writeFileSync(README, updated.join('\n'));
    });
    return;
  }

  it.each(steps.map((step, i) => [step.command, i] as const))('$ %s', (_, i) => {
    expect(actual[i]).toBe(steps[i].expected.replace(/\s+$/, ''));
  });
});
