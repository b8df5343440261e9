/**
 * The health module `topograph deploy` writes into a web service that has no health endpoint, in
 * the project's own language and module system (TypeScript, JavaScript ES modules or CommonJS),
 * next to its entry file. It has no dependencies and serves two paths (docs/specs.md):
 *
 * - liveness (`/livez`): 200 while the process serves HTTP, checking nothing else — the Dockerfile's
 *   HEALTHCHECK and compose probe it, so a database or an external API being down never makes the
 *   container unhealthy;
 * - readiness (the specs' `healthPath`, `/health` by default): checks what the assertions name —
 *   the database (a PostgreSQL protocol handshake, or a TCP connection for other schemes),
 *   external APIs (an HTTP request) and queues (a TCP connection), each from the URL in its
 *   environment variable and each with a timeout — 503 when one fails.
 *
 * It exports a node-style handler (node:http, Express, Koa, Fastify) and a fetch-style one (Bun.serve,
 * Hono, Elysia); `mountInstructions` is the one line that wires it into the detected framework.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertPrintable, jsString } from '../escape';
import { GENERATED_MARKER } from '../render/marker';
import type { Assertion } from '../specs/schema';
import type { Project } from './project';
import { compareStrings } from '../sort';

/** The liveness path of the generated module (the readiness path is the specs' `healthPath`). */
export const LIVENESS_PATH = '/livez';

export type HealthKind = 'database' | 'externalApi' | 'queue';

/** One thing the generated readiness check checks, with the assertions that asked for it. */
export interface HealthTarget {
  /** Key in the report's `checks`. */
  readonly key: string;
  /** What is checked: a database, an external API or a queue. */
  readonly kind: HealthKind;
  /** Variable holding the connection URL. */
  readonly env: string;
  /** Assertion ids that asked for it. */
  readonly assertions: readonly string[];
}

/** How the project's server is written, which decides the line that mounts the module. */
export type HealthFramework = 'express' | 'koa' | 'fastify' | 'hono' | 'elysia' | 'fetch' | 'node-http';

/** Where and how the module is written, and how the entry imports it. */
export interface HealthModuleShape {
  /** The module, relative to the project: next to the entry (TypeScript sources for a compiled project). */
  readonly file: string;
  /** TypeScript, or JavaScript. */
  readonly language: 'typescript' | 'javascript';
  /** The module system of the generated JavaScript (TypeScript is written with ES module syntax). */
  readonly module: 'esm' | 'commonjs';
  /** The specifier the entry imports it by, e.g. `./health.js`. */
  readonly specifier: string;
  /** The entry file the import and mount lines go into. */
  readonly entry: string;
  /** The server framework detected. */
  readonly framework: HealthFramework;
  /** The liveness path (shallow; what the container's health check probes). */
  readonly livenessPath: string;
  /** The readiness path (deep: the specs' `healthPath`). */
  readonly readinessPath: string;
}

const DEFAULT_ENV: Record<HealthKind, string> = { database: 'DATABASE_URL', externalApi: 'EXTERNAL_API_URL', queue: 'QUEUE_URL' };

/** What the readiness check checks, from the assertions' categories, sorted by key. */
export function healthTargets(assertions: readonly Assertion[]): HealthTarget[] {
  const groups = new Map<string, { kind: HealthKind; env: string; ids: string[] }>();
  for (const a of assertions) {
    const kind: HealthKind | undefined =
      a.category === 'database' || a.category === 'persistence' ? 'database' : a.category === 'external-api' ? 'externalApi' : a.category === 'queue' ? 'queue' : undefined;
    if (!kind) continue;
    const env = a.env ?? DEFAULT_ENV[kind];
    const id = `${kind}:${env}`;
    const group = groups.get(id) ?? { kind, env, ids: [] };
    group.ids.push(a.id);
    groups.set(id, group);
  }
  const all = [...groups.values()];
  return all
    .map((g) => ({
      key: all.filter((o) => o.kind === g.kind).length > 1 ? `${g.kind}_${g.env}` : g.kind,
      kind: g.kind,
      env: g.env,
      assertions: [...g.ids].sort(),
    }))
    .sort((a, b) => compareStrings(a.key, b.key));
}

const TYPESCRIPT = /\.[cm]?tsx?$/;

/** Frameworks by the package that brings them, in the order they are looked for. */
const FRAMEWORK_PACKAGES: ReadonlyArray<readonly [string, HealthFramework]> = [
  ['express', 'express'],
  ['@nestjs/core', 'express'],
  ['polka', 'express'],
  ['restify', 'express'],
  ['koa', 'koa'],
  ['fastify', 'fastify'],
  ['hono', 'hono'],
  ['elysia', 'elysia'],
  ['itty-router', 'fetch'],
];

/** The server framework: from the dependencies, else from the entry (Bun.serve/Deno.serve → fetch), else node:http. */
export function detectFramework(project: Project, entry: string): HealthFramework {
  const deps = { ...(project.pkg.dependencies ?? {}) };
  const byPackage = FRAMEWORK_PACKAGES.find(([name]) => name in deps);
  if (byPackage) return byPackage[1];
  let source = '';
  try {
    source = fs.readFileSync(path.join(project.dir, entry), 'utf8');
  } catch {
    source = '';
  }
  if (/\b(Bun|Deno)\.serve\s*\(/.test(source)) return 'fetch';
  if (/\bcreateServer\s*\(/.test(source)) return 'node-http';
  return project.runtime === 'bun' ? 'fetch' : 'node-http';
}

/** tsconfig.json's compilerOptions (a JSON-with-comments file: comments are dropped first), or undefined. */
function tsconfigOptions(dir: string): { outDir?: string; rootDir?: string; module?: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const json = JSON.parse(text.replace(/\/\*[\s\S]*?\*\/|(^|[^:"'])\/\/.*$/gm, '$1').replace(/,(\s*[}\]])/g, '$1')) as { compilerOptions?: Record<string, string> };
    return json.compilerOptions ?? {};
  } catch {
    return {};
  }
}

/**
 * Where the module goes and in which language and module system: TypeScript when the entry is
 * TypeScript (or is the build output of a tsconfig project, then next to its sources); otherwise
 * JavaScript, ES module for `.mjs` or a `"type": "module"` package, CommonJS for `.cjs` or else.
 */
export function healthModuleShape(project: Project, entry: string, readinessPath: string): HealthModuleShape {
  const esmPackage = (project.pkg as { type?: string }).type === 'module';
  const tsconfig = tsconfigOptions(project.dir);
  let sourceEntry = entry;
  if (!TYPESCRIPT.test(entry) && tsconfig) {
    // A compiled project whose entry is its build output: the module belongs with the sources.
    const outDir = (tsconfig.outDir ?? 'dist').replace(/^\.\//, '').replace(/\/$/, '');
    if (entry.startsWith(`${outDir}/`)) {
      const rootDir = (tsconfig.rootDir ?? (fs.existsSync(path.join(project.dir, 'src')) ? 'src' : '.')).replace(/^\.\//, '').replace(/\/$/, '');
      const base = entry.slice(outDir.length + 1).replace(/\.([cm]?)js$/, '.$1ts');
      sourceEntry = rootDir === '.' || rootDir === '' ? base : `${rootDir}/${base}`;
    }
  }
  const dir = path.posix.dirname(sourceEntry);
  const at = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  const livenessPath = readinessPath === LIVENESS_PATH ? '/healthz' : LIVENESS_PATH;
  const common = { entry: sourceEntry, framework: detectFramework(project, entry), livenessPath, readinessPath };
  const ext = path.posix.extname(sourceEntry);
  if (TYPESCRIPT.test(sourceEntry)) {
    const nodeNext = /^node(16|next)$/i.test(tsconfig?.module ?? '');
    if (ext === '.mts') return { ...common, file: at('health.mts'), language: 'typescript', module: 'esm', specifier: './health.mjs' };
    if (ext === '.cts') return { ...common, file: at('health.cts'), language: 'typescript', module: 'commonjs', specifier: './health.cjs' };
    // Node's ES modules (and TypeScript's nodenext) need the extension; bun and bundlers accept it too.
    const specifier = esmPackage || nodeNext ? './health.js' : './health';
    return { ...common, file: at('health.ts'), language: 'typescript', module: esmPackage ? 'esm' : 'commonjs', specifier };
  }
  if (ext === '.mjs') return { ...common, file: at('health.mjs'), language: 'javascript', module: 'esm', specifier: './health.mjs' };
  if (ext === '.cjs') return { ...common, file: at('health.cjs'), language: 'javascript', module: 'commonjs', specifier: './health.cjs' };
  return esmPackage
    ? { ...common, file: at('health.js'), language: 'javascript', module: 'esm', specifier: './health.js' }
    : { ...common, file: at('health.js'), language: 'javascript', module: 'commonjs', specifier: './health' };
}

/** The two lines the user adds to the entry: the import, and the one line that mounts the module. */
export interface MountInstructions {
  /** The import (or require) line. */
  readonly importLine: string;
  /** The line that mounts it. */
  readonly mountLine: string;
  /** Where the mount line goes, one phrase. */
  readonly where: string;
}

/** How to mount the module in the detected framework, in the module system of the entry. */
export function mountInstructions(shape: HealthModuleShape): MountInstructions {
  const names = shape.framework === 'fetch' || shape.framework === 'hono' || shape.framework === 'elysia' ? 'healthResponse' : 'health';
  const importLine = shape.module === 'esm' || shape.language === 'typescript' ? `import { ${names} } from '${shape.specifier}';` : `const { ${names} } = require('${shape.specifier}');`;
  switch (shape.framework) {
    case 'express':
      return { importLine, mountLine: 'app.use(health);', where: 'before your routes (Express, Nest, polka and restify take it as middleware)' };
    case 'koa':
      return { importLine, mountLine: 'app.use((ctx, next) => (health(ctx.req, ctx.res) ? (ctx.respond = false) : next()));', where: 'before your routes' };
    case 'fastify':
      return { importLine, mountLine: "fastify.addHook('onRequest', (request, reply, done) => (health(request.raw, reply.raw) ? reply.hijack() : done()));", where: 'before fastify.listen' };
    case 'hono':
      return { importLine, mountLine: 'app.use(async (c, next) => (await healthResponse(c.req.raw)) ?? next());', where: 'before your routes' };
    case 'elysia':
      return { importLine, mountLine: 'app.onRequest(({ request }) => healthResponse(request));', where: 'before app.listen' };
    case 'fetch':
      return { importLine, mountLine: 'const health = await healthResponse(request); if (health) return health;', where: 'first in your fetch handler (Bun.serve, Deno.serve)' };
    case 'node-http':
      return { importLine, mountLine: 'if (health(req, res)) return;', where: 'first in your request handler (http.createServer)' };
  }
}

/** The source of the health module for `shape`, checking each target. */
export function renderHealthModule(targets: readonly HealthTarget[], shape: HealthModuleShape): string {
  const ts = shape.language === 'typescript';
  const esm = ts || shape.module === 'esm';
  /** A TypeScript annotation, dropped in JavaScript. */
  const t = (annotation: string) => (ts ? annotation : '');
  const exported = (declaration: string) => (esm ? `export ${declaration}` : declaration);
  const used = new Set(targets.map((x) => x.kind));
  const mount = mountInstructions(shape);
  // Values reach the source as string literals (jsString) or in comments that cannot end the line.
  for (const text of [shape.file, shape.entry, shape.livenessPath, shape.readinessPath, ...targets.flatMap((x) => [x.env, ...x.assertions])]) assertPrintable(text, 'a JavaScript comment');
  const calls = targets.map((x) => `    run(${jsString(x.key)}, () => ${checkFunction(x.kind)}(${jsString(x.env)})),`);
  const exportsList = ['LIVENESS_PATH', 'READINESS_PATH', 'liveness', 'readiness', 'healthCheck', 'healthResponse', 'health'];
  const lines = [
    `// ${shape.file}`,
    `// ${GENERATED_MARKER} for deployment — do not edit (delete this line to take the file over)`,
    '//',
    `// GET ${shape.livenessPath} (liveness): 200 while the process serves HTTP; it checks nothing else, so a database or an`,
    "//   external API being down never makes the container unhealthy. The Dockerfile's HEALTHCHECK probes it.",
    `// GET ${shape.readinessPath} (readiness): 200 when every dependency below answers, else 503 — for a load balancer`,
    '//   or a Kubernetes readinessProbe.',
    targets.length
      ? `// Readiness checks, from specs/assertions.json: ${targets.map((x) => `${x.key} (${x.env}; ${x.assertions.join(', ')})`).join('; ')}.`
      : '// Readiness checks: none (specs/assertions.json names no database, external API or queue).',
    ...(targets.length ? ['// Each check has its own timeout: HEALTH_TIMEOUT_MS, default 2000.'] : []),
    '//',
    `// Mount it in ${shape.entry}, ${mount.where}:`,
    `//   ${mount.importLine}`,
    `//   ${mount.mountLine}`,
    '',
    ...(used.has('database') || used.has('queue') ? [esm ? "import { connect } from 'node:net';" : "const { connect } = require('node:net');", ''] : []),
    ...(targets.length ? ['const TIMEOUT_MS = Number(process.env.HEALTH_TIMEOUT_MS ?? 2000) || 2000;'] : []),
    exported(`const LIVENESS_PATH = ${jsString(shape.livenessPath)};`),
    exported(`const READINESS_PATH = ${jsString(shape.readinessPath)};`),
    '',
    ...(ts
      ? [
          'export interface HealthReport {',
          "  status: 'ok' | 'error';",
          '  timestamp: string;',
          '  checks: Record<string, boolean>;',
          '  /** Why each failed check failed. */',
          '  errors: Record<string, string>;',
          '}',
          '',
          '/** What the node-style handler needs of a request and a response (node:http, Express, Koa, Fastify give these). */',
          'interface NodeRequest {',
          '  url?: string;',
          '}',
          'interface NodeResponse {',
          '  statusCode: number;',
          '  setHeader(name: string, value: string): unknown;',
          '  end(body: string): unknown;',
          '}',
          '',
        ]
      : ['/** @typedef {{ status: "ok" | "error", timestamp: string, checks: Record<string, boolean>, errors: Record<string, string> }} HealthReport */', '']),
    ...(targets.length ? helpers(used, t) : []),
    '/** Liveness: the process is up and serving. It never checks a dependency. */',
    exported(`function liveness()${t(': HealthReport')} {`),
    "  return { status: 'ok', timestamp: new Date().toISOString(), checks: {}, errors: {} };",
    '}',
    '',
    '/** Readiness: every check (in parallel, each bounded by TIMEOUT_MS); status is "ok" only when all pass. */',
    exported(`async function readiness()${t(': Promise<HealthReport>')} {`),
    `  const checks${t(': Record<string, boolean>')} = {};`,
    `  const errors${t(': Record<string, string>')} = {};`,
    ...(targets.length
      ? [
          `  const run = async (name${t(': string')}, check${t(': () => Promise<void>')})${t(': Promise<void>')} => {`,
          '    try {',
          '      await check();',
          '      checks[name] = true;',
          '    } catch (error) {',
          '      checks[name] = false;',
          '      errors[name] = error instanceof Error ? error.message : String(error);',
          '    }',
          '  };',
          '  await Promise.all([',
          ...calls,
          '  ]);',
        ]
      : []),
    '  const ok = Object.values(checks).every(Boolean);',
    "  return { status: ok ? 'ok' : 'error', timestamp: new Date().toISOString(), checks, errors };",
    '}',
    '',
    '/** The readiness report (the name earlier versions of this file used). */',
    exported('const healthCheck = readiness;'),
    '',
    `function reportFor(path${t(': string')})${t(': HealthReport | Promise<HealthReport> | undefined')} {`,
    '  if (path === LIVENESS_PATH) return liveness();',
    '  if (path === READINESS_PATH) return readiness();',
    '  return undefined;',
    '}',
    '',
    '/**',
    ' * Fetch-style servers (Bun.serve, Deno.serve, Hono, Elysia): the answer for a health path (200, or 503',
    ' * when not ready), undefined for any other path. Without a request: the readiness answer.',
    ' */',
    exported(`async function healthResponse(request${t('?: Request')})${t(': Promise<Response | undefined>')} {`),
    '  const report = await (request ? reportFor(new URL(request.url).pathname) : readiness());',
    '  if (!report) return undefined;',
    "  return new Response(JSON.stringify(report), { status: report.status === 'ok' ? 200 : 503, headers: { 'content-type': 'application/json' } });",
    '}',
    '',
    '/**',
    ' * Node-style servers (node:http, Express, Koa, Fastify): answers a health path and returns true; for any',
    ' * other request returns false (and calls `next`, as Express middleware does).',
    ' */',
    exported(`function health(request${t(': NodeRequest')}, response${t(': NodeResponse')}, next${t('?: () => void')})${t(': boolean')} {`),
    "  const pending = reportFor((request.url ?? '/').split('?')[0]);",
    '  if (!pending) {',
    '    if (next) next();',
    '    return false;',
    '  }',
    `  void Promise.resolve(pending).then((report) => {`,
    "    response.statusCode = report.status === 'ok' ? 200 : 503;",
    "    response.setHeader('content-type', 'application/json');",
    '    response.end(JSON.stringify(report));',
    '  });',
    '  return true;',
    '}',
    ...(esm ? [] : ['', `module.exports = { ${exportsList.join(', ')} };`]),
    '',
  ];
  return lines.join('\n');
}

function checkFunction(kind: HealthKind): string {
  return kind === 'database' ? 'checkDatabase' : kind === 'externalApi' ? 'checkExternalApi' : 'checkQueue';
}

function helpers(used: ReadonlySet<HealthKind>, t: (annotation: string) => string): string[] {
  const out = [
    '/** The URL in `name`, or an error naming the missing variable. */',
    `function urlFrom(name${t(': string')})${t(': URL')} {`,
    '  const value = process.env[name];',
    '  if (!value) throw new Error(`${name} is not set`);',
    '  try {',
    '    return new URL(value);',
    '  } catch {',
    '    throw new Error(`${name} is not a valid URL`);',
    '  }',
    '}',
    '',
  ];
  if (used.has('database') || used.has('queue')) {
    out.push(
      `const DEFAULT_PORTS${t(': Record<string, number>')} = { postgres: 5432, postgresql: 5432, mysql: 3306, redis: 6379, rediss: 6380, nats: 4222, amqp: 5672, amqps: 5671, kafka: 9092 };`,
      '',
      '/**',
      ' * Connects to the host and port of `url` within TIMEOUT_MS. With `probe`, sends it and waits for',
      ' * the first bytes of the answer, which `accept` must like.',
      ' */',
      `function checkTcp(url${t(': URL')}, probe${t('?: Uint8Array')}, accept${t('?: (answer: Uint8Array) => boolean')})${t(': Promise<void>')} {`,
      "  const scheme = url.protocol.replace(/:$/, '');",
      '  const port = Number(url.port) || DEFAULT_PORTS[scheme];',
      '  if (!port) return Promise.reject(new Error(`no port in ${scheme}://${url.hostname}`));',
      `  return new Promise${t('<void>')}((resolve, reject) => {`,
      '    const socket = connect({ host: url.hostname, port });',
      `    const finish = (error${t('?: Error')}) => {`,
      '      socket.destroy();',
      '      if (error) reject(error);',
      '      else resolve();',
      '    };',
      '    socket.setTimeout(TIMEOUT_MS, () => finish(new Error(`${url.hostname}:${port} did not answer within ${TIMEOUT_MS}ms`)));',
      "    socket.once('error', (error) => finish(error));",
      "    socket.once('connect', () => {",
      '      if (!probe) return finish();',
      '      socket.write(probe);',
      '    });',
      `    socket.once('data', (answer${t(': Uint8Array')}) => finish(!accept || accept(answer) ? undefined : new Error(\`unexpected answer from \${url.hostname}:\${port}\`)));`,
      '  });',
      '}',
      '',
    );
  }
  if (used.has('database')) {
    out.push(
      '/** PostgreSQL: an SSLRequest handshake, answered "S" or "N" by a live server; other databases: a TCP connection. */',
      `async function checkDatabase(variable${t(': string')})${t(': Promise<void>')} {`,
      '  const url = urlFrom(variable);',
      "  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {",
      '    const sslRequest = new Uint8Array([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);',
      '    return checkTcp(url, sslRequest, (answer) => answer[0] === 0x53 || answer[0] === 0x4e);',
      '  }',
      '  return checkTcp(url);',
      '}',
      '',
    );
  }
  if (used.has('externalApi')) {
    out.push(
      '/** External API (readiness only): reachable when it answers an HTTP request below 500 within TIMEOUT_MS. */',
      `async function checkExternalApi(variable${t(': string')})${t(': Promise<void>')} {`,
      '  const url = urlFrom(variable);',
      "  const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(TIMEOUT_MS) });",
      '  await response.body?.cancel();',
      '  if (response.status >= 500) throw new Error(`${url.host} answered ${response.status}`);',
      '}',
      '',
    );
  }
  if (used.has('queue')) {
    out.push(
      '/** Queue (NATS, Redis, AMQP, Kafka…): a TCP connection to its URL. */',
      `async function checkQueue(variable${t(': string')})${t(': Promise<void>')} {`,
      '  return checkTcp(urlFrom(variable));',
      '}',
      '',
    );
  }
  return out;
}
