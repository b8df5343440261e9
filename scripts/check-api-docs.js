#!/usr/bin/env node
/**
 * Fails (exit 1) when a public symbol of topograph lacks a doc comment: every export of the
 * package entry points (src/index.ts, src/testing.ts), every public or protected member of an
 * exported class, every member of an exported interface; and every optional field of a props or
 * options interface (`…Props`, `…Options`) must say what happens when it is left out (`@default`).
 * Members marked `@internal` are not public. Runs before TypeDoc in `npm run docs`.
 *
 * Usage: node scripts/check-api-docs.js [entry.ts …]   (defaults to the package entry points)
 */
'use strict';
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const entries = process.argv.slice(2).length ? process.argv.slice(2).map((f) => path.resolve(f)) : ['src/index.ts', 'src/testing.ts'].map((f) => path.join(ROOT, f));

const program = ts.createProgram(entries, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, resolveJsonModule: true, esModuleInterop: true, noEmit: true });
const checker = program.getTypeChecker();
const problems = [];
const seen = new Set();

function tags(node) {
  return ts.getJSDocTags(node).map((t) => t.tagName.text);
}
function hasDoc(node) {
  const own = ts.getJSDocCommentsAndTags(node).filter((d) => ts.isJSDoc(d));
  return own.some((d) => (typeof d.comment === 'string' ? d.comment.trim() : (d.comment ?? []).length) || (d.tags ?? []).length);
}
function isInternal(node) {
  return tags(node).includes('internal');
}
function where(node) {
  const sf = node.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
  return `${path.relative(ROOT, sf.fileName)}:${line + 1}`;
}
function nameOf(node) {
  return node.name && ts.isIdentifier(node.name) ? node.name.text : node.name ? node.name.getText() : '(anonymous)';
}
function report(node, label, what) {
  problems.push(`${where(node)}  ${label}: ${what}`);
}

function checkMembers(decl, owner, requireDefault) {
  for (const member of decl.members) {
    if (ts.isConstructorDeclaration(member) || ts.isIndexSignatureDeclaration(member) || ts.isClassStaticBlockDeclaration(member)) continue;
    const mods = ts.getCombinedModifierFlags(member);
    if (mods & ts.ModifierFlags.Private) continue;
    if (member.name && ts.isPrivateIdentifier(member.name)) continue;
    const name = nameOf(member);
    if (name.startsWith('_') || isInternal(member)) continue;
    const label = `${owner}.${name}`;
    if (!hasDoc(member)) report(member, label, 'no doc comment');
    else if (requireDefault && member.questionToken && !tags(member).includes('default')) report(member, label, 'optional field without @default (say what happens when it is left out)');
  }
}

function checkDeclaration(decl, exportName) {
  if (seen.has(decl)) return;
  seen.add(decl);
  if (decl.getSourceFile().isDeclarationFile) return; // re-exports of dependencies
  if (isInternal(decl)) return;
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  if (!hasDoc(node)) report(decl, exportName, 'no doc comment');
  if (ts.isClassDeclaration(decl)) checkMembers(decl, exportName, false);
  if (ts.isInterfaceDeclaration(decl)) checkMembers(decl, exportName, /(Props|Options)$/.test(exportName));
  if (ts.isEnumDeclaration(decl)) for (const m of decl.members) if (!hasDoc(m)) report(m, `${exportName}.${nameOf(m)}`, 'no doc comment');
}

for (const entry of entries) {
  const sf = program.getSourceFile(entry);
  if (!sf) {
    console.error(`check-api-docs: cannot read ${entry}`);
    process.exit(2);
  }
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const decl of symbol.declarations ?? []) checkDeclaration(decl, exported.name);
  }
}

if (problems.length) {
  console.error(`${problems.length} public API doc comment${problems.length === 1 ? ' is' : 's are'} missing:\n${problems.map((p) => `  ${p}`).join('\n')}\nAction: add a /** … */ comment (and @default for optional props fields) to each, then re-run npm run docs.`);
  process.exit(1);
}
console.log(`API docs: every public symbol of ${entries.map((e) => path.relative(ROOT, e)).join(', ')} is documented.`);
