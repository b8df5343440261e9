/** The Node.js runtime: `npm ci` on the lockfile, `npm run build`, production dependencies only. */
import { SOURCE_FILE } from '../../grammar';
import { type ContextFile, copyContextFiles, type RuntimePack } from '../runtime';
import { jsProbeSource } from './js-probe';

export { fetchProbeSource } from './js-probe';

const contextFiles: readonly ContextFile[] = [
  { file: 'package.json', create: () => 'create package.json (`npm init -y`), then run `npm install` to write package-lock.json' },
  {
    file: 'package-lock.json',
    create: (has) => {
      const other = ['yarn.lock', 'pnpm-lock.yaml', 'bun.lock'].find(has);
      const hint = other === 'bun.lock' ? ' (it does not read bun.lock: for a bun project, set "runtime": "bun")' : other ? ` (it does not read ${other})` : '';
      return `run \`npm install\` to write package-lock.json: the Dockerfile installs with \`npm ci\`${hint}`;
    },
  },
];

/** Node.js (official images, slim). */
export const NODE: RuntimePack = {
  name: 'node',
  title: 'Node',
  defaultVersion: '24',
  minimumVersion: { version: '18', reason: 'the health probe uses fetch and AbortSignal.timeout (Node 18), and `npm prune --omit=dev` needs npm 7 or later' },
  // github.com/nodejs/Release schedule.json (as shipped in the npm package node-releases 2.0.65),
  // read 1 December 2026: odd lines end after about eight months, even (LTS) lines after 30.
  support: {
    source: 'github.com/nodejs/Release (schedule.json)',
    lines: [
      { line: '16', end: '2023-09-11' },
      { line: '17', end: '2022-06-01' },
      { line: '18', end: '2025-04-30' },
      { line: '19', end: '2023-06-01' },
      { line: '20', end: '2026-04-30' },
      { line: '21', end: '2024-06-01' },
      { line: '22', end: '2027-04-30' },
      { line: '23', end: '2025-06-01' },
      { line: '24', end: '2028-04-30' },
      { line: '25', end: '2026-06-01' },
      { line: '26', end: '2029-04-30' },
      { line: '27', end: '2030-04-30' },
    ],
  },
  buildImage: (v) => `node:${v}-slim`,
  runtimeImage: (v) => `node:${v}-slim`,
  frameworks: ['express', 'fastify'],
  defaultEntry: () => 'dist/index.js',
  entry: () => ({ pattern: SOURCE_FILE, expected: 'a file relative to the build context, e.g. "dist/index.js" (no "..", not starting with "-")' }),
  entryRule: 'the built file, a relative path such as "dist/index.js" (default)',
  contextFiles,
  dockerignore: ['# Node.js (dependencies and output are rebuilt inside the image)', 'node_modules/', 'dist/', '.npm/', 'npm-debug.log*'],
  stages: (service) => ({
    workdir: '/app',
    dependencies: [copyContextFiles(contextFiles), 'RUN npm ci --no-audit --no-fund'],
    build: ['COPY . .', 'RUN npm run build --if-present && npm prune --omit=dev'],
    runtimeCopy: ['COPY --from=build /app /app'],
    runtimeEnv: { NODE_ENV: 'production' },
    hasShell: true,
    command: ['node', service.entry],
  }),
  probeKinds: ['http', 'tcp', 'grpc'],
  healthProbe: (check) => ['node', '-e', jsProbeSource(check)],
};
