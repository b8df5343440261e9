/**
 * `src/health.ts` for projects without a health endpoint: a module with no dependencies that
 * really checks what the assertions name — the database (a PostgreSQL protocol handshake, or a
 * TCP connection for other schemes), external APIs (an HTTP request) and queues (a TCP
 * connection) — each from the URL in its environment variable and each with a timeout.
 */
import { assertPrintable, jsString } from '../escape';
import { GENERATED_MARKER } from '../render/marker';
import type { Assertion } from '../specs/schema';

export const HEALTH_FILE = 'src/health.ts';

export type HealthKind = 'database' | 'externalApi' | 'queue';

/** One thing the generated health endpoint checks, with the assertions that asked for it. */
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

const DEFAULT_ENV: Record<HealthKind, string> = { database: 'DATABASE_URL', externalApi: 'EXTERNAL_API_URL', queue: 'QUEUE_URL' };

/** What the health endpoint checks, from the assertions' categories, sorted by key. */
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
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The source of `src/health.ts`: a dependency-free module checking each target, to be wired to `healthPath`. */
export function renderHealthModule(targets: readonly HealthTarget[], healthPath: string): string {
  // Values reach the source as string literals (jsString) or in comments that cannot end the line.
  for (const text of [healthPath, ...targets.flatMap((t) => [t.env, ...t.assertions])]) assertPrintable(text, 'a TypeScript comment');
  const calls = targets.map((t) => `    run(${jsString(t.key)}, () => ${checkFunction(t.kind)}(${jsString(t.env)})),`);
  const used = new Set(targets.map((t) => t.kind));
  const lines = [
    '// src/health.ts',
    `// ${GENERATED_MARKER} for deployment — do not edit (delete this line to take the file over)`,
    '//',
    `// Wire it into your server: answer GET ${healthPath} with \`await healthResponse()\`.`,
    targets.length
      ? `// Checks derived from specs/assertions.json: ${targets.map((t) => `${t.key} (${t.env}; ${t.assertions.join(', ')})`).join('; ')}.`
      : '// Basic health only: specs/assertions.json names no database, external API or queue.',
    ...(targets.length ? ['// Each check has its own timeout: HEALTH_TIMEOUT_MS, default 2000.'] : []),
    '',
    ...(used.has('database') || used.has('queue') ? ["import { connect } from 'node:net';", ''] : []),
    ...(targets.length ? ['const TIMEOUT_MS = Number(process.env.HEALTH_TIMEOUT_MS ?? 2000) || 2000;', ''] : []),
    'export interface HealthReport {',
    "  status: 'ok' | 'error';",
    '  timestamp: string;',
    '  checks: Record<string, boolean>;',
    '  /** Why each failed check failed. */',
    '  errors: Record<string, string>;',
    '}',
    '',
    ...(targets.length ? helpers(used) : []),
    '/** Runs every check (in parallel, each bounded by TIMEOUT_MS); status is "ok" only when all pass. */',
    'export const healthCheck = async (): Promise<HealthReport> => {',
    '  const checks: Record<string, boolean> = {};',
    '  const errors: Record<string, string> = {};',
    ...(targets.length
      ? [
          '  const run = async (name: string, check: () => Promise<void>): Promise<void> => {',
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
    "  const ok = Object.values(checks).every(Boolean);",
    "  return { status: ok ? 'ok' : 'error', timestamp: new Date().toISOString(), checks, errors };",
    '};',
    '',
    `/** The HTTP answer for GET ${healthPath}: 200 with the report when healthy, else 503. */`,
    'export async function healthResponse(): Promise<Response> {',
    '  const report = await healthCheck();',
    "  return new Response(JSON.stringify(report), { status: report.status === 'ok' ? 200 : 503, headers: { 'content-type': 'application/json' } });",
    '}',
    '',
  ];
  return lines.join('\n');
}

function checkFunction(kind: HealthKind): string {
  return kind === 'database' ? 'checkDatabase' : kind === 'externalApi' ? 'checkExternalApi' : 'checkQueue';
}

function helpers(used: ReadonlySet<HealthKind>): string[] {
  const out = [
    '/** The URL in `name`, or an error naming the missing variable. */',
    'function urlFrom(name: string): URL {',
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
      'const DEFAULT_PORTS: Record<string, number> = { postgres: 5432, postgresql: 5432, mysql: 3306, redis: 6379, rediss: 6380, nats: 4222, amqp: 5672, amqps: 5671, kafka: 9092 };',
      '',
      '/**',
      ' * Connects to the host and port of `url` within TIMEOUT_MS. With `probe`, sends it and waits for',
      ' * the first bytes of the answer, which `accept` must like.',
      ' */',
      'function checkTcp(url: URL, probe?: Uint8Array, accept?: (answer: Uint8Array) => boolean): Promise<void> {',
      "  const scheme = url.protocol.replace(/:$/, '');",
      '  const port = Number(url.port) || DEFAULT_PORTS[scheme];',
      '  if (!port) return Promise.reject(new Error(`no port in ${scheme}://${url.hostname}`));',
      '  return new Promise<void>((resolve, reject) => {',
      '    const socket = connect({ host: url.hostname, port });',
      '    const finish = (error?: Error) => {',
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
      "    socket.once('data', (answer: Uint8Array) => finish(!accept || accept(answer) ? undefined : new Error(`unexpected answer from ${url.hostname}:${port}`)));",
      '  });',
      '}',
      '',
    );
  }
  if (used.has('database')) {
    out.push(
      '/** PostgreSQL: an SSLRequest handshake, answered "S" or "N" by a live server; other databases: a TCP connection. */',
      'async function checkDatabase(variable: string): Promise<void> {',
      '  const url = urlFrom(variable);',
      "  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {",
      '    const sslRequest = new Uint8Array([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);',
      "    return checkTcp(url, sslRequest, (answer) => answer[0] === 0x53 || answer[0] === 0x4e);",
      '  }',
      '  return checkTcp(url);',
      '}',
      '',
    );
  }
  if (used.has('externalApi')) {
    out.push(
      '/** External API: reachable when it answers an HTTP request below 500 within TIMEOUT_MS. */',
      'async function checkExternalApi(variable: string): Promise<void> {',
      '  const url = urlFrom(variable);',
      "  const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(TIMEOUT_MS) });",
      '  await response.body?.cancel();',
      '  if (response.status >= 500) throw new Error(`${url.host} answered ${response.status}`);',
      '}',
      '',
    );
  }
  if (used.has('queue')) {
    out.push('/** Queue (NATS, Redis, AMQP, Kafka…): a TCP connection to its URL. */', 'async function checkQueue(variable: string): Promise<void> {', '  return checkTcp(urlFrom(variable));', '}', '');
  }
  return out;
}
