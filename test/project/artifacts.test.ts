import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DiagnosticSeverity, validate as lintDockerfile } from 'dockerfile-utils';
import { parse } from 'yaml';
import { type ContainerArchetype, deployFiles, imageLabels, planDeployment, projectTopology } from '../../src/project/artifacts';
import { renderKubernetes } from '../../src/kubernetes';
import { decideArchetype, readPackageJson, readProject } from '../../src/project/project';
import { loadAssertions } from '../../src/specs/load';
import { FIXTURES, fixtureCopy } from './helpers';

const { $schema: _meta, ...composeSchema } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'compose-spec.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateCompose = ajv.compile(composeSchema);

function planFor(dir: string) {
  const load = loadAssertions(dir);
  if (load.kind !== 'ok') throw new Error(`fixture specs invalid: ${dir}`);
  const project = readProject(dir, readPackageJson(dir)!, load.specs);
  const decision = decideArchetype(project, load.specs);
  return { plan: planDeployment(project, load.specs, decision.archetype as ContainerArchetype), decision };
}

const CONTAINER_FIXTURES = ['web-service', 'cli-tool', 'data-pipeline'] as const;

describe.each(CONTAINER_FIXTURES)('%s fixture', (name) => {
  const { plan } = planFor(path.join(FIXTURES, name));
  const files = deployFiles(plan);

  it('renders the same files as the snapshot', () => {
    expect(files).toMatchSnapshot();
  });

  it('writes a compose file valid against the Compose Specification', () => {
    const ok = validateCompose(parse(files['docker-compose.yml']));
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('writes a Dockerfile without lint errors, running as a non-root user', () => {
    const errors = lintDockerfile(files.Dockerfile).filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors).toEqual([]);
    const production = files.Dockerfile.slice(files.Dockerfile.lastIndexOf('\nFROM '));
    expect(production).toMatch(/^USER 10001:10001$/m);
    expect(production).toMatch(/^FROM \S*(slim)\S* AS production$/m);
  });

  it('labels the image with the verification metadata of its assertions file', () => {
    const specs = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'specs', 'assertions.json'), 'utf8'));
    const labels = Object.fromEntries(imageLabels(plan));
    expect(labels['com.spec-driven.assertions']).toBe(String(specs.assertions.length));
    expect(labels['com.spec-driven.verified']).toBe('true');
    const times = [specs.verifiedAt, ...specs.assertions.map((a: { verifiedAt?: string }) => a.verifiedAt)].filter(Boolean).sort();
    expect(labels['com.spec-driven.verified-at']).toBe(specs.verifiedAt ?? times[times.length - 1]);
    for (const [key, value] of imageLabels(plan)) expect(files.Dockerfile).toContain(`LABEL ${key}=${JSON.stringify(value)}`);
  });

  it('never writes a secret value: secrets are required variables', () => {
    const compose = parse(files['docker-compose.yml']);
    for (const service of Object.values<any>(compose.services)) {
      for (const [key, value] of Object.entries<string>(service.environment ?? {})) {
        if (/PASSWORD|KEY|SECRET/.test(key)) expect(value).toMatch(/^\$\{[A-Z_]+:\?/);
      }
    }
  });
});

describe('deployFiles', () => {
  it.each(CONTAINER_FIXTURES)('is pure for the %s fixture: the same files with the project gone and the file system and process out of reach', (name) => {
    const dir = fixtureCopy(name);
    const { plan } = planFor(dir);
    const expected = deployFiles(plan);
    fs.rmSync(dir, { recursive: true, force: true });
    const touched: string[] = [];
    // The node:fs module object itself (the compiled modules read it through getters), not this file's namespace copy.
    const nodeFs = jest.requireActual<typeof fs>('node:fs');
    const spies = (['existsSync', 'statSync', 'lstatSync', 'readFileSync', 'readdirSync', 'realpathSync', 'accessSync'] as const).map((fn) =>
      jest.spyOn(nodeFs, fn).mockImplementation(((...args: unknown[]) => {
        touched.push(`fs.${fn}(${String(args[0])})`);
        throw new Error(`deployFiles touched fs.${fn}`);
      }) as never),
    );
    const cwd = jest.spyOn(process, 'cwd').mockImplementation(() => {
      touched.push('process.cwd()');
      throw new Error('deployFiles read process.cwd()');
    });
    try {
      expect(deployFiles(plan)).toEqual(expected);
    } finally {
      for (const spy of [...spies, cwd]) spy.mockRestore();
    }
    expect(touched).toEqual([]);
  });
});

describe('readOnlyRootFilesystem in the specs', () => {
  it('false leaves only the project writable; its dependencies stay read-only', () => {
    const { plan } = planFor(path.join(FIXTURES, 'data-pipeline'));
    expect(plan.readOnlyRootFilesystem).toBe(false);
    const compose = parse(deployFiles(plan)['docker-compose.yml']);
    const project = compose.services[plan.project.name];
    expect(project.read_only).toBeUndefined();
    expect(project.tmpfs).toBeUndefined();
    const others = Object.entries<any>(compose.services).filter(([name]) => name !== plan.project.name);
    expect(others.length).toBeGreaterThan(0);
    for (const [, service] of others) expect(service.read_only).toBe(true);
  });

  it('true (the default) makes the project read-only with a /tmp tmpfs', () => {
    const { plan } = planFor(path.join(FIXTURES, 'web-service'));
    expect(plan.readOnlyRootFilesystem).toBe(true);
    const project = parse(deployFiles(plan)['docker-compose.yml']).services[plan.project.name];
    expect(project.read_only).toBe(true);
    expect(project.tmpfs).toEqual(['/tmp']);
  });
});

describe('web service (bun)', () => {
  const { plan, decision } = planFor(path.join(FIXTURES, 'web-service'));
  const files = deployFiles(plan);

  it('is detected from its http assertions', () => {
    expect(decision).toEqual({ archetype: 'web-service', reason: 'specs/assertions.json has http assertions' });
  });

  it('builds with bun in two stages, health-checks the liveness path and exposes the port', () => {
    expect(files.Dockerfile).toContain('FROM docker.io/oven/bun:1 AS builder\n');
    // No dependencies, so bun writes no lockfile: a plain install (see the lockfile test below).
    expect(files.Dockerfile).toContain('COPY package.json ./\nRUN bun install\n');
    expect(files.Dockerfile).toContain('RUN bun build ./src/index.ts --outdir dist --target bun\n');
    expect(files.Dockerfile).toContain('FROM docker.io/oven/bun:1-slim AS production\n');
    expect(files.Dockerfile).toMatch(/^HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \\\n {2}CMD \["bun", "-e", "fetch\(\\"http:\/\/127\.0\.0\.1:3000\/livez\\"/m);
    expect(files.Dockerfile).toContain('\nEXPOSE 3000\n');
    expect(files.Dockerfile).toContain('\nCMD ["bun", "run", "dist/index.js"]\n');
  });

  it('adds postgres with a volume and its init script for the persistence assertion, and requires the passwords and the API variables', () => {
    const compose = parse(files['docker-compose.yml']);
    expect(Object.keys(compose.services)).toEqual(['db', 'todo-api']);
    expect(compose.services.db.image).toBe('postgres:17');
    expect(compose.services.db.volumes).toEqual(['db-data:/var/lib/postgresql/data', './init/db:/docker-entrypoint-initdb.d:ro']);
    expect(files['init/db/01-roles-and-databases.sh']).toContain(`SELECT 'CREATE DATABASE "todo-api" OWNER "todo-api"' WHERE NOT EXISTS`);
    expect(compose.services.db.environment.DB_TODO_API_PASSWORD).toMatch(/^\$\{DB_TODO_API_PASSWORD:\?/);
    expect(compose.volumes).toEqual({ 'db-data': null });
    expect(compose.services['todo-api'].environment).toEqual({
      DATABASE_URL: 'postgresql://todo-api:${DB_TODO_API_PASSWORD:?DB_TODO_API_PASSWORD is not set: copy .env.example to .env and set it}@db:5432/todo-api',
      NODE_ENV: 'production',
      PAYMENTS_API_KEY: '${PAYMENTS_API_KEY:?PAYMENTS_API_KEY is not set: copy .env.example to .env and set it}',
      PAYMENTS_API_URL: '${PAYMENTS_API_URL:?PAYMENTS_API_URL is not set: copy .env.example to .env and set it}',
      PORT: '3000',
    });
    expect(compose.services['todo-api'].depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(compose.services['todo-api'].read_only).toBe(true);
    expect(files['.env.example']).toMatch(/^DB_PASSWORD=$/m);
    expect(files['.env.example']).toMatch(/^DB_TODO_API_PASSWORD=$/m);
    expect(files['docker-compose.yml']).not.toContain('start.sh');
  });

  it('health-checks the container with the same probe in the Dockerfile and in docker-compose.yml', () => {
    const healthcheck = parse(files['docker-compose.yml']).services['todo-api'].healthcheck;
    const cmd = JSON.parse(/^ {2}CMD (\[.*\])$/m.exec(files.Dockerfile)![1]) as string[];
    expect(['CMD', ...cmd]).toEqual(healthcheck.test);
    expect(files.Dockerfile).toContain(`HEALTHCHECK --interval=${healthcheck.interval} --timeout=${healthcheck.timeout} --start-period=${healthcheck.start_period} --retries=${healthcheck.retries} \\\n`);
  });

  it('generates src/health.ts checking the database and the external API it asserts', () => {
    expect(files['src/health.ts']).toContain('run("database", () => checkDatabase("DATABASE_URL")),');
    expect(files['src/health.ts']).toContain('run("externalApi", () => checkExternalApi("PAYMENTS_API_URL")),');
    expect(files['src/health.ts']).not.toContain('checkQueue');
  });

  it('writes no src/health.ts when the project already answers the health path', () => {
    const dir = fixtureCopy('web-service');
    fs.writeFileSync(path.join(dir, 'src', 'routes.ts'), "export const routes = { '/health': () => new Response('ok') };\n");
    const { plan: own } = planFor(dir);
    expect(own.existingHealthEndpoint).toBe('src/routes.ts');
    expect(Object.keys(deployFiles(own))).not.toContain('src/health.ts');
  });

  it('installs from the lockfile, frozen, when there is one', () => {
    const dir = fixtureCopy('web-service');
    fs.writeFileSync(path.join(dir, 'bun.lock'), '{ "lockfileVersion": 1 }\n');
    const dockerfile = deployFiles(planFor(dir).plan).Dockerfile;
    expect(dockerfile).toContain('COPY package.json bun.lock ./\nRUN bun install --frozen-lockfile\n');
    expect(dockerfile).toContain('RUN rm -rf node_modules && bun install --frozen-lockfile --production\n');
  });

  it('adapts .dockerignore to what exists', () => {
    expect(files['.dockerignore']).toContain('\ntests/\n');
    expect(files['.dockerignore']).not.toContain('\ntest/\n');
    expect(files['.dockerignore']).toContain('\n!.env.example\nspecs/\n');
  });
});

describe('CLI tool', () => {
  const { plan, decision } = planFor(path.join(FIXTURES, 'cli-tool'));
  const files = deployFiles(plan);

  it('is detected from bin', () => {
    expect(decision).toEqual({ archetype: 'cli-tool', reason: 'package.json has a "bin" entry' });
  });

  it('compiles one binary per target architecture (amd64, arm64) and makes it the ENTRYPOINT', () => {
    expect(files.Dockerfile).toContain('FROM --platform=$BUILDPLATFORM docker.io/oven/bun:1 AS builder\nARG TARGETARCH\n');
    expect(files.Dockerfile).toContain('amd64|x86_64) target=bun-linux-x64 ;;');
    expect(files.Dockerfile).toContain('arm64|aarch64) target=bun-linux-arm64 ;;');
    expect(files.Dockerfile).toContain('bun build ./bin/wc-lite.js --compile --target="$target" --outfile dist/cli');
    expect(files.Dockerfile).toContain('FROM docker.io/library/debian:bookworm-slim AS production\n');
    expect(files.Dockerfile).toContain('COPY --from=builder /app/dist/cli /usr/local/bin/wc-lite\n');
    expect(files.Dockerfile).toMatch(/\nENTRYPOINT \["wc-lite"\]\n$/);
    // No RUN in the runtime stage: an arm64 image builds on amd64 without emulation.
    expect(files.Dockerfile.slice(files.Dockerfile.indexOf('AS production'))).not.toMatch(/^RUN /m);
  });

  it('has no database, health module or published port', () => {
    const compose = parse(files['docker-compose.yml']);
    expect(Object.keys(compose.services)).toEqual(['wc-lite']);
    expect(compose.services['wc-lite'].profiles).toEqual(['tools']);
    expect(compose.services['wc-lite'].ports).toBeUndefined();
    expect(Object.keys(files)).toEqual(['.dockerignore', 'Dockerfile', 'docker-compose.yml']);
  });
});

describe('data pipeline', () => {
  const { plan } = planFor(path.join(FIXTURES, 'data-pipeline'));
  const files = deployFiles(plan);

  it('runs once and exits, with the schedule as a label', () => {
    expect(files.Dockerfile).toContain('\nCMD ["node", "src/index.js"]\n');
    expect(files.Dockerfile).toContain('HEALTHCHECK NONE');
    expect(files.Dockerfile).toContain('LABEL com.spec-driven.schedule="0 3 * * *"');
    const compose = parse(files['docker-compose.yml']);
    expect(compose.services['nightly-rollup'].restart).toBe('no');
    expect(compose.services['nightly-rollup'].profiles).toEqual(['jobs']);
  });

  it('keeps the root filesystem writable when the specs say so', () => {
    const compose = parse(files['docker-compose.yml']);
    expect(compose.services['nightly-rollup'].read_only).toBeUndefined();
    expect(compose.services['nightly-rollup'].tmpfs).toBeUndefined();
    expect(compose.services['nightly-rollup'].cap_drop).toEqual(['ALL']);
  });

  it('installs with npm install when there is no lockfile', () => {
    expect(files.Dockerfile).toContain('COPY package.json ./\nRUN npm install --no-audit --no-fund\n');
  });
});

describe('archetype detection from package.json', () => {
  const detect = (pkg: object, files: Record<string, string> = {}) => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'topograph-detect-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    }
    return decideArchetype(readProject(dir, pkg, undefined), undefined);
  };

  it('an HTTP server dependency makes a web service', () => {
    expect(detect({ name: 'api', dependencies: { express: '4.0.0' } })).toEqual({
      archetype: 'web-service',
      reason: 'package.json depends on the HTTP server package "express"',
    });
  });

  it('a server started in the sources makes a web service', () => {
    expect(detect({ name: 'api' }, { 'src/index.ts': 'Bun.serve({ fetch: () => new Response("hi") });\n' })).toEqual({
      archetype: 'web-service',
      reason: 'src/index.ts starts an HTTP server (Bun.serve()',
    });
  });

  it('exports without a server make a library', () => {
    expect(detect({ name: 'lib', exports: './index.js' }).archetype).toBe('library');
  });

  it('bin wins over a server dependency', () => {
    expect(detect({ name: 'tool', bin: 'cli.js', dependencies: { fastify: '5.0.0' } }).archetype).toBe('cli-tool');
  });

  it('nothing to go on: an error asking for the archetype', () => {
    expect(() => detect({ name: 'mystery' })).toThrow('Cannot tell how to deploy mystery');
  });
});

describe('the project as a topology', () => {
  it('carries the pipeline schedule to a Kubernetes CronJob when rendered for Kubernetes', () => {
    const { plan } = planFor(path.join(FIXTURES, 'data-pipeline'));
    const manifests = Object.values(renderKubernetes(projectTopology(plan))).join('\n---\n');
    const cronJob = manifests
      .split(/^---$/m)
      .map((doc) => parse(doc))
      .find((doc) => doc?.kind === 'CronJob');
    expect(cronJob?.metadata?.name).toBe('nightly-rollup');
    expect(cronJob?.spec?.schedule).toBe('0 3 * * *');
  });
});
