/**
 * `docker-compose.<env>.yml`: what an environment changes in docker-compose.yml, as a Compose
 * override file (`docker compose -f docker-compose.yml -f docker-compose.<env>.yml up -d`), built
 * from the two rendered files (pure: text in, text out).
 *
 * Compose merges an override into the base (Compose Specification, "Merge"): a map by key, so the
 * override holds only the keys whose values changed; `command`, `entrypoint` and `healthcheck.test`
 * are replaced; every other sequence is appended to. So:
 * - a changed scalar, a changed `command`/`entrypoint`/`healthcheck.test`, a new key: the new value;
 * - a map whose keys all stay (`environment`, `deploy.resources.limits`, …): only its changed keys;
 * - a map that loses a key, any other changed sequence, a value whose type changed: the whole new
 *   value tagged `!override` (Compose 2.24.4 or later), since merging can only add;
 * - a key a service loses: `!reset` (Compose 2.24.0 or later);
 * - a service the environment does not run (a dependency bound outside the topology): it stays in
 *   the file, its volumes and networks with it, but gets `profiles: ["external"]`, so `up` never
 *   starts it; every `depends_on` that named it is rewritten (`!override`, or `!reset` when nothing
 *   is left), so no service waits for it.
 * Top-level networks and volumes are only added to or changed, never removed (a service kept under
 * a profile still names them).
 *
 * `envExampleOverride` writes `.env.<env>.example` when the environment needs secrets the base
 * `.env` does not hold.
 */
import { Document, isMap as isYamlMap, isScalar, isSeq, type Node, parseDocument, visit } from 'yaml';
import { yamlComment } from '../escape';
import { hasOwn, jsonEqual } from '../json';
import { compareStrings } from '../sort';
import { COMPOSE_DOCUMENT, COMPOSE_FILE, COMPOSE_YAML } from './compose';
import { GENERATED_MARKER } from './marker';

/** The profile of the services an environment does not run. */
export const EXTERNAL_PROFILE = 'external';

/** `docker-compose.<env>.yml`. */
export function composeOverrideFile(env: string): string {
  return `docker-compose.${env}.yml`;
}

/** `.env.<env>.example`. */
export function envExampleOverrideFile(env: string): string {
  return `.env.${env}.example`;
}

/** Sequences Compose replaces rather than appends to, by their path under a service. */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'healthcheck/test']);

/** Top-level sections whose entries are never removed by an override (see the file comment). */
const KEPT_SECTIONS = new Set(['networks', 'volumes']);

const ENVIRONMENT = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

type JsonMap = { [key: string]: unknown };

/** A value written with a Compose merge tag. */
class Tagged {
  constructor(
    readonly tag: '!override' | '!reset',
    readonly value: unknown,
  ) {}
}

/** A map of the parsed files (a tagged value of the override being built is not one). */
function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tagged);
}

/** A null-prototype copy (user names are keys: docs/security.md). */
function record(): JsonMap {
  return Object.create(null) as JsonMap;
}

/** `!reset` of a value: an empty value of its kind (the value is ignored, but YAML needs one). */
function reset(value: unknown): Tagged {
  return new Tagged('!reset', Array.isArray(value) ? [] : isMap(value) ? {} : '');
}

/** What turns `base` into `env` under Compose's merge rules, or undefined when nothing changes. */
function mergeDiff(base: unknown, env: unknown, path: string): unknown {
  if (jsonEqual(base, env)) return undefined;
  if (isMap(base) && isMap(env)) {
    if (Object.keys(base).some((k) => !hasOwn(env, k))) return new Tagged('!override', env);
    const out = record();
    for (const key of Object.keys(env)) {
      const change = hasOwn(base, key) ? mergeDiff(base[key], env[key], `${path}/${key}`) : env[key];
      if (change !== undefined) out[key] = change;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(env)) return REPLACED_SEQUENCES.has(path.slice(1)) ? env : new Tagged('!override', env);
  if (isMap(base) || isMap(env) || Array.isArray(base) || Array.isArray(env)) return new Tagged('!override', env);
  return env;
}

/** The override of one service present in both files: changed keys, and `!reset` for each key it loses. */
function serviceDiff(base: JsonMap, env: JsonMap): JsonMap | undefined {
  const out = record();
  for (const key of Object.keys(env)) {
    const change = hasOwn(base, key) ? mergeDiff(base[key], env[key], `/${key}`) : env[key];
    if (change !== undefined) out[key] = change;
  }
  for (const key of Object.keys(base)) if (!hasOwn(env, key)) out[key] = reset(base[key]);
  return Object.keys(out).length ? out : undefined;
}

/** The compose file's data, or an error naming the file (both are topograph's own renders). */
function parseCompose(text: string, what: string): JsonMap {
  const document = parseDocument(text);
  if (document.errors.length) throw new Error(`composeOverride: ${what} is not valid YAML: ${document.errors[0].message}`);
  const value: unknown = document.toJS();
  if (!isMap(value)) throw new Error(`composeOverride: ${what} is not a compose file (a map at the top)`);
  return value;
}

/**
 * The override file of environment `env`: with `baseYaml` (docker-compose.yml of the base render)
 * it gives Compose the model of `envYaml` (docker-compose.yml of the environment's render).
 */
export function composeOverride(baseYaml: string, envYaml: string, env: string): string {
  if (!ENVIRONMENT.test(env)) throw new Error(`composeOverride: environment name ${JSON.stringify(env)} is not a DNS label`);
  const base = parseCompose(baseYaml, `the base ${COMPOSE_FILE}`);
  const target = parseCompose(envYaml, `the ${COMPOSE_FILE} of environment ${env}`);
  const baseServices = isMap(base.services) ? base.services : record();
  const envServices = isMap(target.services) ? target.services : record();

  const services = record();
  const notRun: string[] = [];
  for (const [name, service] of Object.entries(envServices)) {
    const before = baseServices[name];
    if (!isMap(before) || !isMap(service)) {
      if (!jsonEqual(before, service)) services[name] = service;
      continue;
    }
    const change = serviceDiff(before, service);
    if (change) services[name] = change;
  }
  for (const [name, service] of Object.entries(baseServices)) {
    if (hasOwn(envServices, name)) continue;
    notRun.push(name);
    const profiles = [EXTERNAL_PROFILE];
    services[name] = { profiles: isMap(service) && service.profiles !== undefined ? new Tagged('!override', profiles) : profiles };
  }

  const out = record();
  for (const key of Object.keys(target)) {
    if (key === 'services') continue;
    if (!hasOwn(base, key)) out[key] = target[key];
    else if (KEPT_SECTIONS.has(key) && isMap(base[key]) && isMap(target[key])) {
      const section = record();
      const from = base[key] as JsonMap;
      for (const [name, value] of Object.entries(target[key] as JsonMap)) {
        const change = hasOwn(from, name) ? mergeDiff(from[name], value, `/${key}/${name}`) : value;
        if (change !== undefined) section[name] = change;
      }
      if (Object.keys(section).length) out[key] = section;
    } else {
      const change = mergeDiff(base[key], target[key], `/${key}`);
      if (change !== undefined) out[key] = change;
    }
  }
  for (const key of Object.keys(base)) if (key !== 'services' && !KEPT_SECTIONS.has(key) && !hasOwn(target, key)) out[key] = reset(base[key]);

  const doc = new Document(undefined, COMPOSE_DOCUMENT);
  const tags = new Set<string>();
  const toNode = (value: unknown): unknown => {
    if (value instanceof Tagged) {
      tags.add(value.tag);
      const node = doc.createNode(value.value) as Node;
      node.tag = value.tag;
      return node;
    }
    if (!isMap(value)) return value;
    const copy = record();
    for (const [key, item] of Object.entries(value)) copy[key] = toNode(item);
    return copy;
  };
  doc.contents = doc.createNode({ services: toNode(services), ...(toNode(out) as JsonMap) }) as typeof doc.contents;
  // Argument lists on one line, as in docker-compose.yml.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && (pair.key.value === 'test' || pair.key.value === 'command') && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  if (isYamlMap(doc.get('services')) && Object.keys(services).length === 0) (doc.get('services') as { flow?: boolean }).flow = true;

  const run = `docker compose -f ${COMPOSE_FILE} -f ${composeOverrideFile(env)} up -d`;
  doc.commentBefore = [
    `${GENERATED_MARKER} — do not edit`,
    `Environment ${env}: what it changes in ${COMPOSE_FILE}, merged over it by Compose. Run: ${run}`,
    ...(tags.size
      ? [`Uses the ${[...tags].sort().join(' and ')} merge tag${tags.size === 1 ? '' : 's'} of the Compose Specification: needs Docker Compose ${tags.has('!override') ? '2.24.4' : '2.24.0'} or later.`]
      : []),
    ...(notRun.length
      ? [`Not run in this environment (bound outside the topology): ${notRun.join(', ')}; kept under the profile "${EXTERNAL_PROFILE}", which up never starts.`]
      : []),
    ...(Object.keys(services).length === 0 && Object.keys(out).length === 0 ? ['Nothing differs from the base.'] : []),
  ]
    .map((line) => ` ${yamlComment(line)}`)
    .join('\n');
  return doc.toString(COMPOSE_YAML);
}

/** One variable of a `.env.example`: its comment lines and name. */
interface ExampleVariable {
  readonly comments: readonly string[];
  readonly name: string;
}

/** The variables of a `.env.example` rendered by src/render/env-example.ts (`# comment` lines, then `NAME=`). */
function exampleVariables(text: string): ExampleVariable[] {
  const variables: ExampleVariable[] = [];
  let comments: string[] = [];
  for (const line of text.split('\n')) {
    const variable = /^([A-Za-z_][A-Za-z0-9_]*)=$/.exec(line);
    if (variable) {
      variables.push({ comments, name: variable[1] });
      comments = [];
    } else if (line.startsWith('#')) comments.push(line);
    else comments = [];
  }
  return variables;
}

/**
 * `.env.<env>.example`, or undefined when the base `.env` already holds every variable the
 * environment needs. Compose interpolates each file on its own, so the environment's `.env` needs
 * the base file's variables too (any value for those the environment does not use) and its own.
 */
export function envExampleOverride(baseExample: string, envExample: string, env: string): string | undefined {
  if (!ENVIRONMENT.test(env)) throw new Error(`envExampleOverride: environment name ${JSON.stringify(env)} is not a DNS label`);
  const base = exampleVariables(baseExample);
  const own = exampleVariables(envExample);
  const baseNames = new Set(base.map((v) => v.name));
  if (own.every((v) => baseNames.has(v.name))) return undefined;
  const ownNames = new Set(own.map((v) => v.name));
  const all = [
    ...own.map((v) => ({ ...v, unused: false })),
    ...base.filter((v) => !ownNames.has(v.name)).map((v) => ({ ...v, unused: true })),
  ].sort((a, b) => compareStrings(a.name, b.name));
  const file = `.env.${env}`;
  const lines = [
    `# ${GENERATED_MARKER} — do not edit`,
    `# Variables ${COMPOSE_FILE} and ${composeOverrideFile(env)} need for environment ${env}. Copy to ${file}, set each one, and run`,
    `# docker compose --env-file ${file} -f ${COMPOSE_FILE} -f ${composeOverrideFile(env)} up -d. Never commit ${file}.`,
    '# Use URL-safe values (letters and digits): passwords are placed inside connection URLs.',
  ];
  for (const v of all) {
    lines.push('', ...v.comments);
    if (v.unused) lines.push(`# (${COMPOSE_FILE} names it, but environment ${env} does not use it: any value will do)`);
    lines.push(`${v.name}=`);
  }
  return `${lines.join('\n')}\n`;
}
