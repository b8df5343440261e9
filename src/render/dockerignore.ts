/**
 * `.dockerignore` for a build context. Engines read it from the root of the context (not from
 * beside the Dockerfile), so topograph writes one into each context it builds from, covering the
 * runtimes of every service built there (each runtime pack's `dockerignore` section, after the
 * common one). Nothing a Dockerfile COPYs by name is excluded.
 */
import type { Runtime } from '../graph/schema';
import { runtimePack } from '../graph/kinds';
import { dockerfileComment } from '../escape';
import { GENERATED_MARKER } from './marker';

const COMMON = [
  '# Version control and editors',
  '.git',
  '.gitignore',
  '.dockerignore',
  '.containerignore',
  '.vscode/',
  '.idea/',
  '**/.DS_Store',
  '**/*.swp',
  '',
  '# Secrets and local environment: never in an image',
  '**/.env',
  '**/.env.*',
  '!**/.env.example',
  '**/*.pem',
  '**/*.key',
  '',
  '# Tests, docs, logs and container files',
  'tests/',
  'test/',
  'coverage/',
  'docs/',
  '*.md',
  '**/*.log',
  'Dockerfile*',
  'docker-compose*.yml',
  'compose*.yml',
];

/** The `.dockerignore` of a build context holding services of `runtimes`, named in its header. */
export function renderDockerignore(runtimes: readonly Runtime[], services: readonly string[]): string {
  const sections = [...new Set(runtimes)].sort().map((r) => runtimePack(r).dockerignore.join('\n'));
  return [
    `# ${GENERATED_MARKER} — do not edit (delete this line to take the file over)`,
    `# ${dockerfileComment(`Build context of: ${[...services].sort().join(', ')}`)}`,
    '',
    COMMON.join('\n'),
    '',
    ...sections.flatMap((s) => [s, '']),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}
