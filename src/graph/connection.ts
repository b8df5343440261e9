/**
 * The connection an edge hands its source service, in the shape the app reads (issue 17, item 4):
 * a URL (the default), `host:port`, a template with placeholders, and any of the split variables
 * (host, port, user, password, database) beside or instead of it. One pure function turns an
 * edge's fields and its target's connection into environment variables; compose and Kubernetes
 * both render those variables (src/render/compose.ts, src/kubernetes/environment.ts), so the two
 * can only differ where the docs say they do (the port a caller uses in Kubernetes).
 *
 * The password is never a value: it stays a secret part of a template, which compose writes as a
 * required `${SECRET:?…}` interpolation and Kubernetes as `$(SECRET)` from a `secretKeyRef`.
 */
import { z } from 'zod';
import type { ConnectionUrl, EnvValue, TemplatePart } from '../model';
import { DNS_LABEL, ENV_NAME, FREE_TEXT, MAX_VALUE } from './grammar';
import type { Problem } from './problems';

/** The shapes of an edge's main variable: `url` (scheme://user:password@host:port/database), `address` (host:port), `none` (only the split variables). */
export const CONNECTION_FORMATS = ['url', 'address', 'none'] as const;
export type ConnectionFormat = (typeof CONNECTION_FORMATS)[number];

/** The placeholders of an edge `template`. */
export const TEMPLATE_PLACEHOLDERS = ['host', 'port', 'scheme', 'database', 'user', 'password'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** The split variables an edge may set, and the part of the connection each holds. */
export const SPLIT_VARIABLES = { hostEnv: 'host', portEnv: 'port', userEnv: 'user', passwordEnv: 'password', databaseEnv: 'database' } as const;
export type SplitVariable = keyof typeof SPLIT_VARIABLES;

/** Port names that mean "the primary port" until services have named ports: its protocol's default name. */
export const PRIMARY_PORT_NAMES = ['http', 'grpc', 'tcp', 'udp'] as const;

/** The connection fields of an edge (graph and `calls`/`uses` options alike). */
export interface ConnectionOptions {
  /** Shape of the main variable. Exclusive with `template`. @default "url" */
  readonly format?: ConnectionFormat;
  /** The main variable as text with {host} {port} {scheme} {database} {user} {password}. @default none (the format decides) */
  readonly template?: string;
  /** The target's port the connection names: a port name or number. @default the target's primary port */
  readonly port?: string | number;
  /** Variable holding the host alone. @default none */
  readonly hostEnv?: string;
  /** Variable holding the port alone. @default none */
  readonly portEnv?: string;
  /** Variable holding the user name. @default none */
  readonly userEnv?: string;
  /** Variable holding the password (a secret reference, never a value). @default none */
  readonly passwordEnv?: string;
  /** Variable holding the database name. @default none */
  readonly databaseEnv?: string;
}

/** How a template is written, for the schema and messages. */
export const TEMPLATE_RULE = `Text of at most ${MAX_VALUE} characters with no control character, where {host}, {port}, {scheme}, {database}, {user} and {password} are replaced (the password stays a secret reference); "{" and "}" only in those placeholders. "$" is literal.`;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The placeholders of `template` that are not known, in order (empty when it is valid). */
export function unknownPlaceholders(template: string, known: readonly string[] = TEMPLATE_PLACEHOLDERS): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) if (!known.includes(match[1])) unknown.push(match[0]);
  // A brace outside a placeholder is refused too: it would read as the start of one.
  const rest = template.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest)) unknown.push(rest.includes('{') ? '{' : '}');
  return unknown;
}

/** The placeholders `template` uses, each once, in order. */
export function placeholdersOf(template: string): TemplatePlaceholder[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as TemplatePlaceholder))];
}

/** The zod schema of an edge template. */
export const templateSchema = z
  .string()
  .min(1)
  .max(MAX_VALUE)
  .regex(FREE_TEXT)
  .refine((t) => unknownPlaceholders(t).length === 0, { error: `placeholders only among ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}` })
  .describe(`The main variable's value as a template. ${TEMPLATE_RULE} Exclusive with "format".`);

/** The zod schema of an edge's target port reference. */
export const edgePortSchema = z
  .union([z.number().int().min(1).max(65535), z.string().max(15).regex(DNS_LABEL)])
  .describe(
    `The target's port this edge connects to: a port name (a DNS label of at most 15 characters) or number. Until services have named ports, the primary port's name is its protocol's (${PRIMARY_PORT_NAMES.join(', ')}). Default: the primary port.`,
  );

/** The zod fields of an edge's connection (added to the edge schema). */
export function connectionFields(envRule: string) {
  const env = (what: string) => z.string().regex(ENV_NAME).optional().describe(`Variable holding ${what} alone, set beside the main one. Default: none. ${envRule}`);
  return {
    format: z
      .enum(CONNECTION_FORMATS)
      .optional()
      .describe('Shape of the main variable: "url" (scheme://user:password@host:port/database), "address" (host:port, e.g. for gRPC clients) or "none" (only the split variables). Default "url". Exclusive with "template".'),
    template: templateSchema.optional(),
    port: edgePortSchema.optional(),
    hostEnv: env('the host'),
    portEnv: env('the port'),
    userEnv: env('the user name (targets with a user only)'),
    passwordEnv: env('the password, as a secret reference (targets with a password only)'),
    databaseEnv: env('the database name (targets with a database only)'),
  };
}

/** The variables an edge sets, main first: for clash checks (the main one absent with format "none"). */
export function connectionVariableNames(env: string | undefined, options: ConnectionOptions): string[] {
  const names = options.format === 'none' || env === undefined ? [] : [env];
  for (const key of Object.keys(SPLIT_VARIABLES) as SplitVariable[]) {
    const name = options[key];
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** Whether an edge asks for anything but the default URL in its main variable. */
export function shapesConnection(options: ConnectionOptions): boolean {
  return options.format !== undefined || options.template !== undefined || Object.keys(SPLIT_VARIABLES).some((k) => options[k as SplitVariable] !== undefined);
}

/** One variable of a connection, before it is merged into the service's env. */
export interface ConnectionVariable {
  readonly name: string;
  readonly value: EnvValue;
}

/**
 * The variables of one edge, from its fields and the target's connection. `url.port` is the port
 * compose callers use; the Kubernetes renderer follows the Service's port (see `portPart`).
 */
export function connectionVariables(env: string, options: ConnectionOptions, url: ConnectionUrl): ConnectionVariable[] {
  const out: ConnectionVariable[] = [];
  if (options.template !== undefined) out.push({ name: env, value: { kind: 'template', parts: templateParts(options.template, url) } });
  else if (options.format === 'address') out.push({ name: env, value: { kind: 'template', parts: [text(`${url.host}:`), portPart(url)] } });
  else if (options.format !== 'none') out.push({ name: env, value: { kind: 'url', url } });
  for (const key of Object.keys(SPLIT_VARIABLES) as SplitVariable[]) {
    const name = options[key];
    if (name === undefined) continue;
    const part = partOf(SPLIT_VARIABLES[key], url);
    out.push({ name, value: part.kind === 'secret' ? { kind: 'secret', secret: part.secret } : { kind: 'template', parts: [part] } });
  }
  return out;
}

/** The parts a template stands for: literal text, the port, and the password as a secret. */
export function templateParts(template: string, url: ConnectionUrl): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(text(template.slice(last, match.index)));
    parts.push(partOf(match[1] as TemplatePlaceholder, url));
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(text(template.slice(last)));
  return mergeText(parts);
}

function partOf(placeholder: TemplatePlaceholder, url: ConnectionUrl): TemplatePart {
  switch (placeholder) {
    case 'host':
      return text(url.host);
    case 'port':
      return portPart(url);
    case 'scheme':
      return text(url.scheme);
    case 'database':
      return text(url.path ?? '');
    case 'user':
      return text(url.username ?? '');
    case 'password':
      return url.passwordSecret !== undefined ? { kind: 'secret', secret: url.passwordSecret } : text('');
  }
}

function text(value: string): TemplatePart {
  return { kind: 'text', text: value };
}

/** The target's port as a part of its own: compose writes the container port, Kubernetes the Service's port. */
function portPart(url: ConnectionUrl): TemplatePart {
  return { kind: 'port', host: url.host, port: url.port };
}

function mergeText(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const part of parts) {
    const previous = out[out.length - 1];
    if (part.kind === 'text' && part.text === '') continue;
    if (part.kind === 'text' && previous?.kind === 'text') out[out.length - 1] = text(previous.text + part.text);
    else out.push(part);
  }
  return out;
}

/** What a connection target offers a template or split variable: problems for the parts it lacks. */
export interface ConnectionTarget {
  /** Whether the target is a dependency managed outside the topology (its whole URL is a secret). */
  readonly external?: boolean;
  readonly hasUser: boolean;
  readonly hasPassword: boolean;
  readonly hasDatabase: boolean;
}

/**
 * Problems with an edge's connection fields against its target (`where` names the edge, `source`
 * the file): format with template, placeholders or split variables the target has no value for,
 * and any shaping of an external dependency's connection (only its whole URL is known, as a secret).
 */
export function connectionProblems(options: ConnectionOptions, target: ConnectionTarget, what: { edge: string; where: string; target: string; source: string }): Problem[] {
  const problems: Problem[] = [];
  if (options.format !== undefined && options.template !== undefined) {
    problems.push({
      message: `Edge ${what.edge} has both "format" and "template"`,
      value: `format ${JSON.stringify(options.format)}`,
      expected: '"format" or "template", not both (a template is its own format)',
      action: `Remove "format" or "template" from ${what.where} in ${what.source}`,
    });
  }
  if (target.external && shapesConnection(options)) {
    problems.push({
      message: `Edge ${what.edge} shapes the connection of '${what.target}', which is external`,
      expected: 'the default URL variable for an external dependency: its whole URL is a secret you supply, so no part of it is known',
      action: `Remove "format", "template" and the split variables (hostEnv, portEnv, userEnv, passwordEnv, databaseEnv) from ${what.where} in ${what.source}`,
    });
    return problems;
  }
  const lacks: Array<[string, boolean]> = [
    ['user', target.hasUser],
    ['password', target.hasPassword],
    ['database', target.hasDatabase],
  ];
  const used = new Set<string>(options.template !== undefined ? placeholdersOf(options.template) : []);
  for (const [key, part] of Object.entries(SPLIT_VARIABLES)) if (options[key as SplitVariable] !== undefined) used.add(part);
  for (const [part, has] of lacks) {
    if (!used.has(part) || has) continue;
    problems.push({
      message: `Edge ${what.edge} asks for the ${part} of '${what.target}', which has none`,
      value: part,
      expected: `{${part}} and ${part}Env only for a target whose connection has a ${part}`,
      action: `Remove {${part}} / "${part}Env" from ${what.where} in ${what.source}`,
    });
  }
  return problems;
}
