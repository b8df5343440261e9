/** The Bun runtime: `bun install` on bun.lock, `bun build` to dist/, production dependencies only. */
import { shellWord } from '../../../escape';
import { SOURCE_FILE } from '../../grammar';
import { type ContextFile, copyContextFiles, type RuntimePack } from '../runtime';
import { jsProbeSource } from './js-probe';

const contextFiles: readonly ContextFile[] = [
  { file: 'package.json', create: () => 'create package.json (`bun init`), then run `bun install` to write bun.lock' },
  {
    file: 'bun.lock',
    create: (has) =>
      has('bun.lockb')
        ? 'run `bun install --save-text-lockfile` (Bun 1.2 and later write bun.lock by default) to write bun.lock next to the binary bun.lockb: the Dockerfile installs with `bun install --frozen-lockfile`'
        : 'run `bun install` to write bun.lock: the Dockerfile installs with `bun install --frozen-lockfile`',
  },
];

/** Bun (oven/bun images; slim at run time). */
export const BUN: RuntimePack = {
  name: 'bun',
  title: 'Bun',
  defaultVersion: '1',
  minimumVersion: { version: '1.2', reason: 'the Dockerfile installs from bun.lock, the text lockfile Bun writes by default since 1.2' },
  // Bun supports only its latest release (bun.sh/docs/project/roadmap): a line ends when the next
  // one is out. Release dates from the npm registry's times of @oven/bun-linux-x64 x.y.0 (1.0 and
  // 1.1 from bun.sh/blog), read 1 December 2026. "1" follows the latest 1.x and never warns.
  support: {
    source: 'bun.sh (only the latest release is supported); release dates from the npm registry',
    lines: [
      { line: '1.0', end: '2024-04-01' },
      { line: '1.1', end: '2025-01-22' },
      { line: '1.2', end: '2025-10-10' },
      { line: '1.3', end: '2026-08-20' },
    ],
  },
  buildImage: (v) => `oven/bun:${v}`,
  runtimeImage: (v) => `oven/bun:${v}-slim`,
  defaultEntry: () => 'src/index.ts',
  entry: () => ({ pattern: SOURCE_FILE, expected: 'a file relative to the build context, e.g. "src/index.ts" (no "..", not starting with "-")' }),
  entryRule: 'the source file, e.g. "src/index.ts" (default)',
  contextFiles,
  dockerignore: ['# Bun (dependencies and output are rebuilt inside the image)', 'node_modules/', 'dist/', '.bun/'],
  stages: (service) => {
    const built = `dist/${service.entry.replace(/^.*\//, '').replace(/\.[cm]?[jt]sx?$/, '')}.js`;
    return {
      workdir: '/app',
      dependencies: [copyContextFiles(contextFiles), 'RUN bun install --frozen-lockfile'],
      build: [
        'COPY . .',
        `RUN bun build ${shellWord(`./${service.entry.replace(/^\.\//, '')}`)} --outdir dist --target bun \\`,
        '    && rm -rf node_modules && bun install --frozen-lockfile --production',
      ],
      runtimeCopy: [
        'COPY --from=build /app/package.json ./package.json',
        'COPY --from=build /app/node_modules ./node_modules',
        'COPY --from=build /app/dist ./dist',
      ],
      runtimeEnv: { NODE_ENV: 'production' },
      hasShell: true,
      command: ['bun', 'run', built],
    };
  },
  // Bun implements node:net and the node:http2 client (bun.sh/docs/runtime/nodejs-apis).
  probeKinds: ['http', 'tcp', 'grpc'],
  healthProbe: (check) => ['bun', '-e', jsProbeSource(check)],
};
