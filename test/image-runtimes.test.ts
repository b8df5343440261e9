/**
 * Runtimes "dockerfile" (the service's own Dockerfile) and "image" (a prebuilt image), the
 * service's `user`, and image digests on versions (issue 17, items 2 and 10): through the CLI on a
 * graph file and through the constructs, compose and Kubernetes from the same graph.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Topology, TopologyError, validateGraph, WebService, Worker } from '../src';
import { Testing } from '../src/testing';
import { lintFiles } from '../src/lint';
import { supportStatus } from '../src/graph/kinds';
import { topograph } from './helpers/cli';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** A graph with one service of each new runtime, a generated one that calls both, and a pinned dependency. */
function graph(): Record<string, any> {
  return {
    name: 'own',
    services: [
      { name: 'api', archetype: 'web-service', runtime: 'dockerfile', port: 8080, user: 1000, build: { context: 'api', dockerfile: 'docker/Dockerfile.prod' }, command: ['serve', '--port', '8080'] },
      { name: 'search', archetype: 'web-service', runtime: 'image', image: `getmeili/meilisearch:v1.11@${DIGEST}`, port: 7700, env: { MEILI_ENV: 'development' }, secrets: ['MEILI_MASTER_KEY'], replicas: 2, resources: { limits: { cpu: 1, memory: '512Mi' } } },
      { name: 'front', archetype: 'web-service', runtime: 'node', runtimeVersion: `24@${DIGEST}`, port: 3000 },
      { name: 'jobs', archetype: 'worker', runtime: 'go', baseImages: { build: `golang:1.26-bookworm@${DIGEST}`, runtime: `gcr.io/distroless/static-debian12:nonroot@${DIGEST}` } },
    ],
    dependencies: [{ name: 'db', type: 'postgres', version: `17@${DIGEST}` }],
    edges: [
      { from: 'front', to: 'api' },
      { from: 'front', to: 'search' },
      { from: 'api', to: 'db' },
      { from: 'search', to: 'db' },
    ],
  };
}

/** A directory holding the graph and the sources it needs. */
function project(g: unknown = graph()): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-own-'));
  fs.mkdirSync(path.join(dir, 'api', 'docker'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'api', 'docker', 'Dockerfile.prod'), 'FROM debian:bookworm-slim\nUSER 1000:1000\nCMD ["/app/serve"]\n');
  fs.mkdirSync(path.join(dir, 'front'));
  fs.writeFileSync(path.join(dir, 'front', 'package.json'), '{"name":"front"}\n');
  fs.writeFileSync(path.join(dir, 'front', 'package-lock.json'), '{}\n');
  fs.mkdirSync(path.join(dir, 'jobs'));
  fs.writeFileSync(path.join(dir, 'jobs', 'go.mod'), 'module example.com/jobs\n\ngo 1.26\n');
  fs.writeFileSync(path.join(dir, 'topology-graph.json'), `${JSON.stringify(g, null, 2)}\n`);
  return dir;
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function problemsOf(g: unknown): string[] {
  return validateGraph(g).problems.map((p) => `${p.message} | ${p.action}`);
}

describe('through the CLI', () => {
  let dir: string;
  let out: Record<string, string>;
  let compose: any;
  let manifests: any[];
  beforeAll(() => {
    dir = project();
    const result = topograph(['synth'], { cwd: dir, env: { TOPOGRAPH_TODAY: '2026-12-01' } });
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.code).toBe(0);
    out = files(dir);
    compose = parse(out['dist/docker/docker-compose.yml']);
    manifests = fs
      .readFileSync(path.join(dir, 'dist/kubernetes/20-services.yaml'), 'utf8')
      .split(/^---$/m)
      .map((d) => parse(d))
      .filter(Boolean);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const deployment = (name: string) => manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name);

  it('writes no Dockerfile and no .dockerignore for them, and never touches the service\'s own', () => {
    expect(Object.keys(out).filter((f) => /Dockerfile|dockerignore/.test(f)).sort()).toEqual([
      'api/docker/Dockerfile.prod',
      'dist/docker/Dockerfile.front',
      'dist/docker/Dockerfile.jobs',
      'front/.dockerignore',
      'jobs/.dockerignore',
    ]);
    expect(out['api/docker/Dockerfile.prod']).toBe('FROM debian:bookworm-slim\nUSER 1000:1000\nCMD ["/app/serve"]\n');
  });

  it('compose builds the own Dockerfile, pulls the prebuilt image, and runs each as its user', () => {
    expect(compose.services.api.build).toEqual({ context: '../../api', dockerfile: 'docker/Dockerfile.prod' });
    expect(compose.services.api.image).toBe('own/api:0.1.0');
    expect(compose.services.api.user).toBe('1000:1000');
    expect(compose.services.api.command).toEqual(['serve', '--port', '8080']);
    expect(compose.services.search.build).toBeUndefined();
    expect(compose.services.search.image).toBe(`getmeili/meilisearch:v1.11@${DIGEST}`);
    expect(compose.services.search.user).toBeUndefined();
    expect(compose.services.front.user).toBeUndefined();
  });

  it('gives them no compose healthcheck, so dependants wait until they have started', () => {
    expect(compose.services.api.healthcheck).toBeUndefined();
    expect(compose.services.search.healthcheck).toBeUndefined();
    expect(compose.services.front.depends_on).toEqual({ api: { condition: 'service_started' }, search: { condition: 'service_started' } });
    expect(compose.services.search.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(out['dist/docker/start.sh']).toMatch(/api=running/);
  });

  it('keeps them full members: env, secrets, resources, ports, replicas, edges', () => {
    expect(compose.services.search.environment).toMatchObject({ MEILI_ENV: 'development', MEILI_MASTER_KEY: expect.stringContaining('${MEILI_MASTER_KEY:?') });
    expect(compose.services.search.environment.DATABASE_URL).toMatch(/^postgresql:\/\/search:\$\{DB_SEARCH_PASSWORD:\?/);
    expect(compose.services.search.deploy.resources.limits).toEqual({ cpus: '1', memory: '512M' });
    expect(compose.services.front.environment).toEqual({ API_SERVICE_URL: 'http://api:8080', SEARCH_SERVICE_URL: 'http://search:7700' });
    const search = deployment('search');
    expect(search.spec.replicas).toBe(2);
    expect(search.spec.template.spec.containers[0].image).toBe(`getmeili/meilisearch:v1.11@${DIGEST}`);
    expect(search.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 7700, name: 'http' }]);
  });

  it('Kubernetes probes them natively and sets their user, or only runAsNonRoot without one', () => {
    const api = deployment('api').spec.template.spec;
    expect(api.containers[0].image).toBe('own/api:0.1.0');
    expect(api.containers[0].args).toEqual(['serve', '--port', '8080']);
    expect(api.containers[0].readinessProbe.httpGet).toMatchObject({ path: '/health', port: 8080 });
    expect(api.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    const search = deployment('search').spec.template.spec;
    expect(search.securityContext.runAsNonRoot).toBe(true);
    expect(search.securityContext).not.toHaveProperty('runAsUser');
    expect(search.securityContext).not.toHaveProperty('fsGroup');
    // busybox would start as root: the wait container gets a user of its own.
    expect(search.initContainers.map((c: any) => c.securityContext.runAsUser)).toEqual([10001]);
    expect(api.initContainers.map((c: any) => c.securityContext.runAsUser)).toEqual([undefined]);
    expect(deployment('front').spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001 });
  });

  it('compose and Kubernetes agree on the user of every service', () => {
    for (const name of ['api', 'search', 'front', 'jobs']) {
      const k8sUser = deployment(name).spec.template.spec.securityContext.runAsUser;
      const composeUser = compose.services[name].user;
      if (name === 'api' || name === 'search') expect(composeUser).toBe(k8sUser === undefined ? undefined : `${k8sUser}:${k8sUser}`);
      else expect([composeUser, k8sUser]).toEqual([undefined, 10001]); // the generated Dockerfile's USER 10001
    }
  });

  it('pins digests: dependency version, runtimeVersion (same build and runtime image) and baseImages', () => {
    expect(compose.services.db.image).toBe(`postgres:17@${DIGEST}`);
    expect(out['dist/docker/Dockerfile.front'].match(/^FROM \S+/gm)).toEqual([`FROM docker.io/library/node:24-slim@${DIGEST}`, 'FROM dependencies', `FROM docker.io/library/node:24-slim@${DIGEST}`]);
    expect(out['dist/docker/Dockerfile.jobs'].match(/^FROM \S+/gm)).toEqual([
      `FROM docker.io/library/golang:1.26-bookworm@${DIGEST}`,
      'FROM dependencies',
      `FROM gcr.io/distroless/static-debian12:nonroot@${DIGEST}`,
    ]);
    expect(out['dist/docker/Dockerfile.front']).toContain('node 24');
  });

  it('lint: the own Dockerfile is linted, a service without user gets a warning, pinned images none', () => {
    const own = lintFiles({ 'api/docker/Dockerfile.prod': out['api/docker/Dockerfile.prod'] });
    expect(own.files).toEqual([{ path: 'api/docker/Dockerfile.prod', kind: 'dockerfile' }]);
    expect(own.findings.map((f) => f.rule)).toEqual(['dockerfile-missing-healthcheck']);
    const generated = lintFiles(Object.fromEntries(Object.entries(out).filter(([f]) => f.startsWith('dist/'))));
    expect(generated.errors).toBe(0);
    // Besides the resource limits this graph leaves out (the same for every service): only the unknown user of search.
    expect(generated.findings.filter((f) => !f.rule.endsWith('missing-resource-limits')).map((f) => `${f.rule} ${f.service}`)).toEqual(['kubernetes-unknown-user search']);
  });

  it('output snapshot', () => {
    expect({
      compose: out['dist/docker/docker-compose.yml'],
      services: out['dist/kubernetes/20-services.yaml'],
    }).toMatchSnapshot();
  });

  it('synth lints the own Dockerfile like a generated one: a root user fails it, per-service acknowledgements apply', () => {
    const d = project();
    try {
      fs.writeFileSync(path.join(d, 'api', 'docker', 'Dockerfile.prod'), 'FROM debian:bookworm-slim\nCMD ["/app/serve"]\n');
      const failed = topograph(['synth'], { cwd: d });
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain('The final stage (FROM debian:bookworm-slim) sets no USER, so it runs as root [dockerfile-root-user]');
      expect(failed.stderr).toContain("api/docker/Dockerfile.prod:1 (the service's own Dockerfile)");
      expect(failed.stderr).toContain('"rule": "dockerfile-root-user", "service": "api"');
      expect(fs.existsSync(path.join(d, 'dist'))).toBe(false);
      const g = graph();
      g.lint = { acknowledge: [{ rule: 'dockerfile-root-user', service: 'api', reason: 'the image drops privileges in its entrypoint' }] };
      fs.writeFileSync(path.join(d, 'topology-graph.json'), JSON.stringify(g));
      const acknowledged = topograph(['synth'], { cwd: d });
      expect(acknowledged.stderr).not.toMatch(/ERROR/);
      expect(acknowledged.code).toBe(0);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('refuses a missing own Dockerfile, naming it and the fix', () => {
    const g = graph();
    g.services[0].build.dockerfile = 'Dockerfile.missing';
    const d = project(g);
    try {
      const result = topograph(['validate'], { cwd: d });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('Service api has runtime "dockerfile" but its build context has no Dockerfile.missing');
      expect(result.stderr).toContain('Create it, or fix services[api].build.dockerfile');
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('validation', () => {
  const service = (over: Record<string, unknown>) => ({ name: 'x', services: [{ name: 'svc', archetype: 'web-service', port: 8080, ...over }] });

  it('accepts each new field where it belongs', () => {
    expect(problemsOf(graph())).toEqual([]);
  });

  it('requires image for runtime image, and refuses it elsewhere with the fix', () => {
    expect(problemsOf(service({ runtime: 'image' }))).toEqual(['Service svc runs a prebuilt image but names none | Add "image" to services[svc] in topology-graph.json']);
    expect(problemsOf(service({ runtime: 'node', image: 'nginx:1' }))).toEqual([
      'Only a service with runtime "image" names its image, but svc has runtime "node" | Remove services[svc].image, or set services[svc].runtime to "image" in topology-graph.json',
    ]);
  });

  it('refuses user on generated runtimes, and a uid out of range', () => {
    expect(problemsOf(service({ runtime: 'node', user: 1000 }))).toEqual(['Service svc sets "user", but its image is generated and always runs as 10001 | Remove services[svc].user in topology-graph.json']);
    for (const user of [0, -1, 2 ** 31, 1.5, '1000']) expect(problemsOf(service({ runtime: 'image', image: 'nginx:1', user }))).toHaveLength(1);
    expect(problemsOf(service({ runtime: 'image', image: 'nginx:1', user: 2 ** 31 - 1 }))).toEqual([]);
  });

  it('refuses the fields of a generated Dockerfile, build on a prebuilt image, and build.dockerfile elsewhere', () => {
    expect(problemsOf(service({ runtime: 'image', image: 'nginx:1', runtimeVersion: '1', framework: 'express', build: { context: 'x' } })).sort()).toEqual([
      'Service svc has runtime "image": topograph writes no Dockerfile for it, so "framework" does nothing | Remove services[svc].framework in topology-graph.json',
      'Service svc has runtime "image": topograph writes no Dockerfile for it, so "runtimeVersion" does nothing | Remove services[svc].runtimeVersion in topology-graph.json (pin the image itself instead, e.g. to a digest)',
      'Service svc runs a prebuilt image: nothing is built, so it has no "build" | Remove services[svc].build, or use "runtime": "dockerfile" to build the service\'s own Dockerfile, in topology-graph.json',
    ].sort());
    expect(problemsOf(service({ runtime: 'python', build: { dockerfile: 'Dockerfile' } }))).toEqual([
      'Only a service with runtime "dockerfile" has its own Dockerfile, but svc has runtime "python" | Remove services[svc].build.dockerfile (topograph generates the Dockerfile of a python service), or set services[svc].runtime to "dockerfile" in topology-graph.json',
    ]);
    expect(problemsOf({ name: 'x', services: [{ name: 'lib', archetype: 'library', runtime: 'dockerfile' }] })[0]).toMatch(/^Library lib is not built into an image/);
  });

  it('refuses a Dockerfile path that leaves the context', () => {
    for (const dockerfile of ['../Dockerfile', '/etc/Dockerfile', 'a/../../b', './Dockerfile', 'a\\b', '-f']) {
      expect(problemsOf(service({ runtime: 'dockerfile', build: { dockerfile } }))).toHaveLength(1);
    }
    expect(problemsOf(service({ runtime: 'dockerfile', build: { dockerfile: 'ops/Dockerfile.prod' } }))).toEqual([]);
  });

  it('digests: 64 lower-case hex digits; on a runtime with two images only with baseImages', () => {
    expect(problemsOf({ name: 'x', services: [{ name: 'svc', archetype: 'worker', runtime: 'node' }], dependencies: [{ name: 'db', type: 'postgres', version: `16@${DIGEST}` }] })).toEqual([]);
    for (const bad of [`24@${DIGEST.toUpperCase()}`, `24@${DIGEST.slice(0, -1)}`, '24@sha512:00', '@sha256:00', `24@${DIGEST}@${DIGEST}`]) {
      expect(problemsOf({ name: 'x', services: [{ name: 'svc', archetype: 'worker', runtime: 'node', runtimeVersion: bad }] })).toHaveLength(1);
    }
    expect(problemsOf({ name: 'x', services: [{ name: 'svc', archetype: 'worker', runtime: 'bun', runtimeVersion: `1.2@${DIGEST}` }] })).toEqual([
      'A digest in runtimeVersion pins one image, but Bun services of svc build on oven/bun:1.2 and run on oven/bun:1.2-slim | Move the digest to services[svc].baseImages (keep "runtimeVersion": "1.2") in topology-graph.json',
    ]);
    expect(problemsOf({ name: 'x', services: [{ name: 'svc', archetype: 'worker', runtime: 'bun', runtimeVersion: '1.2', baseImages: { build: `oven/bun:1.2@${DIGEST}` } }] })).toEqual([]);
    expect(problemsOf({ name: 'x', services: [{ name: 'svc', archetype: 'worker', runtime: 'bun', baseImages: {} }] })).toHaveLength(1);
  });

  it('a digest never breaks the version floor or the support calendar', () => {
    expect(problemsOf({ name: 'x', services: [{ name: 'svc', archetype: 'worker', runtime: 'node', runtimeVersion: `16@${DIGEST}` }] })[0]).toMatch(/^Node 16 is too old/);
    const today = new Date(Date.UTC(2026, 11, 1));
    expect(supportStatus('node', `20@${DIGEST}`, today)).toEqual(supportStatus('node', '20', today));
    expect(supportStatus('node', `20@${DIGEST}`, today).kind).toBe('ended');
  });
});

describe('through the constructs', () => {
  it('a Service with runtime image or dockerfile from TypeScript, with the same checks', () => {
    const app = Testing.app();
    const topology = new Topology(app, 'own');
    const search = new WebService(topology, 'search', { runtime: 'image', image: `getmeili/meilisearch:v1.11@${DIGEST}`, port: 7700, user: 1000 });
    new Worker(topology, 'api', { runtime: 'dockerfile', build: { dockerfile: 'ops/Dockerfile' } }).calls(search);
    expect(() => new WebService(topology, 'bad', { runtime: 'image', port: 8081 })).toThrow(TopologyError);
    expect(() => new WebService(topology, 'bad2', { runtime: 'node', port: 8082, user: 5 })).toThrow(/always runs as 10001/);
    const result = Testing.synth(app);
    expect(result.paths.filter((p) => /Dockerfile|dockerignore/.test(p))).toEqual([]);
    expect(result.composeService('search')).toMatchObject({ image: `getmeili/meilisearch:v1.11@${DIGEST}`, user: '1000:1000' });
    expect(result.composeService('search')).not.toHaveProperty('build');
    expect(result.composeService('api')).toMatchObject({ build: { dockerfile: 'ops/Dockerfile' }, image: 'own/api:0.1.0' });
    expect(result.composeService('api').depends_on).toEqual({ search: { condition: 'service_started' } });
    expect((result.manifest('Deployment', 'search') as any).spec.template.spec.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    expect(result.files).toMatchSnapshot();
  });
});
