/**
 * Libraries are published to npm, not built into images. What topograph does for them: check that
 * package.json says where the compiled code and its type declarations are (`main`, `types`,
 * `exports`) and that tsconfig.json emits declarations, and compute the edits that would fix it.
 * Edits keep the files' own formatting (jsonc-parser) and are only applied when the user agrees.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, type FormattingOptions, modify, parse as parseJsonc } from 'jsonc-parser';
import { plural } from '../plural';
import type { Project } from './project';

/** One edit to a library's configuration. */
export interface LibraryFix {
  /** The file the edit changes. */
  readonly file: 'package.json' | 'tsconfig.json';
  /** One line: what changes and why. */
  readonly description: string;
}

/** What a library's package.json and tsconfig.json lack, and the edits that would fix them. */
export interface LibraryCheck {
  /** Per file: whether it is (or will be, after the fixes) configured. */
  readonly fixes: readonly LibraryFix[];
  /** New contents of the files the fixes touch. */
  readonly edits: Readonly<Record<string, string>>;
  /** Whether the library is TypeScript (declarations apply). */
  readonly typescript: boolean;
  /** The command that builds the library before publishing (`bun run build` or `npm run build`). */
  readonly buildCommand: string;
}

function formatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Checks a library's package.json and tsconfig.json and computes the fixing edits; writes nothing. */
export function checkLibrary(project: Project): LibraryCheck {
  const dir = project.dir;
  const pkgText = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
  const tsconfigFile = path.join(dir, 'tsconfig.json');
  const tsconfigText = fs.existsSync(tsconfigFile) ? fs.readFileSync(tsconfigFile, 'utf8') : undefined;
  const tsconfig = (tsconfigText !== undefined ? parseJsonc(tsconfigText) : undefined) as { compilerOptions?: Record<string, unknown> } | undefined;
  const hasTsSources = ['src/index.ts', 'index.ts'].some((f) => fs.existsSync(path.join(dir, f)));
  const typescript = tsconfigText !== undefined || hasTsSources;
  const outDir = String(tsconfig?.compilerOptions?.outDir ?? 'dist').replace(/^\.\//, '').replace(/\/$/, '');
  const stem = 'index';
  const js = typescript ? `./${outDir}/${stem}.js` : `./${(project.pkg.main ?? 'index.js').replace(/^\.\//, '')}`;
  const dts = `./${outDir}/${stem}.d.ts`;
  const pkg = project.pkg;
  const fixes: LibraryFix[] = [];
  const edits: Record<string, string> = {};

  let text = pkgText;
  const set = (at: Array<string>, value: unknown, description: string) => {
    text = applyEdits(text, modify(text, at, value, { formattingOptions: formatting(text) }));
    fixes.push({ file: 'package.json', description });
  };
  if (!pkg.main) set(['main'], js, `add "main": "${js}" (where require() finds the code)`);
  if (typescript && !pkg.types && !pkg.typings) set(['types'], dts, `add "types": "${dts}" (where TypeScript finds the declarations)`);
  if (pkg.exports === undefined) {
    set(['exports'], { '.': typescript ? { types: dts, default: js } : { default: js } }, `add "exports" for "." (${typescript ? 'types and ' : ''}code)`);
  } else if (typescript && isRecord(pkg.exports) && isRecord(pkg.exports['.']) && !('types' in pkg.exports['.'])) {
    set(['exports', '.', 'types'], dts, `add a "types" condition to exports["."] ("${dts}")`);
  }
  if (typescript && !pkg.scripts?.build) set(['scripts', 'build'], 'tsc -p tsconfig.json', 'add the "build" script (tsc -p tsconfig.json)');
  if (text !== pkgText) edits['package.json'] = text;

  if (typescript) {
    if (tsconfigText === undefined) {
      edits['tsconfig.json'] = `${JSON.stringify(
        {
          compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', declaration: true, outDir, rootDir: 'src', strict: true, skipLibCheck: true },
          include: ['src'],
          exclude: ['**/*.test.ts', '**/*.spec.ts'],
        },
        null,
        2,
      )}\n`;
      fixes.push({ file: 'tsconfig.json', description: 'create it with "declaration": true and "outDir": "' + outDir + '"' });
    } else {
      let ts = tsconfigText;
      const tsSet = (at: string[], value: unknown, description: string) => {
        ts = applyEdits(ts, modify(ts, at, value, { formattingOptions: formatting(ts) }));
        fixes.push({ file: 'tsconfig.json', description });
      };
      if (tsconfig?.compilerOptions?.declaration !== true) tsSet(['compilerOptions', 'declaration'], true, 'set compilerOptions.declaration to true (emit .d.ts files)');
      if (tsconfig?.compilerOptions?.outDir === undefined) tsSet(['compilerOptions', 'outDir'], outDir, `set compilerOptions.outDir to "${outDir}"`);
      if (tsconfig?.compilerOptions?.noEmit === true) tsSet(['compilerOptions', 'noEmit'], false, 'set compilerOptions.noEmit to false (a library must emit)');
      if (ts !== tsconfigText) edits['tsconfig.json'] = ts;
    }
  }
  return { fixes, edits, typescript, buildCommand: project.runtime === 'bun' ? 'bun run build' : 'npm run build' };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The library report `topograph deploy` prints for a library (README, "Deploying one project from its specs"). `applied`: the fixes were written; `pending`: they were not. */
export function renderLibraryReport(check: LibraryCheck, state: 'configured' | 'applied' | 'pending'): string {
  const lines = ['Library Deployment', '==================', 'Libraries are typically published to npm, not Docker.', ''];
  const touched = (file: string) => check.fixes.some((f) => f.file === file);
  if (state === 'pending') {
    lines.push('Changes needed (not applied):');
    for (const fix of check.fixes) lines.push(`  ✗ ${fix.file}: ${fix.description}`);
    lines.push('', 'Re-run with --fix to apply them (your files are edited in place, their formatting kept).');
    return `${lines.join('\n')}\n`;
  }
  lines.push(state === 'applied' ? 'Generated:' : 'Checked (already configured):');
  lines.push(`  ✓ package.json (exports configured)${touched('package.json') ? ` — ${plural(check.fixes.filter((f) => f.file === 'package.json').length, 'change')}` : ''}`);
  if (check.typescript) lines.push(`  ✓ tsconfig.json (declarations enabled)${touched('tsconfig.json') ? ' — updated' : ''}`);
  lines.push('', 'To publish:', `  1. ${check.buildCommand}`, '  2. npm publish', '', 'Or for private packages:', '  1. npm publish --registry https://your-registry');
  return `${lines.join('\n')}\n`;
}
