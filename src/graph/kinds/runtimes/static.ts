/**
 * Static web: a single-page app built with npm (`npm ci`, `npm run build`) and served by the
 * unprivileged nginx image on the service's port, unknown paths answered with index.html.
 */
import { dockerfileWord, shellWord } from '../../../escape';
import { CONTEXT_DIRECTORY } from '../../grammar';
import { type ContextFile, type DockerfileStages, copyContextFiles, type RuntimePack, type RuntimeService, writeFileInstruction } from '../runtime';
import { NODE } from './node';

const contextFiles: readonly ContextFile[] = [
  { file: 'package.json', create: () => 'create package.json with a "build" script writing the site (e.g. `npm create vite@latest`), then run `npm install` to write package-lock.json' },
  { file: 'package-lock.json', create: () => 'run `npm install` to write package-lock.json: the Dockerfile installs with `npm ci`' },
];

/** The server block: the site from /usr/share/nginx/html on `port`, a history-API fallback to index.html. */
function serverConfig(port: number): string[] {
  return [
    'server {',
    `    listen ${port};`,
    '    server_name _;',
    '    root /usr/share/nginx/html;',
    '    index index.html;',
    '    server_tokens off;',
    '    location / {',
    '        try_files $uri $uri/ /index.html;',
    '    }',
    '}',
  ];
}

/**
 * HTTP check: busybox wget (the alpine image has no curl), exit 0 on a 2xx answer. The health
 * check's own timeout stops it (no `-T`: Debian's busybox 1.35 wget crashes on it, so the
 * stand-in could not check it).
 */
export function staticHttpProbe(url: string): string[] {
  return ['wget', '-q', '-O', '/dev/null', url];
}

/** TCP check: busybox nc, exit 0 when `port` on 127.0.0.1 accepts within `timeoutSeconds`. */
export function staticTcpProbe(port: number, timeoutSeconds: number): string[] {
  return ['nc', '-z', '-w', String(timeoutSeconds), '127.0.0.1', String(port)];
}

function stages(service: RuntimeService): DockerfileStages {
  const output = service.entry.replace(/^\.\//, '');
  return {
    workdir: '/app',
    dependencies: [copyContextFiles(contextFiles), 'RUN npm ci --no-audit --no-fund'],
    build: [
      'COPY . .',
      'RUN npm run build',
      `RUN test -f ${shellWord(`${output}/index.html`)} || { echo ${shellWord(`npm run build wrote no ${output}/index.html: set the service's entry to the build's output directory`)} >&2; exit 1; }`,
      ...writeFileInstruction('/out/default.conf', serverConfig(service.port ?? 8080)),
    ],
    runtimeCopy: ['COPY --from=build /out/default.conf /etc/nginx/conf.d/default.conf', `COPY --from=build ${dockerfileWord(output === '.' ? '/app/' : `/app/${output}/`)} /usr/share/nginx/html/`],
    runtimeEnv: {},
    // nginx-unprivileged on alpine: busybox, but no useradd; the numeric user needs no entry
    // (the image keeps its pid and temp files in /tmp).
    hasShell: false,
    command: ['nginx', '-g', 'daemon off;'],
  };
}

/** Static web (node to build; nginxinc/nginx-unprivileged, alpine, at run time). */
export const STATIC: RuntimePack = {
  name: 'static',
  title: 'Static web (nginx)',
  defaultVersion: '1.30',
  minimumVersion: { version: '1.26', reason: 'the runtime image is nginxinc/nginx-unprivileged:<version>-alpine, and 1.26 is the oldest stable line it is still published for' },
  // nginx.org/en/download.html: one stable line at a time, the even one branched each April; the
  // previous stable line gets no more fixes once the next is out (odd lines are mainline). The
  // version line is nginx's; the build stage uses node's default line. Read 1 December 2026.
  support: {
    source: 'nginx.org (only the current stable and mainline lines get fixes)',
    lines: [
      { line: '1.24', end: '2024-04-23' },
      { line: '1.25', end: '2024-04-23' },
      { line: '1.26', end: '2025-04-23' },
      { line: '1.27', end: '2025-04-23' },
      { line: '1.28', end: '2026-04' },
      { line: '1.29', end: '2026-04' },
      { line: '1.30', end: '2027-04' },
      { line: '1.31', end: '2027-04' },
    ],
  },
  buildImage: () => `node:${NODE.defaultVersion}-slim`,
  runtimeImage: (v) => `nginxinc/nginx-unprivileged:${v}-alpine`,
  defaultEntry: () => 'dist',
  entry: () => ({ pattern: CONTEXT_DIRECTORY, expected: 'the directory `npm run build` writes the site to, relative to the context, e.g. "dist" or "build" (no "..", not starting with "-")' }),
  entryRule: 'the build\'s output directory served by nginx, "dist" (default, vite) or e.g. "build"',
  contextFiles,
  dockerignore: ['# Static web (dependencies and the site are rebuilt inside the image)', 'node_modules/', 'dist/', 'build/', '.npm/', 'npm-debug.log*'],
  stages,
  healthProbe: (check) => staticHttpProbe(check.url),
};
