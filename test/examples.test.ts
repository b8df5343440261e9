/**
 * The bundled examples of issue 17 — examples/polyglot (a polyglot gRPC shop) and examples/store (a
 * JVM store over MongoDB, MySQL and RabbitMQ) — synthesize from their JSON graphs alone, and every
 * file they generate passes the tool that defines its format: the Compose Specification schema,
 * the Kubernetes OpenAPI schemas (kubernetes-models), a Dockerfile parser and linter, bash's parser,
 * and `topograph lint` (the CLI, on the written output). Targeted assertions pin what each example
 * exists to show.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DiagnosticSeverity, validate as lintDockerfile } from 'dockerfile-utils';
import { parse, parseAllDocuments } from 'yaml';
import { REPO, synth } from './helpers/shop';

const { $schema: _meta, ...composeSchema } = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', 'compose-spec.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateCompose = ajv.compile(composeSchema);
const CLI = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: any;
}

function example(name: string) {
  const dir = path.join(REPO, 'examples', name);
  const graph = JSON.parse(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8'));
  const { files } = synth(graph, { baseDir: dir });
  const compose = parse(files['docker/docker-compose.yml']);
  const objects: Manifest[] = Object.entries(files)
    .filter(([file]) => file.startsWith('kubernetes/') && file.endsWith('.yaml'))
    .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as Manifest))
    .filter(Boolean);
  const find = (kind: string, objectName: string) => objects.find((o) => o.kind === kind && o.metadata.name === objectName);
  const container = (workload: string) => find('Deployment', workload)?.spec.template.spec.containers[0] ?? find('StatefulSet', workload)?.spec.template.spec.containers[0];
  // A container's variables: plain values, ConfigMap keys resolved, secret references as they are.
  const envOf = (workload: string): Record<string, any> =>
    Object.fromEntries(
      (container(workload)?.env ?? []).map((e: any) => {
        const ref = e.valueFrom?.configMapKeyRef;
        return [e.name, ref ? (find('ConfigMap', ref.name) as any)?.data?.[ref.key] : (e.value ?? e.valueFrom)];
      }),
    );
  return { dir, graph, files, compose, objects, find, container, envOf };
}

const EXAMPLES = ['polyglot', 'store'] as const;

describe.each(EXAMPLES)('examples/%s', (name) => {
  const ex = example(name);

  it('the compose file validates against the Compose Specification schema', () => {
    expect(validateCompose(ex.compose)).toBe(true);
    expect(validateCompose.errors ?? []).toEqual([]);
  });

  it('every Kubernetes object validates against the Kubernetes OpenAPI schemas', () => {
    expect(ex.objects.length).toBeGreaterThan(20);
    for (const object of ex.objects) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
      expect(() => new model(object).validate()).not.toThrow();
    }
  });

  it('every Dockerfile parses and passes the linter without warnings; every script is valid bash', () => {
    const dockerfiles = Object.entries(ex.files).filter(([file]) => file.startsWith('docker/Dockerfile.'));
    expect(dockerfiles.length).toBe(ex.graph.services.length);
    for (const [file, content] of dockerfiles) {
      const findings = lintDockerfile(content).filter((d) => d.severity !== DiagnosticSeverity.Hint);
      expect({ file, findings: findings.map((d) => `${d.range.start.line + 1}: ${d.message}`) }).toEqual({ file, findings: [] });
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `topograph-${name}-sh-`));
    for (const script of ['start.sh', 'stop.sh', 'logs.sh']) {
      fs.writeFileSync(path.join(dir, script), ex.files[`docker/${script}`]);
      expect(() => execFileSync('bash', ['-n', path.join(dir, script)], { stdio: 'pipe' })).not.toThrow();
    }
  });

  it('`topograph synth` then `topograph lint` on the written output pass, from the JSON file alone', () => {
    // A copy: synth writes .dockerignore files into the build contexts.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `topograph-${name}-`));
    fs.cpSync(ex.dir, path.join(work, name), { recursive: true, filter: (src) => !/[/\\](node_modules|dist|target|build)$/.test(src) });
    const out = path.join(work, 'out');
    const synthRun = spawnSync('node', [CLI, 'synth', path.join(work, name, 'topology-graph.json'), '--out', out], { encoding: 'utf8' });
    expect({ status: synthRun.status, stderr: synthRun.status === 0 ? '' : synthRun.stderr }).toEqual({ status: 0, stderr: '' });
    const lintRun = spawnSync('node', [CLI, 'lint', out], { encoding: 'utf8' });
    expect({ status: lintRun.status, output: lintRun.status === 0 ? '' : `${lintRun.stdout}\n${lintRun.stderr}` }).toEqual({ status: 0, output: '' });
  }, 60_000);

  it('writes no secret value: passwords are interpolated in compose and secretKeyRefs in Kubernetes', () => {
    for (const [file, text] of Object.entries(ex.files)) {
      expect({ file, password: /PASSWORD\s*[:=]\s*"?(?!\$\{|\$\()[A-Za-z0-9+/]{12,}/.test(text) }).toEqual({ file, password: false });
    }
  });
});

describe('examples/polyglot: a polyglot gRPC shop', () => {
  const ex = example('polyglot');
  const services = ex.graph.services as Array<{ name: string; runtime: string; ports: Array<{ protocol?: string }> }>;

  it('has at least ten services in at least five runtimes, most of them gRPC', () => {
    expect(services.length).toBeGreaterThanOrEqual(10);
    expect(new Set(services.map((s) => s.runtime)).size).toBeGreaterThanOrEqual(5);
    expect(services.filter((s) => s.ports.some((p) => p.protocol === 'grpc')).length).toBeGreaterThanOrEqual(8);
  });

  it('gives callers host:port addresses: the container port in compose, the Service port in Kubernetes', () => {
    expect(ex.compose.services.frontend.environment.PRODUCT_CATALOG_SERVICE_ADDR).toBe('catalog:3550');
    expect(ex.compose.services.checkout.environment.PAYMENT_SERVICE_ADDR).toBe('payment:50051');
    expect(ex.compose.services.cart.environment.REDIS_ADDR).toBe('cartstore:6379');
    expect(ex.envOf('frontend').PRODUCT_CATALOG_SERVICE_ADDR).toBe('catalog:3550');
    expect(ex.envOf('recommendation').PRODUCT_CATALOG_SERVICE_ADDR).toBe('catalog:3550');
    expect(ex.compose.services.frontend.environment.SHIPPING_SERVICE_URL).toBe('http://shipping:50051');
  });

  it('checks gRPC health: the node probe of grpc.health.v1 in compose, native grpc probes in Kubernetes', () => {
    const probe: string[] = ex.compose.services.currency.healthcheck.test;
    expect(probe.slice(0, 2)).toEqual(['CMD', 'node']);
    expect(probe.join(' ')).toContain('/grpc.health.v1.Health/Check');
    expect(ex.container('currency').readinessProbe.grpc).toEqual({ port: 7000, service: 'polyglot.Currency' });
    // Runtimes without a gRPC probe of their own run the service's own check (exec), and
    // Kubernetes restarts them on its native gRPC liveness probe.
    expect(ex.compose.services.catalog.healthcheck.test).toEqual(['CMD', '/app/app', 'healthcheck']);
    expect(ex.container('catalog').readinessProbe.exec.command).toEqual(['/app/app', 'healthcheck']);
    expect(ex.container('catalog').livenessProbe.grpc.port).toBe(3550);
    expect(ex.container('cart').livenessProbe.grpc.port).toBe(7070);
  });

  it('publishes only the front ends on the host', () => {
    const published = Object.entries(ex.compose.services)
      .sort(([a], [b]) => a.localeCompare(b))
      .filter(([, s]: [string, any]) => s.ports?.length)
      .map(([n, s]: [string, any]) => `${n} ${s.ports.join(',')}`);
    expect(published).toEqual(['frontend 8080:8080', 'web 8081:8080']);
  });

  it('waits for healthy gRPC services, and not at all for the lazy newsletter client', () => {
    expect(ex.compose.services.frontend.depends_on.catalog).toEqual({ condition: 'service_healthy' });
    expect(ex.compose.services.frontend.depends_on.newsletter).toBeUndefined();
    expect(ex.compose.services.cart.depends_on.cartstore).toEqual({ condition: 'service_healthy' });
  });

  it('keeps carts in Valkey', () => {
    expect(ex.compose.services.cartstore.image).toMatch(/^valkey\/valkey:/);
  });
});

describe('examples/store: a JVM store over MongoDB, MySQL and RabbitMQ', () => {
  const ex = example('store');

  it('builds every service with Java: Maven where there is a pom.xml, Gradle where there is a build.gradle', () => {
    for (const service of ex.graph.services as Array<{ name: string; runtime: string }>) {
      expect(service.runtime).toBe('java');
      const maven = fs.existsSync(path.join(ex.dir, service.name, 'pom.xml'));
      const dockerfile = ex.files[`docker/Dockerfile.${service.name}`];
      expect({ service: service.name, build: /^FROM \S*(maven|gradle)/m.exec(dockerfile)?.[1] }).toEqual({ service: service.name, build: maven ? 'maven' : 'gradle' });
    }
    expect(new Set((ex.graph.services as Array<{ name: string }>).map((s) => fs.existsSync(path.join(ex.dir, s.name, 'pom.xml'))))).toEqual(new Set([true, false]));
  });

  it('runs a document database, a relational database and a message broker from their official images', () => {
    expect(ex.compose.services.docdb.image).toMatch(/^mongo:/);
    expect(ex.compose.services.sqldb.image).toMatch(/^mysql:/);
    expect(ex.compose.services.broker.image).toMatch(/^rabbitmq:/);
  });

  it('gives the JDBC URL in the shape the app reads, with the password as a secret reference', () => {
    const env = ex.compose.services.catalogue.environment;
    expect(env.SPRING_DATASOURCE_URL).toBe('jdbc:mysql://sqldb:3306/catalogue');
    expect(env.SPRING_DATASOURCE_USERNAME).toBe('catalogue');
    expect(env.SPRING_DATASOURCE_PASSWORD).toMatch(/^\$\{[A-Z0-9_]+:\?/);
    expect(ex.envOf('catalogue').SPRING_DATASOURCE_PASSWORD).toEqual({ secretKeyRef: expect.objectContaining({ key: expect.any(String) }) });
    expect(ex.compose.services.carts.environment.SPRING_DATA_MONGODB_URI).toMatch(/^mongodb:\/\/[^@]*@docdb:27017\/carts(\?|$)/);
    expect(ex.compose.services.orders.environment.SPRING_DATA_MONGODB_URI).toMatch(/^mongodb:\/\/[^@]*@docdb:27017\/orders(\?|$)/);
    const shipping = ex.compose.services.shipping.environment;
    expect(shipping.SPRING_RABBITMQ_HOST).toBe('broker');
    expect(shipping.SPRING_RABBITMQ_PORT).toBe('5672');
  });
});
