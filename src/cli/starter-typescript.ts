/**
 * The infra repo `topograph init --typescript` writes: a TypeScript project that composes a
 * topology in code, synthesizes it with `cdk8s synth` and snapshot-tests it with jest. Pure:
 * returns `{path: content}`; the command writes it.
 */

import { DEPENDENCY_VERSIONS } from '../defaults';

/** Versions the scaffold pins, taken from topograph's own package.json so they stay in step. */
export interface StarterVersions {
  /** npm spec of topograph itself, e.g. "file:/home/me/topograph-0.1.0.tgz" or "file:/home/me/topograph". */
  readonly topograph: string;
  /** Exact versions of the other packages, by name. */
  readonly packages: Readonly<Record<string, string>>;
}

/** The command that synthesizes, everywhere the scaffold prints it: without the flag, cdk8s-cli asks the npm registry for a newer version first and prints a stack trace offline. */
export const CDK8S_SYNTH = 'npx cdk8s synth --check-upgrade false';

/**
 * cdk8s-plus-27 lists a release tool, backport, as an optional dependency that it never loads; it
 * brings ~140 packages. The scaffold replaces it with this empty package (as topograph's own
 * repository does), through npm `overrides`.
 */
export const BACKPORT_STUB = 'stubs/backport/package.json';

const DEPENDENCIES = ['cdk8s', 'constructs'];
const DEV_DEPENDENCIES = ['@types/jest', '@types/node', 'cdk8s-cli', 'jest', 'ts-jest', 'typescript'];

/** PascalCase of a DNS label: "my-shop" → "MyShop". */
function pascal(name: string): string {
  return name
    .split('-')
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** camelCase of a DNS label: "my-shop" → "myShop". */
function camel(name: string): string {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
}

/** Every file of the TypeScript starter for a topology called `name`. */
export function typescriptStarter(name: string, versions: StarterVersions): Record<string, string> {
  const directory = versions.topograph.startsWith('file:') && !/\.t(ar\.)?gz$/.test(versions.topograph);
  const versionsOf = (names: string[]) => Object.fromEntries(names.map((n) => [n, versions.packages[n]]).filter(([, v]) => v !== undefined));
  const packageJson = {
    name: `${name}-infra`,
    version: '0.1.0',
    private: true,
    description: `Infrastructure of ${name}: a topograph topology in TypeScript.`,
    scripts: {
      build: 'tsc -p tsconfig.json',
      synth: 'cdk8s synth --check-upgrade false',
      test: 'jest',
    },
    dependencies: { ...versionsOf(DEPENDENCIES), topograph: versions.topograph },
    devDependencies: versionsOf(DEV_DEPENDENCIES),
    overrides: { backport: `file:./${BACKPORT_STUB.replace(/\/package\.json$/, '')}` },
  };
  const fn = `${camel(name)}Topology`;
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          lib: ['ES2022'],
          types: ['node', 'jest'],
          rootDir: '.',
          outDir: 'lib',
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          forceConsistentCasingInFileNames: true,
        },
        include: ['main.ts', 'src/**/*.ts', 'test/**/*.ts'],
      },
      null,
      2,
    )}\n`,
    'jest.config.js': `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\\\.ts$': 'ts-jest' },
};
`,
    'cdk8s.yaml': `# \`${CDK8S_SYNTH}\` (or npm run synth) compiles main.ts and runs it: the topology is written to dist/
# (dist/kubernetes: manifests; dist/docker: Dockerfiles, docker-compose.yml, scripts).
# cdk8s empties \`output\` before every run, so it names dist/kubernetes (regenerable manifests
# only): dist/docker, with the .env start.sh creates, is never emptied.
language: typescript
app: npx tsc -p tsconfig.json && node lib/main.js
output: dist/kubernetes
`,
    '.gitignore': 'node_modules/\nlib/\ndist/\n',
    [BACKPORT_STUB]: `${JSON.stringify(
      {
        name: 'backport',
        version: '0.0.0-stub',
        description: "Empty stand-in for cdk8s-plus-27's optional 'backport' dependency (a release tool it never loads), so npm install does not fetch ~140 packages. See package.json overrides.",
        private: true,
        license: 'MIT',
      },
      null,
      2,
    )}\n`,
    'main.ts': `// The cdk8s app (\`npm run synth\`): writes Dockerfiles, docker-compose.yml, scripts and
// Kubernetes manifests for the topology into dist/.
import { TopographApp } from 'topograph';
import { ${fn} } from './src/${name}';

const app = new TopographApp();
${fn}(app);
app.synth();
`,
    [`src/${name}.ts`]: `import type { Construct } from 'constructs';
import { Postgres, Topology, WebService } from 'topograph';

/**
 * The ${name} topology. Add services (WebService, Worker, CliTool, DataPipeline), dependencies
 * (Postgres, Redis, Nats, or your own Dependency) and the edges between them.
 */
export function ${fn}(scope: Construct): Topology {
  const topology = new Topology(scope, '${name}', {
    version: '0.1.0',
    // Build contexts are relative to this directory (the working directory of npm and cdk8s).
    baseDir: '.',
  });

  const postgres = new Postgres(topology, 'postgres', { version: '${DEPENDENCY_VERSIONS.postgres}', storage: '5Gi', resources: { limits: { cpu: 1, memory: '1Gi' } } });

  const api = new WebService(topology, 'api', {
    runtime: 'node', // python | node | bun | go
    entry: 'src/index.js',
    port: 3000,
    health: { path: '/health' },
    build: { context: 'apps/api' }, // your sources: package.json + package-lock.json (a placeholder app to start)
    env: { LOG_LEVEL: 'info' },
    secrets: ['SESSION_SECRET'], // names only: values come from .env or a Kubernetes Secret
    resources: { limits: { cpu: 1, memory: '512Mi' }, reservations: { cpu: '250m', memory: '128Mi' } },
  });

  // api needs postgres: DATABASE_URL is wired in, and postgres starts first.
  api.uses(postgres);

  return topology;
}
`,
    [`test/${name}.test.ts`]: `import { Testing } from 'topograph/testing';
import { ${fn} } from '../src/${name}';

describe('${name} infrastructure', () => {
  const app = Testing.app();
  ${fn}(app);
  const out = Testing.synth(app);

  it('matches the snapshot (every generated file)', () => {
    // After an intended change, review the diff and run \`npx jest -u\`.
    expect(out.files).toMatchSnapshot();
  });

  it('gives api its database and starts it after postgres', () => {
    expect(out.composeService('api').environment?.DATABASE_URL).toMatch(/^postgres(ql)?:\\/\\/.*@postgres:5432\\/api$/);
    expect(out.composeService('api').depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('runs api as a non-root Deployment', () => {
    const deployment = out.manifest('Deployment', 'api');
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(out.dockerfile('api')).toMatch(/^USER 10001:10001$/m);
  });
});
`,
    // The sources of api: a placeholder without dependencies, so the scaffold synthesizes and builds
    // as written (synth checks that the build context holds package.json and package-lock.json).
    'apps/api/package.json': `${JSON.stringify({ name: 'api', version: '0.1.0', private: true, description: 'Placeholder: replace with your application.', scripts: { start: 'node src/index.js' } }, null, 2)}\n`,
    'apps/api/package-lock.json': `${JSON.stringify({ name: 'api', version: '0.1.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'api', version: '0.1.0' } } }, null, 2)}\n`,
    'apps/api/src/index.js': `// Placeholder api: answers /health on $PORT. Replace with your application (run npm install
// after adding dependencies, so package-lock.json stays in step).
const http = require('node:http');

const port = Number(process.env.PORT ?? 3000);
const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: req.url === '/health' ? 'ok' : 'not found' }));
});
server.listen(port, () => console.log(\`api listening on \${port}\`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`,
    'README.md': `# ${name}-infra

The ${name} topology as TypeScript constructs (topograph).

\`\`\`sh
${'npm install'.padEnd(CDK8S_SYNTH.length)}   # once
${CDK8S_SYNTH}   # → dist/docker (Dockerfiles, docker-compose.yml, scripts), dist/kubernetes
${'npm test'.padEnd(CDK8S_SYNTH.length)}   # jest: a snapshot of every generated file plus targeted assertions
\`\`\`

- \`src/${name}.ts\`: the topology. Point \`build.context\` at your application sources (\`apps/api\`
  is a placeholder; each context needs the files its Dockerfile copies first, e.g. \`package.json\` and
  \`package-lock.json\` for node).
- \`main.ts\`: the cdk8s app that \`cdk8s.yaml\` runs.
- \`test/${name}.test.ts\`: \`Testing.synth\` from \`topograph/testing\`; the first \`npm test\` writes
  the snapshot (commit it); later runs fail on any change to the output until you run \`npx jest -u\`.
- Run the result: \`cd dist/docker && ./start.sh\`; on Kubernetes: \`kubectl apply -f dist/kubernetes\`.
- \`--check-upgrade false\` (also in \`npm run synth\`) stops cdk8s-cli from asking the npm registry for a
  newer version of itself first, which fails with a stack trace without network.
- \`${BACKPORT_STUB}\` and \`overrides\` in package.json keep cdk8s-plus-27's unused optional release
  tool (backport, ~140 packages) out of \`npm install\`.
- \`package.json\` depends on \`"topograph": "${versions.topograph}"\`: topograph is not on the npm
  registry, so this is the copy \`topograph init\` ran from. Change it when you move the tarball or
  the checkout.${
      directory
        ? `
- \`.npmrc\` sets \`install-links=true\`: npm copies that directory in as a registry install would,
  instead of linking it (a link would give this project two copies of \`constructs\`).`
        : ''
    }
- \`cdk8s synth\` empties \`dist/kubernetes\` (cdk8s.yaml \`output\`) before every run: keep nothing of
  yours there. \`dist/docker\` (with the \`.env\` \`start.sh\` creates) and the rest of \`dist/\` are kept.
`,
    ...(directory
      ? {
          '.npmrc': `# topograph is a file: dependency on a directory: install a copy of it, as a registry install would,
# rather than a link into it (which would give two copies of constructs).
install-links=true
`,
        }
      : {}),
  };
}
