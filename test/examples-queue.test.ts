/**
 * examples/queue, as `topograph synth` writes it: every generated file checked by the tool that
 * defines its format (the Compose Specification schema, a Dockerfile parser and linter, bash, the
 * Kubernetes OpenAPI models) and by `topograph lint`; and what the example is there to show — a
 * one-shot job the others wait on, host ports opt-in, two network segments — asserted on the output.
 * The e2e suite runs the same output (test/e2e/queue.e2e.test.ts).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DiagnosticSeverity, validate as lintDockerfile } from 'dockerfile-utils';
import { parse, parseAllDocuments } from 'yaml';
import { scratch, topograph } from './helpers/cli';
import { REPO } from './helpers/shop';

const EXAMPLE = path.join(REPO, 'examples', 'queue');

const { $schema: _meta, ...composeSchema } = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', 'compose-spec.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateCompose = ajv.compile(composeSchema);

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
}

/** Every generated file under `dir`, relative path → content (not synth's own record in .topograph/). */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, file);
    if (!relative.startsWith('.topograph')) files[relative] = fs.readFileSync(file, 'utf8');
  }
  return files;
}

/** A copy of the example (synth writes each build context's .dockerignore), synthesized into its dist/. */
const copy = scratch();
fs.cpSync(EXAMPLE, copy, { recursive: true, filter: (src) => !/(^|\/)(node_modules|dist)$/.test(src) });
const GRAPH = path.join(copy, 'topology-graph.json');
const out = path.join(copy, 'dist');
const synth = topograph(['synth', GRAPH, '--out', out], { cwd: copy });
const files = synth.code === 0 ? readTree(out) : {};
const compose = synth.code === 0 ? parse(files['docker/docker-compose.yml']) : { services: {} };
const objects: Manifest[] = Object.entries(files)
  .filter(([file]) => file.startsWith('kubernetes/') && file.endsWith('.yaml'))
  .flatMap(([, text]) => parseAllDocuments(text, { version: '1.1' }).map((doc) => doc.toJS() as Manifest))
  .filter((o) => o);
const object = (kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}; have ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
};

afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

describe('examples/queue: every generated file is valid', () => {
  it('synthesizes with the CLI (exit 0, no warning: the digest preference is topograph lint\'s, not synth\'s)', () => {
    expect(synth.code).toBe(0);
    const warnings = synth.stderr.split('\n').filter((line) => /\bwarning\b|error/i.test(line));
    expect(warnings).toEqual([]);
    expect(Object.keys(files).filter((f) => f.startsWith('docker/Dockerfile.')).sort()).toEqual(
      ['docker/Dockerfile.result', 'docker/Dockerfile.seed', 'docker/Dockerfile.vote', 'docker/Dockerfile.worker'],
    );
  });

  it('is deterministic: a second synth writes the same files (compose file as a snapshot)', () => {
    fs.rmSync(out, { recursive: true });
    expect(topograph(['synth', GRAPH, '--out', out], { cwd: copy }).code).toBe(0);
    expect(readTree(out)).toEqual(files);
    expect(files['docker/docker-compose.yml']).toMatchSnapshot();
  });

  it('the committed .dockerignore of each build context is the one synth writes', () => {
    for (const context of ['vote', 'worker', 'result', 'seed']) {
      const committed = fs.readFileSync(path.join(EXAMPLE, context, '.dockerignore'), 'utf8');
      expect({ context, same: fs.readFileSync(path.join(copy, context, '.dockerignore'), 'utf8') === committed }).toEqual({ context, same: true });
    }
  });

  it('the compose file validates against the Compose Specification schema', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'result', 'seed', 'vote', 'worker']);
    expect(validateCompose(compose) ? [] : validateCompose.errors).toEqual([]);
  });

  it('every Dockerfile parses and passes the linter without warnings', () => {
    const dockerfiles = Object.entries(files).filter(([f]) => f.includes('Dockerfile.'));
    expect(dockerfiles).toHaveLength(4);
    for (const [file, content] of dockerfiles) {
      const findings = lintDockerfile(content).filter((d) => d.severity !== DiagnosticSeverity.Hint);
      expect({ file, findings: findings.map((d) => `${d.range.start.line + 1}: ${d.message}`) }).toEqual({ file, findings: [] });
    }
  });

  it('every script is valid bash', () => {
    const scripts = Object.keys(files).filter((f) => f.endsWith('.sh'));
    expect(scripts).toEqual(expect.arrayContaining(['docker/start.sh', 'docker/stop.sh', 'docker/logs.sh']));
    for (const file of scripts) expect(() => execFileSync('bash', ['-n', path.join(out, file)], { stdio: 'pipe' })).not.toThrow();
  });

  it('every Kubernetes object validates against the Kubernetes OpenAPI schemas (kubernetes-models)', () => {
    expect(objects.length).toBeGreaterThan(15);
    for (const o of objects) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const model = require(`kubernetes-models/${o.apiVersion}/${o.kind}`)[o.kind];
      expect(() => new model(o).validate()).not.toThrow();
    }
  });

  it('topograph lint finds no error in the output', () => {
    const lint = topograph(['lint', out, '--json'], { cwd: os.tmpdir() });
    const report = JSON.parse(lint.stdout);
    expect({ code: lint.code, errors: report.errors }).toEqual({ code: 0, errors: 0 });
    expect(report.files.length).toBeGreaterThanOrEqual(7);
  });
});

describe('examples/queue: what it shows', () => {
  it('the seed job runs once with the stack; worker and result wait for it to complete', () => {
    expect(compose.services.seed.restart).toBe('no');
    expect(compose.services.seed.profiles).toBeUndefined();
    expect(compose.services.seed.ports).toBeUndefined();
    expect(compose.services.seed.healthcheck).toBeUndefined();
    const dependsOn = Object.fromEntries(Object.entries(compose.services).map(([name, s]: [string, any]) => [name, s.depends_on ?? {}]));
    expect(dependsOn).toEqual({
      postgres: {},
      redis: {},
      seed: { postgres: { condition: 'service_healthy' } },
      vote: { redis: { condition: 'service_healthy' } },
      worker: { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' }, seed: { condition: 'service_completed_successfully' } },
      result: { postgres: { condition: 'service_healthy' }, seed: { condition: 'service_completed_successfully' } },
    });
    // Kubernetes: seed is a Job; the pods that wait on it have an init container waiting for it to complete.
    expect(object('Job', 'seed').spec.template.spec.restartPolicy).toBe('Never');
    const inits = (kind: string, name: string) => (object(kind, name).spec.template.spec.initContainers ?? []).map((c: any) => c.name);
    expect({ seed: inits('Job', 'seed'), vote: inits('Deployment', 'vote'), worker: inits('Deployment', 'worker'), result: inits('Deployment', 'result') }).toEqual({
      seed: ['wait-for-postgres'],
      vote: ['wait-for-redis'],
      worker: ['wait-for-postgres', 'wait-for-redis', 'wait-for-seed'],
      result: ['wait-for-postgres', 'wait-for-seed'],
    });
    for (const name of ['worker', 'result']) {
      const wait = object('Deployment', name).spec.template.spec.initContainers.find((c: any) => c.name === 'wait-for-seed');
      expect(wait.command).toEqual(expect.arrayContaining(['kubectl', 'wait', '--for=condition=complete', 'job/seed']));
    }
  });

  it('only vote and result publish a port, on 127.0.0.1 at their host ports; Kubernetes Services listen on servicePort 80', () => {
    const published = Object.fromEntries(Object.entries(compose.services).filter(([, s]: [string, any]) => s.ports).map(([n, s]: [string, any]) => [n, s.ports]));
    expect(published).toEqual({ vote: ['127.0.0.1:8090:8000'], result: ['127.0.0.1:8091:3000'] });
    for (const [name, target] of [['vote', 8000], ['result', 3000]] as const) {
      expect(object('Service', name).spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([['http', 80, target]]);
    }
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).not.toContain('worker');
  });

  it('two segments: back holds redis, postgres, the worker and the seed; vote and result join both', () => {
    const networks = Object.fromEntries(Object.entries(compose.services).map(([name, s]: [string, any]) => [name, [...(Array.isArray(s.networks) ? s.networks : Object.keys(s.networks))].sort()]));
    expect(networks).toEqual({
      postgres: ['queue-back'],
      redis: ['queue-back'],
      seed: ['queue-back'],
      worker: ['queue-back'],
      vote: ['queue-back', 'queue-front'],
      result: ['queue-back', 'queue-front'],
    });
    expect(Object.keys(compose.networks).sort()).toEqual(['queue-back', 'queue-front']);
    // Kubernetes: a pod label per segment (NetworkPolicies follow the edges).
    const segmentsOf = (kind: string, name: string) => Object.keys(object(kind, name).spec.template.metadata.labels).filter((l) => l.startsWith('segment.')).sort();
    expect(segmentsOf('Deployment', 'vote')).toEqual(['segment.topograph.dev/back', 'segment.topograph.dev/front']);
    expect(segmentsOf('Deployment', 'worker')).toEqual(['segment.topograph.dev/back']);
    expect(segmentsOf('Job', 'seed')).toEqual(['segment.topograph.dev/back']);
  });

  it('worker, result and seed share the votes database, each with its own role', () => {
    for (const service of ['worker', 'result', 'seed']) {
      expect(compose.services[service].environment.DATABASE_URL).toMatch(new RegExp(`^postgresql://${service}:\\$\\{POSTGRES_${service.toUpperCase()}_PASSWORD:\\?[^}]*\\}@postgres:5432/votes$`));
    }
    expect(compose.services.vote.environment).toEqual({ REDIS_URL: 'redis://redis:6379' });
  });
});
