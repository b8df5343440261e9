/** The rule engine: which files it reads, acknowledgements, unreadable files, and our own output. */
import { countsOf, formatFinding, kindOf, lintFiles, UNREADABLE_FILE } from '../../src/lint';
import { isSecretName } from '../../src/lint/checks';
import { parseDockerfile } from '../../src/lint/parse/dockerfile';
import { labGraph } from '../kubernetes/helpers';
import { shopGraph, synth } from '../helpers/shop';

const ROOT_DOCKERFILE = 'FROM node:24-slim\nHEALTHCHECK NONE\nCMD ["node", "index.js"]\n';

describe('file kinds', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.catalog', 'dockerfile'],
    ['api/prod.Dockerfile', 'dockerfile'],
    ['docker-compose.yml', 'compose'],
    ['deploy/compose.prod.yaml', 'compose'],
    ['start.sh', undefined],
    ['.env.example', undefined],
  ])('%s is read as %s', (file, kind) => {
    expect(kindOf(file, '')).toBe(kind);
  });

  it.each([
    ['Containerfile', 'dockerfile'],
    ['build/Containerfile.prod', 'dockerfile'],
    ['dockerfile', 'dockerfile'],
    ['Dockerfile.dev', 'dockerfile'],
    ['Dockerfile.python3.12', 'dockerfile'],
    ['web/Build.dockerfile', 'dockerfile'],
    ['src/lint/parse/dockerfile.ts', undefined],
    ['lib/src/render/dockerfile.js', undefined],
    ['lib/src/render/dockerfile.js.map', undefined],
    ['lib/src/render/dockerfile.d.ts', undefined],
    ['src/Dockerfile.tsx', undefined],
    ['test/__snapshots__/dockerfile.test.ts.snap', undefined],
    ['pkg/dockerfile.go', undefined],
    ['docs/Dockerfile.md', undefined],
    ['Dockerfile.dockerignore', undefined],
    ['api.Dockerfile.dockerignore', undefined],
    ['Dockerfile.swp', undefined],
    ['Dockerfiles', undefined],
    ['my-dockerfile', undefined],
  ])('by name, %s is read as %s', (file, kind) => {
    expect(kindOf(file)).toBe(kind);
  });

  it('a Dockerfile.<service> whose service name is also a file extension is read when its text is a Dockerfile', () => {
    // topograph names its Dockerfiles Dockerfile.<service>, and a service may be called "map" or "go".
    expect(kindOf('docker/Dockerfile.map', '# syntax=docker/dockerfile:1\nARG BASE=node:20\nFROM ${BASE}\n')).toBe('dockerfile');
    expect(kindOf('docker/Dockerfile.go', 'FROM golang:1.23 AS build\n')).toBe('dockerfile');
    expect(kindOf('docker/Dockerfile.sh', '# built on Windows\r\n\r\nFROM alpine:3.20\r\n')).toBe('dockerfile');
    expect(kindOf('docker/Dockerfile.sh', `${'# comment\r\n'.repeat(5000)}echo not a Dockerfile\n`)).toBeUndefined();
    expect(kindOf('lib/dockerfile.js.map', '{"version":3,"file":"dockerfile.js"}')).toBeUndefined();
    expect(kindOf('src/dockerfile.ts', "/** FROM the graph */\nimport { x } from './x';\n")).toBeUndefined();
    expect(kindOf('tools/dockerfile.py', 'from os import path\n')).toBeUndefined();
  });

  it('reads other YAML as Kubernetes only when it looks like a manifest', () => {
    expect(kindOf('k8s/app.yaml', 'apiVersion: v1\nkind: Service\n')).toBe('kubernetes');
    expect(kindOf('.github/workflows/ci.yml', 'on: push\njobs: {}\n')).toBeUndefined();
  });
});

describe('secret names', () => {
  it.each(['DB_PASSWORD', 'JWT_SECRET', 'GITHUB_TOKEN', 'API_KEY', 'AWS_SECRET_ACCESS_KEY', 'SECRET_KEY_BASE', 'db_password', 'CREDENTIALS', 'DB_PASS', 'AUTH', 'STRIPE_KEY', 'BASIC_AUTH'])('%s is a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(['TOKEN_URL', 'PASSWORD_MIN_LENGTH', 'SECRET_NAME', 'LOG_LEVEL', 'JWT_SECRET_FILE', 'AWS_ACCESS_KEY_ID', 'AUTH_URL', 'PASSPORT_MODE', 'KEYBOARD'])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('Dockerfile reader', () => {
  it('treats heredoc lines as content, not instructions', () => {
    const file = parseDockerfile('Dockerfile', 'FROM a:1\nRUN <<EOF\nUSER root\nFROM evil\nEOF\nUSER app\n');
    expect(file.stages.length).toBe(1);
    expect(file.stages[0].instructions.map((i) => [i.keyword, i.line])).toEqual([
      ['RUN', 2],
      ['USER', 6],
    ]);
  });

  it('joins continuation lines, skips comments and keeps the start line', () => {
    const file = parseDockerfile('Dockerfile', '# syntax=docker/dockerfile:1\nFROM a:1 AS base\nRUN one \\\n  # a comment\n  two\nFROM base\nUSER app\n');
    expect(file.stages.map((s) => [s.from, s.alias, s.line])).toEqual([
      ['a:1', 'base', 2],
      ['base', undefined, 6],
    ]);
    expect(file.stages[0].instructions).toEqual([{ keyword: 'RUN', args: 'one two', line: 3 }]);
  });

  it('honours the escape directive', () => {
    const file = parseDockerfile('Dockerfile', '# escape=`\nFROM a:1\nRUN dir `\n  c:\\\\\n');
    expect(file.stages[0].instructions).toEqual([{ keyword: 'RUN', args: 'dir c:\\\\', line: 3 }]);
  });
});

describe('acknowledgements', () => {
  const files = { 'docker/Dockerfile.api': ROOT_DOCKERFILE, 'docker/Dockerfile.web': ROOT_DOCKERFILE };

  it('reports findings of every linted file, sorted, with counts', () => {
    const result = lintFiles(files);
    expect(result.findings.map((f) => [f.file, f.rule, f.service])).toEqual([
      ['docker/Dockerfile.api', 'dockerfile-root-user', 'api'],
      ['docker/Dockerfile.web', 'dockerfile-root-user', 'web'],
    ]);
    expect(countsOf(result)).toBe('2 errors, 0 warnings');
    expect(formatFinding(result.findings[0])).toBe(
      'docker/Dockerfile.api:1  error  The final stage (FROM node:24-slim) sets no USER, so it runs as root [dockerfile-root-user]\n' +
        '  Fix: Create an unprivileged user and end the final stage with `USER <uid>:<gid>` (e.g. USER 10001:10001).',
    );
  });

  it('moves a finding acknowledged for its service aside, with the reason', () => {
    const result = lintFiles(files, { acknowledge: [{ rule: 'dockerfile-root-user', service: 'api', reason: 'binds port 80' }] });
    expect(result.findings.map((f) => f.service)).toEqual(['web']);
    expect(result.acknowledged).toEqual([expect.objectContaining({ rule: 'dockerfile-root-user', service: 'api', reason: 'binds port 80' })]);
    expect(result.errors).toBe(1);
  });

  it('an acknowledgement without a service covers the rule everywhere; unused ones are reported', () => {
    const unused = { rule: 'compose-privileged', reason: 'old' };
    const result = lintFiles(files, { acknowledge: [{ rule: 'dockerfile-root-user', reason: 'legacy images' }, unused] });
    expect(result.findings).toEqual([]);
    expect(result.unusedAcknowledgements).toEqual([unused]);
  });
});

it('reports a file it cannot parse as an error finding with its line, and goes on', () => {
  const result = lintFiles({ 'docker-compose.yml': 'services:\n  api:\n    image: [unclosed\n', Dockerfile: ROOT_DOCKERFILE });
  expect(result.findings.map((f) => [f.file, f.rule])).toEqual([
    ['Dockerfile', 'dockerfile-root-user'],
    ['docker-compose.yml', UNREADABLE_FILE],
  ]);
  expect(result.findings[1].message).toMatch(/^Cannot read docker-compose.yml as a compose file: not valid YAML/);
  expect(result.findings[1].line).toBeGreaterThan(1);
});

it('reads only workload documents of a manifest file, with lines counted from the top of the file', () => {
  const text = [
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: { name: api }',
    'spec: { ports: [{ port: 80 }] }',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata: { name: once }',
    'spec:',
    '  template:',
    '    spec:',
    '      hostPID: true',
    '      containers: []',
    '',
  ].join('\n');
  const { findings } = lintFiles({ 'k8s/all.yaml': text });
  expect(findings.map((f) => [f.rule, f.line, f.service])).toEqual([['kubernetes-host-namespaces', 13, 'once']]);
});

describe('compose lines are those of the whole file, whichever way it is written', () => {
  // Lines come from one service's block when the layout is plain, else from parsing the whole
  // file: both must give the line a reader sees. The expected lines are found by text search here.
  const lineOf = (text: string, pattern: RegExp) => text.split('\n').findIndex((l) => pattern.test(l)) + 1;

  it.each([
    [
      'block style with comments, quotes, anchors and a merge',
      [
        '# top comment',
        'x-base: &base',
        '  restart: unless-stopped',
        'services:',
        '  # the API',
        '  "api":',
        '    <<: *base',
        '    image: "api:1.0"',
        '',
        '    privileged: true',
        '  worker:',
        '    image: worker:1.0',
        '    network_mode: host',
        'networks: {}',
        '',
      ].join('\n'),
    ],
    ['flow style', ['services: { api: { image: "api:1.0", privileged: true }, worker: { image: "worker:1.0", network_mode: host } }', ''].join('\n')],
    [
      'four-space indentation',
      ['services:', '    api:', '        image: api:1.0', '        privileged: true', '    worker:', '        image: worker:1.0', '        network_mode: host', ''].join('\n'),
    ],
  ])('%s', (_name, text) => {
    const { findings } = lintFiles({ 'docker-compose.yml': text });
    const line = (rule: string) => findings.find((f) => f.rule === rule)?.line;
    expect(line('compose-privileged')).toBe(lineOf(text, /privileged: true/));
    expect(line('compose-host-namespaces')).toBe(lineOf(text, /network_mode: host/));
    expect(findings.filter((f) => f.rule === 'compose-missing-resource-limits').map((f) => [f.service, f.line])).toEqual([
      ['api', lineOf(text, /^\s*"?api"?:|\{ api:/)],
      ['worker', lineOf(text, /^\s*worker:|worker: \{/)],
    ]);
  });
});

it('ignores empty files and compose files without services', () => {
  expect(lintFiles({ 'docker-compose.yml': '', 'compose.yaml': 'volumes: {}\n', Dockerfile: '' }).findings).toEqual([]);
});

describe.each([
  ['shop example', shopGraph],
  ['every archetype', labGraph],
])('our own output (%s)', (_, graph) => {
  const { files } = synth(graph());
  const result = lintFiles(files);

  it('lints every Dockerfile, the compose file and every manifest', () => {
    const kinds = result.files.map((f) => f.kind);
    expect(kinds).toContain('dockerfile');
    expect(kinds).toContain('compose');
    expect(kinds).toContain('kubernetes');
  });

  it('has no error-level finding', () => {
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

it('the shop example output is clean: no findings but the preference for digests on its three dependency images', () => {
  const { findings } = lintFiles(synth(shopGraph()).files);
  expect(findings.map((f) => `${f.rule} ${f.service}`)).toEqual([
    'compose-image-without-digest nats',
    'compose-image-without-digest postgres',
    'compose-image-without-digest redis',
  ]);
  expect(findings.every((f) => f.severity === 'warning')).toBe(true);
});
