/**
 * Imports run one way (docs/architecture.md): the engine in src/ never reaches up into the
 * constructs or the CLI, the graph layer knows nothing of lint, folders import each other without
 * a cycle, and `import 'topograph'` loads neither the CLI nor cdk8s-plus.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** Files that wire the engine to the constructs: the only src/ files that may import constructs/. */
const ENTRY_POINTS = ['src/index.ts', 'src/app.ts', 'src/cdk8s-main.ts', 'src/testing.ts'];

/**
 * Clients of the library, which compose constructs as a user would: the CLI, and `topograph
 * deploy`'s one-project door (it builds a one-service Topology). The engine never imports them.
 */
const CLIENTS = ['src/cli/', 'src/project/'];
const isClient = (file: string) => CLIENTS.some((folder) => file.startsWith(folder));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every relative module a file names: import/export … from, import(), import type, require(). */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((s) => s.startsWith('.'));
}

function resolve(from: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}/index.ts`].find((candidate) => fs.existsSync(path.join(ROOT, candidate)));
}

/** `from -> to` for every import between files of src/ and constructs/. */
const IMPORTS: Array<[string, string]> = [...sourceFiles('src'), ...sourceFiles('constructs')].flatMap((file) =>
  specifiers(file).flatMap((specifier) => {
    const target = resolve(file, specifier);
    return target ? [[file, target] as [string, string]] : [];
  }),
);

/** The unit of layering: a folder (src/graph, src/cli, constructs, …); each file directly in src/ is a unit of its own. */
function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'constructs') return 'constructs';
  return parts.length === 2 ? file : `${parts[0]}/${parts[1]}`;
}

describe('import direction', () => {
  it('src/ reaches constructs/ only from the entry points that wire them', () => {
    const wrong = IMPORTS.filter(([from, to]) => from.startsWith('src/') && !isClient(from) && !ENTRY_POINTS.includes(from) && to.startsWith('constructs/'));
    expect(wrong.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });

  it('nothing outside the CLI imports the CLI: the CLI is a client of the library', () => {
    const wrong = IMPORTS.filter(([from, to]) => to.startsWith('src/cli/') && !from.startsWith('src/cli/'));
    expect(wrong.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });

  it("the engine does not import deploy's project door: only the entry points and the CLI do", () => {
    const wrong = IMPORTS.filter(([from, to]) => to.startsWith('src/project/') && !from.startsWith('src/project/') && !from.startsWith('src/cli/') && !ENTRY_POINTS.includes(from));
    expect(wrong.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });

  it('the graph layer does not depend on lint', () => {
    const wrong = IMPORTS.filter(([from, to]) => from.startsWith('src/graph/') && to.startsWith('src/lint/'));
    expect(wrong.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });

  it('folders import each other without a cycle', () => {
    const edges = new Map<string, Map<string, string>>();
    for (const [from, to] of IMPORTS) {
      const [a, b] = [unitOf(from), unitOf(to)];
      if (a === b) continue;
      if (!edges.has(a)) edges.set(a, new Map());
      if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, `${from} -> ${to}`);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (unit: string): void => {
      state.set(unit, 'open');
      stack.push(unit);
      for (const [next, via] of [...(edges.get(unit) ?? new Map<string, string>())].sort()) {
        if (state.get(next) === 'open') cycles.push(`${[...stack.slice(stack.indexOf(next)), next].join(' → ')} (closed by ${via})`);
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(unit, 'done');
    };
    for (const unit of [...edges.keys()].sort()) if (!state.has(unit)) visit(unit);
    expect(cycles).toEqual([]);
  });
});

describe("import 'topograph'", () => {
  it('loads neither the CLI nor cdk8s-plus', () => {
    const script = `require(${JSON.stringify(path.join(ROOT, 'lib/src/index.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
    const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    const cli = `${path.sep}lib${path.sep}src${path.sep}cli${path.sep}`;
    expect(loaded.filter((file) => file.includes(cli))).toEqual([]);
    expect(loaded.filter((file) => file.includes(`${path.sep}cdk8s-plus-27${path.sep}`))).toEqual([]);
    expect(loaded.some((file) => file.endsWith(`${path.sep}lib${path.sep}src${path.sep}index.js`))).toBe(true);
  });

  it('loads cdk8s-plus only when Kubernetes manifests are rendered', () => {
    const graph = path.join(ROOT, 'examples/shop/topology-graph.json');
    const script = (targets: string[]) => `
      const t = require(${JSON.stringify(path.join(ROOT, 'lib/src/index.js'))});
      const loaded = t.loadGraphFile(${JSON.stringify(graph)});
      const app = new t.TopographApp();
      t.Topology.fromGraph(app, loaded.graph.name, loaded.graph, { baseDir: loaded.baseDir, file: ${JSON.stringify(graph)} });
      const files = t.synthFiles(app, { outdir: 'dist', targets: ${JSON.stringify(targets)} });
      process.stdout.write(JSON.stringify({ files: Object.keys(files).length, kplus: Object.keys(require.cache).some((f) => f.includes('cdk8s-plus-27')) }));`;
    const run = (targets: string[]) => JSON.parse(execFileSync(process.execPath, ['-e', script(targets)], { encoding: 'utf8' }));
    expect(run(['docker', 'compose'])).toEqual({ files: expect.any(Number), kplus: false });
    expect(run(['k8s'])).toEqual({ files: expect.any(Number), kplus: true });
  });
});
