/**
 * What `topograph deploy` knows about a project directory: its package.json, package manager,
 * entry point, health endpoint and archetype (with the reason it was chosen). Reading only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../graph/problems';
import { UNSAFE_OR_TAB } from '../escape/text';
import { RELEASE_VERSION, SOURCE_FILE } from '../graph/grammar';
import { showValue } from '../graph/problems';
import { DNS_LABEL } from '../graph/schema';
import type { AssertionsFile, ProjectArchetype } from '../specs/schema';
import { byName } from '../sort';

export interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly bin?: string | Record<string, string>;
  readonly main?: string;
  readonly module?: string;
  readonly types?: string;
  readonly typings?: string;
  readonly exports?: unknown;
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly packageManager?: string;
  readonly engines?: Record<string, string>;
}

/** A project directory as `topograph deploy` sees it. */
export interface Project {
  /** The project directory. */
  readonly dir: string;
  /** Its parsed package.json. */
  readonly pkg: PackageJson;
  /** DNS-label name used for the image, compose service and binary. */
  readonly name: string;
  /** package.json's version, else `0.1.0`. */
  readonly version: string;
  /** One line: the specs' description, else package.json's. */
  readonly description?: string;
  /** bun when the project uses bun (lockfile, packageManager, engines), else node/npm. */
  readonly runtime: 'bun' | 'node';
  /** Lockfiles present, as the Dockerfile copies them. */
  readonly lockfiles: readonly string[];
  /** Which local-only directories the project has (`.github`, `.vscode`, `test`, …): `.dockerignore` keeps them out of the image. */
  readonly localDirectories: readonly string[];
}

/** Directories that only matter on the developer's machine (tooling, tests), listed in `.dockerignore` when present. */
export const LOCAL_DIRECTORIES = ['.github', '.claude', '.vscode', '.idea', 'tests', 'test', '__tests__'] as const;

/** HTTP server packages: a dependency on one of these makes a web service. */
export const HTTP_SERVER_PACKAGES = ['express', 'fastify', 'koa', 'hono', 'elysia', '@hapi/hapi', '@nestjs/core', 'restify', 'polka', 'h3', 'itty-router'];
const SERVER_CALLS = /\bBun\.serve\s*\(|\bcreateServer\s*\(|\bDeno\.serve\s*\(|\.listen\s*\(/;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.mts', '.cts'];

/** Reads package.json; undefined when there is none. Throws a Problem list when it is not valid JSON. */
export function readPackageJson(dir: string): PackageJson | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as PackageJson;
  } catch (error) {
    throw new ProjectError([
      {
        message: `${path.join(dir, 'package.json')} is not a valid package.json`,
        value: (error as Error).message.split('\n')[0],
        expected: 'a JSON object',
        action: 'Fix the syntax of package.json (npm pkg fix can help)',
      },
    ]);
  }
}

/** A project that cannot be deployed as it is. */
export class ProjectError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'ProjectError';
  }
}

/** The project name as a DNS label: scope dropped, lower-cased, invalid characters as "-". */
export function projectName(pkg: PackageJson, specs: AssertionsFile | undefined, dir: string): string {
  const raw = specs?.project ?? pkg.name ?? path.basename(dir);
  const slug = raw
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  if (!DNS_LABEL.test(slug)) {
    throw new ProjectError([
      {
        message: 'Cannot derive an image name from the project name',
        value: JSON.stringify(raw),
        expected: 'a name with at least one letter (it becomes a lower-case DNS label)',
        action: 'Set "name" in package.json or "project" in specs/assertions.json',
      },
    ]);
  }
  return slug;
}

/** bun when the project uses bun (a bun lockfile, bunfig.toml, packageManager, engines or a bun test script), else node. */
export function detectRuntime(dir: string, pkg: PackageJson): 'bun' | 'node' {
  const exists = (rel: string) => fs.existsSync(path.join(dir, rel));
  const usesBun =
    exists('bun.lock') ||
    exists('bun.lockb') ||
    exists('bunfig.toml') ||
    (pkg.packageManager ?? '').startsWith('bun') ||
    Boolean(pkg.engines?.bun) ||
    /^bun\b/.test(pkg.scripts?.test ?? '');
  return usesBun ? 'bun' : 'node';
}

/** Reads the project in `dir`: name, version, description, runtime and lockfiles. Throws a ProjectError when no valid name can be derived. */
export function readProject(dir: string, pkg: PackageJson, specs: AssertionsFile | undefined): Project {
  const exists = (rel: string) => fs.existsSync(path.join(dir, rel));
  const lockfiles = ['bun.lock', 'bun.lockb', 'package-lock.json'].filter(exists);
  const runtime = detectRuntime(dir, pkg);
  const version = typeof pkg.version === 'string' ? pkg.version : '0.1.0';
  // The version becomes the image tag (without "+build") and a label: only the release grammar.
  if (!RELEASE_VERSION.test(version.replace(/\+[0-9A-Za-z.-]*$/, ''))) {
    throw new ProjectError([
      {
        message: 'The package.json version cannot be used as an image tag',
        value: showValue(version),
        expected: 'a version such as "1.2.0" or "2.0.0-rc.1" (letters, digits, ".", "_", "-"; at most 128 characters)',
        action: 'Fix "version" in package.json',
      },
    ]);
  }
  return {
    dir,
    pkg,
    name: projectName(pkg, specs, dir),
    version,
    description: specs?.description ?? oneLine(pkg.description),
    runtime,
    lockfiles: runtime === 'bun' ? lockfiles.filter((l) => l.startsWith('bun')) : lockfiles.filter((l) => l === 'package-lock.json'),
    localDirectories: LOCAL_DIRECTORIES.filter(exists),
  };
}

/**
 * package.json's description as one line of free text: every control character and line break
 * becomes a space (so it can reach a label or a comment inertly), cut to 1000 characters.
 */
function oneLine(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const line = Array.from(text.replace(new RegExp(UNSAFE_OR_TAB.source, 'g'), ' ').replace(/ {2,}/g, ' ').trim()).slice(0, 1000).join('').trim();
  return line || undefined;
}

/** The first of `candidates` that exists, as a POSIX path relative to the project. */
function firstExisting(dir: string, candidates: ReadonlyArray<string | undefined>): string | undefined {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const rel = path.posix.normalize(candidate.replace(/^\.\//, ''));
    if (rel.startsWith('..')) continue;
    const file = path.join(dir, rel);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    // The entry reaches the Dockerfile (a shell RUN among others): only a name of the entry grammar.
    if (!SOURCE_FILE.test(rel)) {
      throw new ProjectError([
        {
          message: 'The entry point has a file name topograph cannot write into a Dockerfile',
          value: JSON.stringify(rel),
          expected: 'a path of letters, digits, ".", "_", "-", "@", "+" and "~" (see docs/topology-graph.md#grammar)',
          action: 'Rename the file, or point "main" (or "bin") in package.json at one with such a name',
        },
      ]);
    }
    return rel;
  }
  return undefined;
}

function binTargets(pkg: PackageJson): string[] {
  if (typeof pkg.bin === 'string') return [pkg.bin];
  return Object.values(pkg.bin ?? {});
}

/** The source file the program starts from. */
export function entryOf(project: Project, archetype: ProjectArchetype): string {
  const { pkg, dir } = project;
  const startScript = /(?:node|bun|tsx|ts-node)\s+(?:run\s+)?(\S+\.[cm]?[jt]sx?)/.exec(pkg.scripts?.start ?? '')?.[1];
  const candidates = [
    ...(archetype === 'cli-tool' ? [...binTargets(pkg), 'src/cli.ts', 'src/cli.js'] : []),
    startScript,
    pkg.module,
    pkg.main,
    'src/index.ts',
    'src/index.js',
    'src/main.ts',
    'src/main.js',
    'index.ts',
    'index.js',
  ];
  const found = firstExisting(dir, candidates);
  if (found) return found;
  // Each file tried once, as written relative to the project ("main" and "start" often name the same one).
  const tried = [...new Set(candidates.filter((c): c is string => Boolean(c)).map((c) => path.posix.normalize(c.replace(/^\.\//, ''))))];
  throw new ProjectError([
    {
      message: `Cannot find the entry point of ${project.name}`,
      value: tried.join(', '),
      expected: 'one of these files in the project',
      action: 'Create src/index.ts, or point "main" (or "bin" for a CLI) in package.json at your entry file',
    },
  ]);
}

/** Every source file under src/ (or the project root when there is no src/), skipping node_modules. */
export function sourceFiles(dir: string): string[] {
  const root = fs.existsSync(path.join(dir, 'src')) ? path.join(dir, 'src') : dir;
  const out: string[] = [];
  const walk = (current: string, depth: number) => {
    if (depth > 6) return;
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort(byName)) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(entry.name)) out.push(full);
    }
  };
  walk(root, 0);
  return out;
}

/** A route for `healthPath` in the project's own sources (not in a file topograph generated). */
export function findHealthEndpoint(dir: string, healthPath: string): string | undefined {
  const literal = new RegExp(`["'\`]${healthPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["'\`]`);
  for (const file of sourceFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('@generated by topograph')) continue;
    if (literal.test(text)) return path.relative(dir, file).split(path.sep).join('/');
  }
  return undefined;
}

/** The archetype a project deploys as, and why it was chosen. */
export interface ArchetypeDecision {
  /** How the project is deployed. */
  readonly archetype: ProjectArchetype;
  /** Why, one line. */
  readonly reason: string;
}

/** The archetype from the assertions file, else detected from package.json and the sources. */
export function decideArchetype(project: Project, specs: AssertionsFile | undefined): ArchetypeDecision {
  if (specs?.archetype) return { archetype: specs.archetype, reason: 'set in specs/assertions.json' };
  const { pkg } = project;
  if (binTargets(pkg).length > 0) return { archetype: 'cli-tool', reason: 'package.json has a "bin" entry' };
  const deps = { ...(pkg.dependencies ?? {}) };
  const server = HTTP_SERVER_PACKAGES.find((name) => name in deps);
  if (server) return { archetype: 'web-service', reason: `package.json depends on the HTTP server package "${server}"` };
  const categories = new Set(specs?.assertions.map((a) => a.category) ?? []);
  if (categories.has('http')) return { archetype: 'web-service', reason: 'specs/assertions.json has http assertions' };
  for (const file of sourceFiles(project.dir)) {
    const match = SERVER_CALLS.exec(fs.readFileSync(file, 'utf8'));
    if (match) {
      return {
        archetype: 'web-service',
        reason: `${path.relative(project.dir, file).split(path.sep).join('/')} starts an HTTP server (${match[0].replace(/\s*\($/, '(')})`,
      };
    }
  }
  if (categories.has('pipeline')) return { archetype: 'data-pipeline', reason: 'specs/assertions.json has pipeline assertions' };
  if (pkg.exports !== undefined || pkg.types !== undefined || pkg.typings !== undefined || pkg.main !== undefined || pkg.module !== undefined) {
    return { archetype: 'library', reason: 'package.json has exports/main/types and no bin or HTTP server' };
  }
  throw new ProjectError([
    {
      message: `Cannot tell how to deploy ${project.name}`,
      value: 'no "bin", no HTTP server dependency, no exports/main in package.json',
      expected: 'a project topograph can classify, or an explicit archetype',
      action: 'Add "archetype": "web-service" | "cli-tool" | "data-pipeline" | "library" to specs/assertions.json',
    },
  ]);
}
