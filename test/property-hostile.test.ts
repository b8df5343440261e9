/**
 * The fuzz suite (docs/security.md): hostile strings — the corpus of
 * test/escape/corpus.ts and random ones — through every string field of the graph and of the
 * construct props. Each value is either refused with a clear error naming its field, or rendered
 * inert, as judged by oracles that share no code with the renderers:
 *
 * - the compose file validates against the Compose Specification schema (ajv);
 * - every Kubernetes object validates against kubernetes-models;
 * - every YAML file reads back identical with a second parser (js-yaml vs yaml, as YAML 1.1 and
 *   1.2) and holds no character YAML readers disagree on;
 * - every Dockerfile keeps the template's instruction sequence (the same graph with a plain value);
 * - the scripts pass `bash -n` and print their values without expansion;
 * - the CLI exits 0, 1 or 2, never "failed unexpectedly", prints no control character, and
 *   writes nothing after an error.
 *
 * Seeded (TOPOGRAPH_PROPERTY_SEED); TOPOGRAPH_FUZZ_RUNS sets the number of validation cases (default
 * 2000); rendering and CLI cases are a tenth and a twentieth of it. docs/security.md describes it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as fc from 'fast-check';
import * as jsYaml from 'js-yaml';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { Dependency, TopographApp, Topology, TopologyError, validateGraph, WebService } from '../src';
import { run } from '../lib/src/cli/program';
import { SHOP_DIR } from './helpers/shop';
import { CONTROL_CHARACTER, HOSTILE_STRINGS } from './escape/corpus';
import { SEED } from './property/arbitraries';

const RUNS = Number(process.env.TOPOGRAPH_FUZZ_RUNS ?? 2000);
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: Math.max(1, Math.round(numRuns)) });

const { $schema: _meta, ...composeSchema } = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', 'compose-spec.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateCompose = ajv.compile(composeSchema);

/** Any UTF-16 unit (lone surrogates included) or a character generators must escape. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom('$', '`', '"', "'", '\\', '\n', '\r', '#', ':', '{', '}', '%', '\u0085', '\u2028', '\u001b', '(', ')', ';', '|', '&', ' ', '=', '/', '.', '-') },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
);
/** Hostile values: the corpus, random strings, and corpus entries inside plain text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit, maxLength: 24 }),
  fc.tuple(fc.constantFrom('a', '/health', 'x.y', 'v1'), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => `${a}${b}`),
);

type Graph = any;

/** The graph the values go into: small (fast), with every runtime that has a probe, a dependency and an edge. */
function baseGraph(): Graph {
  return {
    name: 'fuzz',
    services: [
      { name: 'api', archetype: 'web-service', runtime: 'python', framework: 'fastapi', ports: [{ port: 8001, host: 8001 }], build: { context: 'catalog' }, env: { LOG_LEVEL: 'info' }, secrets: ['JWT_SECRET'] },
      { name: 'web', archetype: 'web-service', runtime: 'node', ports: [{ port: 8002, host: 8002 }], build: { context: 'billing' } },
      { name: 'edge', archetype: 'web-service', runtime: 'go', ports: [{ port: 8003, host: 8003 }], build: { context: 'catalog' } },
    ],
    dependencies: [{ name: 'db', type: 'postgres', version: '16' }],
    edges: [{ from: 'api', to: 'db' }, { from: 'web', to: 'api' }],
  };
}

/** Every string field of the graph: where a value goes, and a plain value that is always valid there. */
const FIELDS: Record<string, { set: (g: Graph, v: string) => void; plain: string; where: string }> = {
  description: { set: (g, v) => (g.description = v), plain: 'plain', where: 'description' },
  source: { set: (g, v) => (g.source = v), plain: 'https://example.com/x', where: 'source' },
  $schema: { set: (g, v) => (g.$schema = v), plain: './schema.json', where: '$schema' },
  version: { set: (g, v) => (g.version = v), plain: '1.0.0', where: 'version' },
  created: { set: (g, v) => (g.created = v), plain: '2026-01-31T12:00:00Z', where: 'created' },
  registry: { set: (g, v) => (g.registry = v), plain: 'ghcr.io/acme', where: 'registry' },
  namespace: { set: (g, v) => (g.namespace = v), plain: 'fuzz', where: 'namespace' },
  'service description': { set: (g, v) => (g.services[0].description = v), plain: 'plain', where: 'services[api].description' },
  'python entry': { set: (g, v) => (g.services[0].entry = v), plain: 'main:app', where: 'services[api].entry' },
  'node entry': { set: (g, v) => (g.services[1].entry = v), plain: 'dist/index.js', where: 'services[web].entry' },
  'go entry': { set: (g, v) => (g.services[2].entry = v), plain: '.', where: 'services[edge].entry' },
  ...Object.fromEntries(
    (
      [
        ['java', 'target', {}],
        ['dotnet', 'Shop.Api', {}],
        ['rust', '.', {}],
        ['ruby', 'config.ru', { framework: 'rack' }],
        ['php', 'public', {}],
        ['static', 'dist', {}],
      ] as const
    ).flatMap(([runtime, plain, extra]) => {
      const push = (g: Graph, more: object) => g.services.push({ name: runtime, archetype: 'web-service', runtime, port: 8004, build: { context: 'catalog' }, ...extra, ...more });
      return [
        [`${runtime} entry`, { set: (g: Graph, v: string) => push(g, { entry: v }), plain, where: `services[${runtime}].entry` }],
        [`health path (${runtime})`, { set: (g: Graph, v: string) => push(g, { health: { path: v } }), plain: '/health', where: `services[${runtime}].health.path` }],
      ];
    }),
  ),
  runtimeVersion: { set: (g, v) => (g.services[1].runtimeVersion = v), plain: '24', where: 'services[web].runtimeVersion' },
  'health path (python)': { set: (g, v) => (g.services[0].health = { path: v }), plain: '/health', where: 'services[api].health.path' },
  'health path (node)': { set: (g, v) => (g.services[1].health = { path: v }), plain: '/health', where: 'services[web].health.path' },
  'health path (go)': { set: (g, v) => (g.services[2].health = { path: v }), plain: '/health', where: 'services[edge].health.path' },
  'port name': { set: (g, v) => (g.services[1].ports[0].name = v), plain: 'web', where: 'services[web].ports[0].name' },
  'grpc health service': {
    set: (g, v) => Object.assign(g.services[1], { ports: [{ port: 8002, host: 8002, protocol: 'grpc' }], health: { service: v } }),
    plain: 'shop.Web',
    where: 'services[web].health.service',
  },
  'health command argument': { set: (g, v) => (g.services[1].health = { kind: 'exec', command: ['/app/check', v] }), plain: '--ready', where: 'services[web].health.command' },
  'health interval': { set: (g, v) => (g.services[0].health = { interval: v }), plain: '10s', where: 'services[api].health.interval' },
  'build context': { set: (g, v) => (g.services[1].build = { context: v }), plain: 'billing', where: 'services[web].build.context' },
  'command argument': { set: (g, v) => (g.services[1].command = ['node', v]), plain: 'server.js', where: 'services[web].command' },
  'env value': { set: (g, v) => (g.services[0].env = { LOG_LEVEL: v }), plain: 'info', where: 'services[api].env' },
  'env name': { set: (g, v) => (g.services[0].env = { [v]: 'info' }), plain: 'LOG_LEVEL', where: 'services[api].env' },
  'secret name': { set: (g, v) => (g.services[0].secrets = [v]), plain: 'JWT_SECRET', where: 'services[api].secrets' },
  'label value': { set: (g, v) => (g.services[1].labels = { 'com.example.team': v }), plain: 'payments', where: 'services[web].labels' },
  'label key': { set: (g, v) => (g.services[1].labels = { [v]: 'x' }), plain: 'com.example.team', where: 'services[web].labels' },
  schedule: { set: (g, v) => g.services.push({ name: 'job', archetype: 'data-pipeline', runtime: 'python', build: { context: 'catalog' }, schedule: v }), plain: '0 3 * * *', where: 'services[job].schedule' },
  'service image': {
    set: (g, v) => g.services.push({ name: 'img', archetype: 'web-service', runtime: 'image', image: v, port: 8010, user: 101 }),
    plain: 'nginxinc/nginx-unprivileged:1.27',
    where: 'services[img].image',
  },
  'build dockerfile': {
    set: (g, v) => g.services.push({ name: 'own', archetype: 'worker', runtime: 'dockerfile', build: { context: 'catalog', dockerfile: v } }),
    plain: 'Dockerfile',
    where: 'services[own].build.dockerfile',
  },
  'base image': { set: (g, v) => (g.services[1].baseImages = { runtime: v }), plain: 'node:24-slim', where: 'services[web].baseImages.runtime' },
  'dependency version': { set: (g, v) => (g.dependencies[0].version = v), plain: '16', where: 'dependencies[db].version' },
  'dependency image': { set: (g, v) => (g.dependencies[0].image = v), plain: 'postgres:16', where: 'dependencies[db].image' },
  'dependency storage': { set: (g, v) => (g.dependencies[0].storage = v), plain: '1Gi', where: 'dependencies[db].storage' },
  'edge env': { set: (g, v) => (g.edges[0].env = v), plain: 'DATABASE_URL', where: 'edges[0]' },
  'edge database': { set: (g, v) => (g.edges[0].database = v), plain: 'api', where: 'edges[0]' },
  'edge template': { set: (g, v) => (g.edges[0].template = `${v}{host}:{port}/{password}`), plain: 'postgresql://', where: 'edges[0]' },
  'edge split variable': { set: (g, v) => (g.edges[0].hostEnv = v), plain: 'DB_HOST', where: 'edges[0]' },
  'edge port': { set: (g, v) => (g.edges[1].port = v), plain: 'http', where: 'edges[1]' },
  'edge wait': { set: (g, v) => (g.edges[1].wait = v), plain: 'started', where: 'edges[1]' },
  'env secret template': { set: (g, v) => (g.services[0].env = { AUTH: { template: `${v}{secret:JWT_SECRET}` } }), plain: 'Bearer ', where: 'services[api].env' },
  'command secret template': { set: (g, v) => (g.services[0].command = ['python', { template: `${v}{secret:JWT_SECRET}` }]), plain: '--token=', where: 'services[api].command' },
  alias: { set: (g, v) => (g.dependencies[0].aliases = [v]), plain: 'database', where: 'dependencies[db].aliases' },
  profile: { set: (g, v) => (g.services[2].profile = v), plain: 'extras', where: 'services[edge].profile' },
  segment: {
    set: (g, v) => {
      g.segments = [{ name: v }];
      g.services[0].segments = [v];
    },
    plain: 'back',
    where: 'segments',
  },
  // Environments (issue 18): the output checked is the environment's flattened render (see `synthesize`).
  'environment env value': { set: (g, v) => (g.environments = { prod: { services: { api: { env: { LOG_LEVEL: v } } } } }), plain: 'warning', where: 'environments.prod.services.api.env' },
  'environment env name': { set: (g, v) => (g.environments = { prod: { services: { api: { env: { [v]: 'x' } } } } }), plain: 'FEATURE_X', where: 'environments.prod.services.api.env' },
  'environment version': { set: (g, v) => (g.environments = { prod: { version: v } }), plain: '1.4.2', where: 'environments.prod.version' },
  'environment registry': { set: (g, v) => (g.environments = { prod: { registry: v } }), plain: 'ghcr.io/acme', where: 'environments.prod.registry' },
  'environment storage': { set: (g, v) => (g.environments = { prod: { dependencies: { db: { storage: v } } } }), plain: '5Gi', where: 'environments.prod.dependencies.db.storage' },
  'environment name': { set: (g, v) => (g.environments = { [v]: { services: { api: { replicas: 2 } } } }), plain: 'prod', where: 'environments' },
  'acknowledgement reason': { set: (g, v) => (g.lint = { acknowledge: [{ rule: 'compose-public-port', reason: v }] }), plain: 'because', where: 'lint.acknowledge[0].reason' },
  // Issue 18: the secret store's names and keys reach the ExternalSecret and the summary.
  'secret store name': { set: (g, v) => (g.secretStore = { name: v }), plain: 'vault', where: 'secretStore.name' },
  'secret store refresh interval': { set: (g, v) => (g.secretStore = { name: 'vault', refreshInterval: v }), plain: '15m', where: 'secretStore.refreshInterval' },
  'secret store prefix': { set: (g, v) => (g.secretStore = { name: 'vault', prefix: v }), plain: 'prod/fuzz/', where: 'secretStore.prefix' },
  'secret store key': { set: (g, v) => (g.secretStore = { name: 'vault', keys: { JWT_SECRET: v } }), plain: 'shared/jwt', where: 'secretStore.keys' },
  'secret store property': { set: (g, v) => (g.secretStore = { name: 'vault', keys: { JWT_SECRET: { key: 'shared/jwt', property: v } } }), plain: 'value', where: 'secretStore.keys' },
  'telemetry endpoint': { set: (g, v) => (g.telemetry = { otlp: { endpoint: v } }), plain: 'http://otel.example.com:4317', where: 'telemetry.otlp.endpoint' },
  'telemetry attribute value': { set: (g, v) => (g.telemetry = { collector: true, attributes: { team: v } }), plain: 'payments', where: 'telemetry.attributes' },
  'telemetry attribute key': { set: (g, v) => (g.telemetry = { collector: true, attributes: { [v]: 'x' } }), plain: 'team', where: 'telemetry.attributes' },
  // B (issue 18): ingress
  'ingress host': { set: (g, v) => (g.services[1].ingress = { hosts: [v] }), plain: 'shop.example.com', where: 'services[web].ingress.hosts' },
  'ingress path': { set: (g, v) => (g.services[1].ingress = { hosts: ['shop.example.com'], path: v }), plain: '/shop', where: 'services[web].ingress.path' },
  'ingress port': { set: (g, v) => (g.services[1].ingress = { hosts: ['shop.example.com'], port: v }), plain: 'http', where: 'services[web].ingress.port' },
  'ingress class': { set: (g, v) => (g.ingress = { className: v }), plain: 'nginx', where: 'ingress.className' },
  'ingress controller namespace': { set: (g, v) => (g.ingress = { controllerNamespace: v }), plain: 'ingress-nginx', where: 'ingress.controllerNamespace' },
  'ingress tls secret': { set: (g, v) => (g.ingress = { tls: { secret: v } }), plain: 'shop-tls', where: 'ingress.tls.secret' },
  'ingress tls issuer': { set: (g, v) => (g.ingress = { tls: { issuer: v } }), plain: 'letsencrypt', where: 'ingress.tls.issuer' },
  'ingress gateway': { set: (g, v) => (g.ingress = { api: 'gateway', gateway: { name: v, namespace: 'gateways', listener: 'https' } }), plain: 'public', where: 'ingress.gateway.name' },
  'topology name': { set: (g, v) => (g.name = v), plain: 'fuzz', where: 'name' },
  'service name': {
    set: (g, v) => {
      g.services[1].name = v;
      g.edges[1].from = v;
    },
    plain: 'web',
    where: 'services',
  },
};

/** Free-text fields that are templates: braces belong to placeholders there. */
const TEMPLATE_FIELDS = ['edge template', 'env secret template', 'command secret template'];

/** Fields of free text: the corpus must go through each of them. */
const FREE_TEXT_FIELDS = ['description', 'service description', 'label value', 'acknowledgement reason', 'env value', 'telemetry attribute value', 'environment env value', 'command argument', 'edge template', 'env secret template', 'command secret template'];

const fieldAndValue = fc.tuple(fc.constantFrom(...Object.keys(FIELDS)), hostileString);

function withValue(field: string, value: string): Graph {
  const graph = baseGraph();
  FIELDS[field].set(graph, value);
  return graph;
}

/**
 * The output of `synth`, or undefined when synthesis refused a build context. A context is checked
 * against the disk after the schema (it must lie inside the graph's directory), so for that field
 * a clear error naming the context is the other accepted outcome; any other error fails the test.
 */
function synthesizedOrContextRefused(field: string, synth: () => Record<string, string>): Record<string, string> | undefined {
  try {
    return synth();
  } catch (error) {
    expect({ field, error: TopologyError.isTopologyError(error) ? 'TopologyError' : String(error) }).toEqual({ field: 'build context', error: 'TopologyError' });
    expect((error as Error).message).toMatch(/Build context of web/);
    return undefined;
  }
}

/** Synthesizes in memory; build contexts are the shop example's sources (nothing is read but their existence). */
function synthesize(graph: Graph): Record<string, string> {
  const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
  Topology.fromGraph(app, 'fuzz', graph, { baseDir: SHOP_DIR });
  // With environments: the first one flattened, so every oracle reads where its values land.
  const environment = Object.keys(graph.environments ?? {})[0];
  return app.synthFiles(environment === undefined ? {} : { environment });
}

function validateManifest(o: { apiVersion: string; kind: string }): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require(`kubernetes-models/${o.apiVersion}/${o.kind}`)[o.kind];
  new model(o).validate();
}

/** An ExternalSecret as the operator's CRD requires it: a store reference, a target, data of secretKey → remoteRef.key. */
function checkExternalSecret(o: { apiVersion: string; spec: { secretStoreRef: { name: unknown; kind: unknown }; target: { name: unknown }; data: Array<{ secretKey: unknown; remoteRef: { key: unknown; property?: unknown } }> } }): void {
  expect(o.apiVersion).toBe('external-secrets.io/v1');
  expect(typeof o.spec.secretStoreRef.name).toBe('string');
  expect(['ClusterSecretStore', 'SecretStore']).toContain(o.spec.secretStoreRef.kind);
  expect(typeof o.spec.target.name).toBe('string');
  for (const d of o.spec.data) {
    expect(d.secretKey).toEqual(expect.stringMatching(/^[-._a-zA-Z0-9]+$/));
    expect(typeof d.remoteRef.key).toBe('string');
    if (d.remoteRef.property !== undefined) expect(typeof d.remoteRef.property).toBe('string');
  }
}

/** The instruction keywords of a Dockerfile in order, split the way any reader splits lines. */
function instructions(text: string): string[] {
  const out: string[] = [];
  let continued = false;
  for (const line of text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)) {
    if (!continued && /^[A-Za-z]+(\s|$)/.test(line)) out.push(line.split(/\s/)[0].toUpperCase());
    continued = /\\$/.test(line);
  }
  return out;
}

/** Every oracle on a rendered output; `baseline` is the output of the same graph with a plain value. */
/** What no generated file holds raw: the corpus's control characters, except tab and line feed. */
const RAW_IN_FILE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkOutput(files: Record<string, string>, baseline: Record<string, string>, graph: Graph): void {
  for (const [file, text] of Object.entries(files)) {
    expect({ file, raw: RAW_IN_FILE.exec(text)?.[0] }).toEqual({ file, raw: undefined });
  }
  // Compose: the Compose Specification, and two parsers agree.
  const composeText = files['docker/docker-compose.yml'];
  const compose = parseYaml(composeText);
  validateCompose(compose);
  expect(validateCompose.errors ?? []).toEqual([]);
  expect(jsYaml.load(composeText)).toEqual(compose);
  expect(parseYaml(composeText, { version: '1.1' })).toEqual(compose);
  // Kubernetes: every object against its schema, every file read alike by two readers (yaml as
  // YAML 1.1, like kubectl's; js-yaml as 1.2).
  for (const [file, text] of Object.entries(files).filter(([f]) => f.startsWith('kubernetes/'))) {
    const docs = jsYaml.loadAll(text) as Array<{ apiVersion: string; kind: string } | null>;
    expect({ file, docs: parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS()) }).toEqual({ file, docs });
    for (const object of docs) {
      if (!object) continue;
      // No published models of the External Secrets Operator here: its object is checked by shape.
      if (object.kind === 'ExternalSecret') checkExternalSecret(object as never);
      else expect(() => validateManifest(object)).not.toThrow();
    }
  }
  // Dockerfiles keep the template's instruction sequence (paired in order: a name field renames them).
  const dockerfiles = (f: Record<string, string>) => Object.keys(f).filter((k) => k.startsWith('docker/Dockerfile.')).sort().map((k) => instructions(f[k]));
  expect(dockerfiles(files)).toEqual(dockerfiles(baseline));
  // Scripts parse, and print the endpoints exactly, expanding nothing.
  // One parse of the three scripts together (each ends its own constructs, so a syntax error in any shows).
  const scripts = ['start.sh', 'stop.sh', 'logs.sh'].map((s) => files[`docker/${s}`]).join('\n');
  expect(spawnSync('bash', ['-n'], { input: scripts }).status).toBe(0);
  const echoes = files['docker/start.sh'].split('\n').filter((line) => /^echo .*http:\/\/127\.0\.0\.1:/.test(line));
  const printed = spawnSync('bash', ['-c', echoes.join('\n')], { encoding: 'utf8', env: {} }).stdout;
  const expected = graph.services
    // Only published http ports are printed (a port is published when it names a host port).
    .filter((s: Graph) => s.ports?.[0]?.host !== undefined && (s.ports[0].protocol ?? 'http') === 'http')
    .sort((a: Graph, b: Graph) => (a.name < b.name ? -1 : 1))
    .map((s: Graph) => `  ${s.name}: http://127.0.0.1:${s.ports[0].host}${s.health?.kind === undefined || s.health.kind === 'http' ? (s.health?.path ?? '/health') : ''}\n`)
    .join('');
  expect(printed).toBe(expected);
}

it('the corpus goes through every free-text field, and every field exists in the graph the properties use', () => {
  for (const field of FREE_TEXT_FIELDS) expect(Object.keys(FIELDS)).toContain(field);
  for (const field of Object.keys(FIELDS)) expect(validateGraph(withValue(field, FIELDS[field].plain)).problems).toEqual([]);
});

/** A corpus string as a test title: JSON, with every character a terminal could act on escaped. */
const title = (value: string) => JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

it.each(HOSTILE_STRINGS.map((value) => [title(value), value]))('the corpus string %s in every free-text field is refused with a clear error or rendered inert', (_, value) => {
  const accepted: string[] = [];
  for (const field of FREE_TEXT_FIELDS) {
    const { problems } = validateGraph(withValue(field, value));
    // Free text refuses exactly the control characters, tab included (and a blank reason).
    // Templates hold "{" and "}" only in their placeholders (src/graph/connection.ts, secret-template.ts).
    const mustRefuse =
      CONTROL_CHARACTER.test(value) || value.includes('\t') || (field === 'acknowledgement reason' && !/\S/.test(value)) || (TEMPLATE_FIELDS.includes(field) && /[{}]/.test(value));
    expect({ field, refused: problems.length > 0 }).toEqual({ field, refused: mustRefuse });
    if (problems.length > 0) expect({ field, named: problems.some((p) => `${p.message} ${p.action}`.includes(FIELDS[field].where)) }).toEqual({ field, named: true });
    else accepted.push(field);
  }
  if (accepted.length === 0) return;
  // One graph with the value in every field that accepts it, against the same graph with plain values.
  const graph = baseGraph();
  const plain = baseGraph();
  for (const field of accepted) {
    FIELDS[field].set(graph, value);
    FIELDS[field].set(plain, FIELDS[field].plain);
  }
  expect(validateGraph(graph).problems).toEqual([]);
  checkOutput(synthesize(graph), synthesize(plain), graph);
});

it('a hostile value in any field is refused naming that field, or accepted only within its grammar (validation)', () => {
  fc.assert(
    fc.property(fieldAndValue, ([field, value]) => {
      const { problems } = validateGraph(withValue(field, value));
      if (problems.length === 0) {
        // Accepted: it holds nothing no generated file may hold raw.
        expect({ field, value, control: CONTROL_CHARACTER.test(value) }).toEqual({ field, value, control: false });
        return;
      }
      for (const p of problems) {
        expect(typeof p.message).toBe('string');
        expect(p.action.length).toBeGreaterThan(0);
      }
      expect({ field, value, named: problems.some((p) => `${p.message} ${p.value ?? ''} ${p.action}`.includes(FIELDS[field].where)) }).toEqual({ field, value, named: true });
      // A value of env or secrets is never shown (it may be a secret).
      if (field === 'env value' || field === 'secret name') {
        for (const p of problems) if (value.length > 3) expect(p.value ?? '').not.toContain(JSON.stringify(value).slice(1, -1));
      }
    }),
    params(RUNS),
  );
});

it('a hostile value that is accepted renders inert in every target (rendering oracles)', () => {
  fc.assert(
    fc.property(fieldAndValue, ([field, value]) => {
      const graph = withValue(field, value);
      if (validateGraph(graph).problems.length > 0) return;
      const baseline = synthesize(withValue(field, FIELDS[field].plain));
      const output = synthesizedOrContextRefused(field, () => synthesize(graph));
      if (output) checkOutput(output, baseline, graph);
    }),
    params(RUNS / 10),
  );
});

/** The construct door: the same value in code is refused exactly when the graph refuses it. */
it('the constructs refuse exactly what the graph refuses, and render the rest inert', () => {
  const SERVICE_PROPS: Record<string, (v: string) => Record<string, unknown>> = {
    description: (v) => ({ description: v }),
    entry: (v) => ({ entry: v }),
    'health path': (v) => ({ health: { path: v } }),
    'health command': (v) => ({ health: { kind: 'exec', command: ['/app/check', v] } }),
    command: (v) => ({ command: ['node', v] }),
    'env value': (v) => ({ env: { GREETING: v } }),
    'env name': (v) => ({ env: { [v]: 'x' } }),
    'label value': (v) => ({ labels: { 'com.example.team': v } }),
    'build context': (v) => ({ build: { context: v } }),
    'base image': (v) => ({ baseImages: { build: v } }),
  };
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(SERVICE_PROPS)), hostileString, (prop, value) => {
      const props = { runtime: 'node', port: 8002, build: { context: 'billing' }, ...SERVICE_PROPS[prop](value) };
      const graph = { name: 'fuzz', services: [{ name: 'web', archetype: 'web-service', ...props }] };
      const refusedByGraph = validateGraph(graph).problems.length > 0;
      const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
      const topology = new Topology(app, 'fuzz', { baseDir: SHOP_DIR });
      let thrown: unknown;
      try {
        new WebService(topology, 'web', props as never);
      } catch (error) {
        thrown = error;
      }
      expect({ prop, value, refused: thrown !== undefined }).toEqual({ prop, value, refused: refusedByGraph });
      if (thrown) expect(TopologyError.isTopologyError(thrown)).toBe(true);
      else {
        const output = synthesizedOrContextRefused(prop, () => app.synthFiles());
        if (output) checkOutput(output, synthesize({ name: 'fuzz', services: [{ name: 'web', archetype: 'web-service', runtime: 'node', port: 8002, build: { context: 'billing' } }] }), graph);
      }
    }),
    params(RUNS / 20),
  );
});

it('a dependency kind defined in code refuses hostile props, or renders them inert', () => {
  const base = () => ({
    type: 'queue',
    image: 'rabbitmq:3.13',
    port: 5672,
    healthCheck: { command: ['rabbitmq-diagnostics', '-q', 'ping'] },
    dataPath: '/var/lib/rabbitmq',
    env: { RABBITMQ_NODENAME: 'rabbit' },
    secretEnv: { RABBITMQ_DEFAULT_PASS: 'QUEUE_PASSWORD' },
    connection: { env: 'AMQP_URL', scheme: 'amqp', username: 'shop', passwordSecret: 'QUEUE_PASSWORD' },
  });
  const FIELD: Record<string, (p: any, v: string) => void> = {
    type: (p, v) => (p.type = v),
    image: (p, v) => (p.image = v),
    'health check argument': (p, v) => (p.healthCheck.command = ['check', v]),
    'command argument': (p, v) => (p.command = ['serve', v]),
    dataPath: (p, v) => (p.dataPath = v),
    scratchPath: (p, v) => (p.scratchPaths = [v]),
    'env value': (p, v) => (p.env = { RABBITMQ_NODENAME: v }),
    'env name': (p, v) => (p.env = { [v]: 'x' }),
    'secret name': (p, v) => (p.secretEnv = { RABBITMQ_DEFAULT_PASS: v }),
    'connection scheme': (p, v) => (p.connection.scheme = v),
    'connection user': (p, v) => (p.connection.username = v),
    'connection path': (p, v) => (p.connection.path = v),
    capability: (p, v) => (p.capabilities = [v]),
  };
  const render = (props: unknown) => {
    const app = new TopographApp({ outdir: path.join(SHOP_DIR, 'dist') });
    const topology = new Topology(app, 'fuzz', { baseDir: SHOP_DIR });
    const queue = new Dependency(topology, 'queue', props as never);
    new WebService(topology, 'web', { runtime: 'node', port: 8002, build: { context: 'billing' } }).uses(queue);
    return app.synthFiles();
  };
  const baseline = render(base());
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(FIELD)), hostileString, (field, value) => {
      const props = base();
      FIELD[field](props, value);
      let files: Record<string, string>;
      try {
        files = render(props);
      } catch (error) {
        expect({ field, value, error: TopologyError.isTopologyError(error) ? 'TopologyError' : String(error) }).toEqual({ field, value, error: 'TopologyError' });
        return;
      }
      checkOutput(files, baseline, { services: [{ name: 'web', archetype: 'web-service', port: 8002 }] });
    }),
    params(RUNS / 20),
  );
});

it('the CLI exits 0, 1 or 2, never crashes, prints no control character, and writes nothing after an error', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-fuzz-'));
  for (const context of ['catalog', 'billing']) {
    fs.cpSync(path.join(SHOP_DIR, context), path.join(root, context), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  const args = fc.constantFrom<string[]>(['synth', '--out', 'out'], ['synth', '--out', 'out', '--json'], ['validate'], ['validate', '--json'], ['graph'], ['graph', '--format', 'dot']);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fieldAndValue, args, async ([field, value], argv) => {
      const dir = path.join(root, String(n++));
      fs.mkdirSync(dir);
      const graph = withValue(field, value);
      for (const s of graph.services) if (s.build && typeof s.build.context === 'string' && !path.isAbsolute(s.build.context)) s.build.context = `../${s.build.context}`;
      fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph, null, 2));
      const out: string[] = [];
      const err: string[] = [];
      const code = await run(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env: {}, cwd: dir, prompt: async () => '' });
      const text = out.join('') + err.join('');
      expect({ field, value, code: [0, 1, 2].includes(code) }).toEqual({ field, value, code: true });
      expect(text).not.toContain('failed unexpectedly');
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      if (argv.includes('--json')) expect(() => JSON.parse(out.join(''))).not.toThrow();
      if (code !== 0) expect(fs.readdirSync(dir)).toEqual(['topology-graph.json']);
      fs.rmSync(dir, { recursive: true, force: true });
    }),
    params(RUNS / 20),
  );
  fs.rmSync(root, { recursive: true, force: true });
});
