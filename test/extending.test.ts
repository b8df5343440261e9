/**
 * A runtime and a dependency kind added from this file alone, the way docs/extending.md shows a
 * user doing it: registered through the public API, then used end to end from both doors — a
 * JSON graph naming them (validation, the JSON Schema, Dockerfile, .dockerignore, compose,
 * Kubernetes) and the constructs (`WebService` with the new runtime, `KindDependency` of the new
 * kind), which give the same files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  copyContextFiles,
  type ContextFile,
  type DependencyKindPack,
  jsString,
  KindDependency,
  loadGraphFile,
  registerDependencyKind,
  registerRuntime,
  type RuntimePack,
  shellWord,
  Topology,
  topologyGraphJsonSchema,
  TopologyError,
  TopographApp,
  validateGraph,
  WebService,
  Worker,
} from '../src';
import { Testing } from '../src/testing';

// ---- The runtime: Deno ------------------------------------------------------------------------

const denoContextFiles: readonly ContextFile[] = [
  { file: 'deno.json', create: () => 'run `deno init` to write deno.json' },
  { file: 'deno.lock', create: () => 'run `deno install` to write deno.lock: the Dockerfile installs with `deno install --frozen`' },
];

const DENO: RuntimePack = {
  name: 'deno',
  title: 'Deno',
  defaultVersion: '2.1',
  minimumVersion: { version: '2', reason: 'the Dockerfile installs with `deno install --frozen` (Deno 2)' },
  support: { source: 'deno.com (test data)', lines: [{ line: '2.0', end: '2025-02-18' }, { line: '2.1', end: '2099-12' }] },
  buildImage: (v) => `denoland/deno:debian-${v}`,
  runtimeImage: (v) => `denoland/deno:distroless-${v}`,
  frameworks: ['oak'],
  defaultEntry: () => 'main.ts',
  entry: () => ({ pattern: /^(?!-)[A-Za-z0-9_][A-Za-z0-9._/-]{0,200}\.ts$/, expected: 'a TypeScript file relative to the build context, e.g. "main.ts"' }),
  entryRule: 'the program file, e.g. "main.ts" (default)',
  contextFiles: denoContextFiles,
  dockerignore: ['# Deno (dependencies are cached inside the image)', '.deno/'],
  stages: (service) => ({
    workdir: '/app',
    dependencies: ['ENV DENO_DIR=/deno-dir', copyContextFiles(denoContextFiles), 'RUN deno install --frozen'],
    build: ['COPY . .', `RUN deno cache ${shellWord(service.entry)}`],
    runtimeCopy: ['COPY --from=build /deno-dir /deno-dir', 'COPY --from=build /app /app'],
    runtimeEnv: { DENO_DIR: '/deno-dir' },
    hasShell: false,
    command: ['deno', 'run', '--allow-net', '--allow-env', service.entry],
  }),
  healthProbe: (check) => [
    'deno',
    'eval',
    `fetch(${jsString(check.url)},{signal:AbortSignal.timeout(${check.timeoutSeconds * 1000})}).then((r)=>Deno.exit(r.ok?0:1),()=>Deno.exit(1))`,
  ],
};

// ---- The dependency kind: RabbitMQ with its management plugin (plain rabbitmq is built in) ----

const passwordOf = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_PASSWORD`;

const RABBITMQ: DependencyKindPack = {
  name: 'rabbitmq-management',
  defaultVersion: '4.0',
  image: (v) => `rabbitmq:${v}-management-alpine`,
  port: 5672,
  healthCheck: { command: ['rabbitmq-diagnostics', '-q', 'ping'], interval: '10s', timeout: '10s', retries: 5, startPeriod: '20s' },
  dataPath: '/var/lib/rabbitmq',
  env: { RABBITMQ_DEFAULT_USER: 'app' },
  secretEnv: (name) => ({ RABBITMQ_DEFAULT_PASS: passwordOf(name) }),
  connection: { env: 'AMQP_URL', scheme: 'amqp', username: 'app' },
  connectionFor: (dependency) => ({ passwordSecret: passwordOf(dependency) }),
  uid: 999,
  capabilities: ['CHOWN', 'SETGID', 'SETUID'],
};

registerRuntime(DENO);
registerDependencyKind(RABBITMQ);

// ---- The system, once as JSON and once in code -----------------------------------------------

const GRAPH = {
  name: 'mail',
  services: [
    { name: 'api', archetype: 'web-service', runtime: 'deno', framework: 'oak', port: 8000, health: { path: '/healthz' } },
    { name: 'sender', archetype: 'worker', runtime: 'deno', entry: 'worker.ts' },
  ],
  dependencies: [{ name: 'queue', type: 'rabbitmq-management', storage: '2Gi' }],
  edges: [
    { from: 'api', to: 'queue' },
    { from: 'sender', to: 'queue' },
  ],
};

/** A directory with the graph and the build contexts (each with the files the Deno stages copy). */
function project(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-extending-'));
  for (const service of ['api', 'sender']) {
    fs.mkdirSync(path.join(dir, service));
    for (const f of ['deno.json', 'deno.lock']) fs.writeFileSync(path.join(dir, service, f), '{}\n');
  }
  const file = path.join(dir, 'topology-graph.json');
  fs.writeFileSync(file, JSON.stringify(GRAPH, null, 2));
  return { dir, file };
}

function fromJson(dir: string) {
  const loaded = loadGraphFile(path.join(dir, 'topology-graph.json'));
  expect(loaded.problems).toEqual([]);
  const app = new TopographApp({ outdir: path.join(dir, 'dist') });
  Topology.fromGraph(app, 'mail', loaded.graph, { baseDir: dir });
  return Testing.synth(app);
}

describe('a runtime and a dependency kind registered from a test file', () => {
  const { dir } = project();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('the JSON door', () => {
    it('validates a graph naming them', () => {
      expect(validateGraph(GRAPH).problems).toEqual([]);
    });

    it('puts them in the JSON Schema', () => {
      const schema = JSON.stringify(topologyGraphJsonSchema());
      expect(schema).toContain('"enum":["python","node","bun","go","java","dotnet","rust","ruby","php","static","deno","dockerfile","image"]');
      expect(schema).toContain('"enum":["fastapi","flask","express","fastify","spring-boot","rack","sinatra","oak"]');
      expect(schema).toContain('"enum":["postgres","redis","nats","mysql","mariadb","mongodb","rabbitmq","kafka","valkey","memcached","minio","opensearch","elasticsearch","otel-collector","rabbitmq-management"]');
      expect(schema).toContain('Defaults: python 3.11, node 24, bun 1, go 1.26, java 21, dotnet 10.0, rust 1, ruby 3.4, php 8.4, static 1.30, deno 2.1.');
      expect(schema).toContain('Defaults: DATABASE_URL, REDIS_URL, NATS_URL, MYSQL_URL, MARIADB_URL, MONGODB_URL, AMQP_URL, KAFKA_URL, VALKEY_URL, MEMCACHED_URL, S3_URL, OPENSEARCH_URL, ELASTICSEARCH_URL, OTEL_EXPORTER_OTLP_ENDPOINT, <TARGET>_SERVICE_URL.');
    });

    it('builds the services with the pack: images, stages, probe and start command', () => {
      const dockerfile = fromJson(dir).dockerfile('api');
      expect(dockerfile).toContain('FROM docker.io/denoland/deno:debian-2.1 AS dependencies');
      expect(dockerfile).toContain('COPY deno.json deno.lock ./\nRUN deno install --frozen');
      expect(dockerfile).toContain('FROM docker.io/denoland/deno:distroless-2.1 AS runtime');
      expect(dockerfile).not.toContain('useradd'); // hasShell: false
      expect(dockerfile).toContain('USER 10001:10001');
      expect(dockerfile).toContain(
        'CMD ["deno", "eval", "fetch(\\"http://127.0.0.1:8000/healthz\\",{signal:AbortSignal.timeout(3000)}).then((r)=>Deno.exit(r.ok?0:1),()=>Deno.exit(1))"]',
      );
      expect(dockerfile).toMatch(/CMD \["deno", "run", "--allow-net", "--allow-env", "main.ts"\]\n$/);
      expect(fromJson(dir).dockerfile('sender')).toContain('RUN deno cache worker.ts');
    });

    it("writes the pack's .dockerignore section into each build context", () => {
      const out = fromJson(dir);
      const ignore = Object.entries(out.files).find(([p]) => p.endsWith('api/.dockerignore'))?.[1];
      expect(ignore).toContain('# Deno (dependencies are cached inside the image)\n.deno/\n');
    });

    it('runs the dependency in compose from its pack, and wires the connection variable', () => {
      const out = fromJson(dir);
      const queue = out.composeService('queue');
      expect(queue.image).toBe('rabbitmq:4.0-management-alpine');
      expect(queue.healthcheck.test).toEqual(['CMD', 'rabbitmq-diagnostics', '-q', 'ping']);
      expect(queue.volumes).toEqual(['queue-data:/var/lib/rabbitmq']);
      expect(queue.cap_add).toEqual(['CHOWN', 'SETGID', 'SETUID']);
      expect(queue.environment.RABBITMQ_DEFAULT_USER).toBe('app');
      expect(queue.environment.RABBITMQ_DEFAULT_PASS).toMatch(/^\$\{QUEUE_PASSWORD:\?/);
      expect(out.composeService('api').environment.AMQP_URL).toMatch(/^amqp:\/\/app:\$\{QUEUE_PASSWORD:\?[^}]*\}@queue:5672$/);
      expect(out.composeService('api').depends_on.queue.condition).toBe('service_healthy');
      expect(out.envExampleVariables).toContain('QUEUE_PASSWORD');
    });

    it('runs the dependency in Kubernetes as a StatefulSet of its user, with its volume', () => {
      const out = fromJson(dir);
      const statefulSet = out.manifest('StatefulSet', 'queue');
      const container = statefulSet.spec.template.spec.containers[0];
      expect(container.image).toBe('rabbitmq:4.0-management-alpine');
      expect(container.ports).toEqual([expect.objectContaining({ containerPort: 5672 })]);
      expect(container.readinessProbe.exec.command).toEqual(['rabbitmq-diagnostics', '-q', 'ping']);
      expect(statefulSet.spec.template.spec.securityContext.runAsUser).toBe(999);
      expect(statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
      const api = out.manifest('Deployment', 'api').spec.template.spec.containers[0];
      expect(api.env.map((e: { name: string }) => e.name)).toContain('AMQP_URL');
    });

    it("refuses what the packs refuse, with the packs' words", () => {
      const service = (fields: Record<string, unknown>) =>
        validateGraph({ name: 'mail', services: [{ name: 'api', archetype: 'worker', runtime: 'deno', ...fields }] }).problems;
      expect(service({ runtimeVersion: '1.46' })[0]).toMatchObject({
        message: 'Deno 1.46 is too old for the Dockerfile topograph generates for api',
        expected: 'deno 2 or later: the Dockerfile installs with `deno install --frozen` (Deno 2)',
      });
      expect(service({ entry: 'main.py' })[0]).toMatchObject({ expected: 'a TypeScript file relative to the build context, e.g. "main.ts"' });
      expect(service({ framework: 'fastapi' })[0]).toMatchObject({ message: 'Framework "fastapi" does not run on deno for api', expected: 'one of: oak (or no framework)' });
      expect(service({ runtime: 'dino' })[0]).toMatchObject({ expected: 'one of: python, node, bun, go, java, dotnet, rust, ruby, php, static, deno, dockerfile, image', action: "Did you mean 'deno'? Fix services[api].runtime in topology-graph.json" });
      const dependency = validateGraph({ name: 'mail', services: [{ name: 'a', archetype: 'worker', runtime: 'go' }], dependencies: [{ name: 'q', type: 'rabitmq' }] }).problems;
      expect(dependency[0]).toMatchObject({ expected: 'one of: postgres, redis, nats, mysql, mariadb, mongodb, rabbitmq, kafka, valkey, memcached, minio, opensearch, elasticsearch, otel-collector, rabbitmq-management', action: "Did you mean 'rabbitmq'? Fix dependencies[q].type in topology-graph.json" });
    });

    it("checks build contexts for the pack's context files", () => {
      const { dir: bare, file } = project();
      fs.rmSync(path.join(bare, 'api', 'deno.lock'));
      const problems = loadGraphFile(file).problems;
      expect(problems).toEqual([
        expect.objectContaining({
          message: 'Build context of api has no deno.lock',
          action: expect.stringContaining('run `deno install` to write deno.lock: the Dockerfile installs with `deno install --frozen`'),
        }),
      ]);
      fs.rmSync(bare, { recursive: true, force: true });
    });
  });

  describe('the TypeScript door', () => {
    it('builds the same files as the graph', () => {
      const app = new TopographApp({ outdir: path.join(dir, 'dist') });
      const mail = new Topology(app, 'mail', { baseDir: dir });
      const queue = new KindDependency(mail, 'queue', { type: 'rabbitmq-management', storage: '2Gi' });
      new WebService(mail, 'api', { runtime: 'deno', framework: 'oak', port: 8000, health: { path: '/healthz' } }).uses(queue);
      new Worker(mail, 'sender', { runtime: 'deno', entry: 'worker.ts' }).uses(queue);
      expect(queue.kind).toBe(RABBITMQ);
      expect(queue.connectionEnv).toBe('AMQP_URL');
      expect(Testing.synth(app).files).toEqual(fromJson(dir).files);
    });

    it('refuses an unknown runtime or kind at the line that names it', () => {
      const mail = new Topology(new TopographApp({ outdir: 'dist' }), 'mail');
      expect(() => new WebService(mail, 'api', { runtime: 'cobol', port: 1 })).toThrow(/Invalid runtime for api[\s\S]*one of: python, node, bun, go, java, dotnet, rust, ruby, php, static, deno/);
      expect(() => new KindDependency(mail, 'queue', { type: 'cassandra' })).toThrow(TopologyError);
      expect(() => new KindDependency(mail, 'queue', { type: 'cassandra' })).toThrow(/Unknown dependency type for dependency 'queue'[\s\S]*one of: postgres, redis, nats, mysql, mariadb, mongodb, rabbitmq, kafka, valkey, memcached, minio, opensearch, elasticsearch, otel-collector, rabbitmq-management/);
    });
  });

  describe('registration', () => {
    it('refuses a name that is taken, malformed, or a framework of another runtime', () => {
      expect(() => registerRuntime(DENO)).toThrow(/The runtime 'deno' is already registered/);
      expect(() => registerDependencyKind({ ...RABBITMQ, name: 'Rabbit MQ' })).toThrow(/Invalid dependency kind name/);
      expect(() => registerRuntime({ ...DENO, name: 'deno-next', frameworks: ['flask'] })).toThrow(/Framework 'flask' of runtime 'deno-next' already belongs to 'python'/);
      expect(() => registerDependencyKind({ ...RABBITMQ, name: 'amqp', port: 0 })).toThrow(/Invalid port in the 'amqp' dependency-kind pack/);
    });
  });
});
