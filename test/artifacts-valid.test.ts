/**
 * Generated files are checked by the tools that define their formats: every compose file against
 * the Compose Specification JSON schema, every Dockerfile through a Dockerfile parser and linter,
 * every script through bash's own parser.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DiagnosticSeverity, validate as lintDockerfile } from 'dockerfile-utils';
import { parse } from 'yaml';
import { shopGraph, synth } from './helpers/shop';
import { edgesGraph } from './edges/graph';

// The schema names its draft-07 meta-schema without the trailing '#' Ajv registers it under.
const { $schema: _meta, ...composeSchema } = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', 'compose-spec.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateCompose = ajv.compile(composeSchema);

/** Graphs covering every archetype, runtime and framework, so every template path is checked. */
function variants() {
  const shop = shopGraph();
  const everything = shopGraph();
  everything.services.push(
    { name: 'search', archetype: 'web-service', runtime: 'python', framework: 'flask', port: 8004, build: { context: 'catalog' } },
    { name: 'gateway', archetype: 'web-service', runtime: 'go', port: 8080, build: { context: 'catalog' }, public: true },
    { name: 'mailer', archetype: 'worker', runtime: 'node', build: { context: 'billing' }, secrets: ['SMTP_PASSWORD'] },
    { name: 'indexer', archetype: 'worker', runtime: 'python', port: 9100, health: { path: '/ready' }, build: { context: 'catalog' } },
    { name: 'front', archetype: 'web-service', runtime: 'node', port: 443, build: { context: 'billing' } },
    { name: 'report', archetype: 'data-pipeline', runtime: 'python', schedule: '0 3 * * *', build: { context: 'catalog' } },
    { name: 'admin', archetype: 'cli-tool', runtime: 'go', build: { context: 'catalog' } },
    { name: 'shared', archetype: 'library', runtime: 'node' },
    { name: 'api', archetype: 'web-service', runtime: 'node', framework: 'fastify', port: 8005, build: { context: 'billing' }, env: { PRICE: '$5' } },
  );
  everything.edges!.push({ from: 'mailer', to: 'nats' }, { from: 'report', to: 'postgres', database: 'reports' }, { from: 'gateway', to: 'auth' });
  return { shop, everything, edges: edgesGraph() };
}

describe.each(Object.entries(variants()))('%s graph', (_, graph) => {
  const { files } = synth(graph);

  it('compose file validates against the Compose Specification schema', () => {
    const compose = parse(files['docker/docker-compose.yml']);
    const valid = validateCompose(compose);
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('every Dockerfile parses and passes the linter without warnings', () => {
    const dockerfiles = Object.entries(files).filter(([f]) => f.includes('Dockerfile.'));
    expect(dockerfiles.length).toBeGreaterThan(0);
    for (const [file, content] of dockerfiles) {
      const findings = lintDockerfile(content).filter((d) => d.severity !== DiagnosticSeverity.Hint);
      expect({ file, findings: findings.map((d) => `${d.range.start.line + 1}: ${d.message}`) }).toEqual({ file, findings: [] });
    }
  });

  it('every script is valid bash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-sh-'));
    for (const name of ['start.sh', 'stop.sh', 'logs.sh']) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, files[`docker/${name}`]);
      expect(() => execFileSync('bash', ['-n', file], { stdio: 'pipe' })).not.toThrow();
    }
  });
});

it('the schema check rejects a broken compose file (so passing means something)', () => {
  expect(validateCompose({ services: { web: { image: 'x', restart: 5, ports: [{ target: 'eighty' }] } } })).toBe(false);
  expect(validateCompose({ services: { web: { image: 'x', bogus: true } } })).toBe(false);
});

describe('archetypes in compose', () => {
  const { files } = synth(variants().everything);
  const compose = parse(files['docker/docker-compose.yml']);

  it('runs tools and pipelines on demand (profiles), never restarting them', () => {
    expect(compose.services.admin.profiles).toEqual(['tools']);
    expect(compose.services.report.profiles).toEqual(['jobs']);
    expect(compose.services.report.restart).toBe('no');
  });

  it('builds no image for a library', () => {
    expect(compose.services.shared).toBeUndefined();
    expect(files['docker/Dockerfile.shared']).toBeUndefined();
  });

  it('escapes $ in plain values so compose does not interpolate them', () => {
    expect(compose.services.api.environment.PRICE).toBe('$$5');
  });

  it('gives a pipeline the database its edge names', () => {
    expect(compose.services.report.environment.DATABASE_URL).toMatch(/\/reports$/);
    expect(compose.services.report.environment.DATABASE_URL).toMatch(/^postgresql:\/\/report:\$\{POSTGRES_REPORT_PASSWORD:\?/);
    expect(files['docker/init/postgres/01-roles-and-databases.sh']).toContain(`SELECT 'CREATE DATABASE "reports" OWNER "report"' WHERE NOT EXISTS`);
  });

  it('uses a static probe in the distroless go image and ENTRYPOINT for tools', () => {
    expect(files['docker/Dockerfile.gateway']).toContain('HEALTHCHECK');
    expect(files['docker/Dockerfile.gateway']).toContain('CMD ["/app/healthcheck", "http://127.0.0.1:8080/health"]');
    expect(files['docker/Dockerfile.admin']).toContain('ENTRYPOINT ["/app/app"]');
    expect(files['docker/Dockerfile.mailer']).toContain('HEALTHCHECK NONE');
    expect(files['docker/Dockerfile.search']).toContain('CMD ["python", "-m", "gunicorn", "--bind", "0.0.0.0:8004", "main:app"]');
  });
});
