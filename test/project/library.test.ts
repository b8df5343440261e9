import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkLibrary } from '../../src/project/library';
import { readPackageJson, readProject } from '../../src/project/project';

function library(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-library-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return checkLibrary(readProject(dir, readPackageJson(dir)!, undefined));
}

describe('library check', () => {
  it('a configured TypeScript library needs nothing', () => {
    const check = library({
      'package.json': JSON.stringify({ name: 'ok', main: './lib/index.js', types: './lib/index.d.ts', exports: { '.': { types: './lib/index.d.ts', default: './lib/index.js' } }, scripts: { build: 'tsc' } }),
      'tsconfig.json': '{ "compilerOptions": { "declaration": true, "outDir": "lib" } }',
      'src/index.ts': 'export const x = 1;\n',
    });
    expect(check.fixes).toEqual([]);
    expect(check.edits).toEqual({});
  });

  it('adds a types condition to existing exports, keeping the outDir of tsconfig.json', () => {
    const check = library({
      'package.json': JSON.stringify({ name: 'half', main: './out/index.js', types: './out/index.d.ts', exports: { '.': { default: './out/index.js' } }, scripts: { build: 'tsc' } }, null, 4),
      'tsconfig.json': '{ "compilerOptions": { "declaration": true, "outDir": "./out/" } }',
      'src/index.ts': 'export const x = 1;\n',
    });
    expect(check.fixes).toEqual([{ file: 'package.json', description: 'add a "types" condition to exports["."] ("./out/index.d.ts")' }]);
    const pkg = JSON.parse(check.edits['package.json']);
    expect(pkg.exports['.']).toEqual({ default: './out/index.js', types: './out/index.d.ts' });
    expect(check.edits['package.json']).toContain('\n    "name": "half"');
  });

  it('creates tsconfig.json when a TypeScript library has none', () => {
    const check = library({ 'package.json': JSON.stringify({ name: 'bare', exports: './dist/index.js' }), 'src/index.ts': 'export const x = 1;\n' });
    expect(check.fixes.map((f) => `${f.file}: ${f.description}`)).toEqual([
      'package.json: add "main": "./dist/index.js" (where require() finds the code)',
      'package.json: add "types": "./dist/index.d.ts" (where TypeScript finds the declarations)',
      'package.json: add the "build" script (tsc -p tsconfig.json)',
      'tsconfig.json: create it with "declaration": true and "outDir": "dist"',
    ]);
    expect(JSON.parse(check.edits['tsconfig.json']).compilerOptions).toMatchObject({ declaration: true, outDir: 'dist' });
  });

  it('a JavaScript library gets exports but no declarations or tsconfig.json', () => {
    const check = library({ 'package.json': JSON.stringify({ name: 'js', main: 'index.js' }), 'index.js': 'module.exports = 1;\n' });
    expect(check.typescript).toBe(false);
    expect(check.fixes).toEqual([{ file: 'package.json', description: 'add "exports" for "." (code)' }]);
    expect(JSON.parse(check.edits['package.json']).exports).toEqual({ '.': { default: './index.js' } });
    expect(check.edits['tsconfig.json']).toBeUndefined();
  });
});
