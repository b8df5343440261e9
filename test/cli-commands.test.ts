import * as fs from 'node:fs';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../src/cli');
const commandsIn = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/\.command\('([^' ]+)/g)].map((m) => m[1]);

describe('the CLI source layout', () => {
  it('defines each command, with its arguments and options, in a file of its own named after it', () => {
    const files = fs.readdirSync(path.join(CLI, 'commands')).filter((f) => f.endsWith('.ts'));
    for (const file of files) expect([file, commandsIn(path.join(CLI, 'commands', file))]).toEqual([file, [file.replace(/\.ts$/, '')]]);
  });

  it('keeps no command definition in program.ts, only the global options', () => {
    expect(commandsIn(path.join(CLI, 'program.ts'))).toEqual([]);
    expect(fs.readFileSync(path.join(CLI, 'program.ts'), 'utf8')).not.toMatch(/\.argument\(/);
  });
});
