#!/usr/bin/env node
/** The `topograph` binary. */
import * as readline from 'node:readline/promises';
import { run } from './program';

async function prompt(question: string, choices: string[]): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const list = choices.map((c, i) => `  ${i + 1}) ${c}`).join('\n');
    const answer = (await rl.question(`${question}\n${list}\n> `)).trim();
    const index = Number(answer);
    return Number.isInteger(index) && index >= 1 && index <= choices.length ? choices[index - 1] : answer;
  } finally {
    rl.close();
  }
}

// A reader that stops early (`topograph graph | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  env: process.env,
  cwd: process.cwd(),
  prompt,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ERROR: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
