/**
 * Hostile and damaged files given to the lint engine: alias bombs, values of the wrong shape,
 * binary text, line breaks Docker does not see, terminal escapes. Each is reported as a finding
 * on that file — never a crash, never a hang, never raw control characters in a message.
 */
import { formatFinding, lintFiles, UNREADABLE_FILE } from '../../src/lint';

/** `levels` anchors, each a list of `width` aliases to the one before: width^levels strings. */
function aliasBomb(levels: number, width: number, indent = ''): string {
  const lines = [`${indent}x-0: &a0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`${indent}x-${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}
const TOP = 'a8';

function unreadable(result: ReturnType<typeof lintFiles>) {
  return result.findings.filter((f) => f.rule === UNREADABLE_FILE);
}

describe('alias bombs are reported as a finding on the file, in every YAML format lint reads', () => {
  const compose = (setting: string) => `${aliasBomb(9, 9)}services:\n  web:\n${setting}\n`;

  it.each([
    ['user', '    user: *a8'],
    ['environment', '    environment: *a8'],
    ['environment value', '    environment: { DB_PASSWORD: *a8 }'],
    ['cap_add', '    cap_add: [*a8]'],
    ['a long-syntax port', '    ports: [{ published: 8080, target: *a8 }]'],
    ['image', '    image: *a8'],
  ])('compose file, bomb in %s', (_name, setting) => {
    const text = compose(setting.replace('*a8', `*${TOP}`));
    const result = lintFiles({ 'docker-compose.yml': text });
    const [finding] = unreadable(result);
    expect(finding).toMatchObject({ file: 'docker-compose.yml', severity: 'error' });
    expect(finding.message).toMatch(/^Cannot read docker-compose\.yml as a compose file: too many aliases/);
    expect(finding.line).toBe(text.split('\n').findIndex((l) => l.includes(`*${TOP}`)) + 1);
    expect(result.errors).toBe(1);
  });

  it('Kubernetes manifests: a bomb in the second document of a multi-document file', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: api }',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      '  annotations:',
      aliasBomb(9, 9, '    ').trimEnd(),
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: *${TOP}`,
      `          image: *${TOP}`,
      '',
    ].join('\n');
    const [finding] = unreadable(lintFiles({ 'k8s/app.yaml': text }));
    expect(finding.message).toMatch(/^Cannot read k8s\/app\.yaml as a Kubernetes manifest: too many aliases/);
    expect(finding.line).toBe(text.split('\n').findIndex((l) => l.includes(`*${TOP}`)) + 1);
  });

  it('an alias to the node that contains it is refused too (it would make the data circular)', () => {
    const text = 'services:\n  web: &web\n    image: nginx:1.27\n    ports: [{ published: 80, target: *web }]\n';
    const [finding] = unreadable(lintFiles({ 'compose.yaml': text }));
    expect(finding.message).toContain('*web');
    expect(finding.line).toBe(4);
  });

  it('anchors used as compose files normally use them are fine', () => {
    const defaults = 'x-defaults: &defaults\n  read_only: true\n  user: "10001"\n  deploy: { resources: { limits: { cpus: "1", memory: 64M } } }\n';
    const services = Array.from({ length: 200 }, (_, i) => `  s${i}:\n    image: app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n    read_only: true\n    deploy: *limits\n    environment: *env`).join('\n');
    const text = `${defaults}x-limits: &limits { resources: { limits: { cpus: "1", memory: 64M } } }\nx-env: &env { LOG_LEVEL: info, MODE: prod }\nservices:\n${services}\n`;
    expect(lintFiles({ 'docker-compose.yml': text }).findings).toEqual([]);
  });
});

describe('values of the wrong shape are never turned into text', () => {
  it.each([
    ['user', '    user: [root]'],
    ['image', '    image: { name: nginx }'],
    ['cap_add entry', '    cap_add: [[SYS_ADMIN]]'],
    ['environment entry', '    environment: [[DB_PASSWORD, x]]'],
    ['environment value', '    environment: { DB_PASSWORD: [hunter2] }'],
  ])('compose %s', (_name, setting) => {
    const { findings } = lintFiles({ 'docker-compose.yml': `services:\n  web:\n${setting}\n` });
    for (const f of findings) expect(f.message).not.toMatch(/\[object Object\]|SYS_ADMIN|hunter2|runs as user root/);
  });

  it('a circular long-syntax port is reported, not stringified', () => {
    const text = 'services:\n  web: &web\n    image: nginx:1.27\n    ports: [{ published: 80, host_ip: *web }]\n';
    expect(() => lintFiles({ 'docker-compose.yml': text })).not.toThrow();
  });

  it('Kubernetes names and images that are not strings', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: { name: [a, b] }\nspec:\n  containers:\n    - name: { x: 1 }\n      image: [nginx]\n';
    const { findings } = lintFiles({ 'pod.yaml': text });
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.message).not.toMatch(/\[object Object\]|a,b/);
    expect(findings.find((f) => f.rule === 'kubernetes-unpinned-image')?.message).toBe('Pod (unnamed): container #0 image is missing');
  });

  it('a long-syntax port is shown by its fields, as the short syntax writes them', () => {
    const { findings } = lintFiles({ 'docker-compose.yml': 'services:\n  web:\n    ports: [{ published: 8080, target: 80, x-note: { a: 1 } }, { target: 81, host_ip: 0.0.0.0, protocol: udp }]\n' });
    expect(findings.filter((f) => f.rule === 'compose-public-port').map((f) => f.message)).toEqual([
      'Service web publishes 0.0.0.0::81/udp on 0.0.0.0',
      'Service web publishes 8080:80 on all interfaces',
    ]);
  });
});

describe('Dockerfiles that are not plain text as Docker reads it', () => {
  it.each([
    ['NUL bytes (a binary file)', 'FROM node:20\u0000\u0000\u0001ELF', /is a binary file \(it holds NUL bytes\)/, 1],
    ['carriage returns without line feeds', 'FROM node:20\rUSER root\rCMD x\r', /line 1 holds a carriage return without a line feed .*the whole file as one line/, 1],
    ['a line separator U+2028', 'FROM node:20\nUSER 10001\u2028USER root\n', /U\+2028 .*line 2/, 2],
    ['a next-line character U+0085', 'FROM node:20\nRUN true\u0085USER root\n', /U\+0085/, 2],
  ])('%s: reported as unreadable, with the line', (_name, text, message, line) => {
    const result = lintFiles({ Dockerfile: text });
    expect(result.findings.map((f) => f.rule)).toEqual([UNREADABLE_FILE]);
    expect(result.findings[0].message).toMatch(message);
    expect(result.findings[0].line).toBe(line);
  });

  it('CRLF line endings are fine', () => {
    const text = 'FROM node:20\r\nUSER 10001\r\nHEALTHCHECK NONE\r\nCMD ["node", "x.js"]\r\n';
    expect(lintFiles({ Dockerfile: text }).findings).toEqual([]);
  });

  it('a byte-order mark does not hide the first instruction', () => {
    expect(lintFiles({ Dockerfile: '\ufeffFROM node\nUSER 10001\nHEALTHCHECK NONE\nCMD ["node"]\n' }).findings.map((f) => f.rule)).toEqual(['dockerfile-unpinned-base']);
  });

  it('lines of only a continuation, an empty file of them, and a huge line', () => {
    expect(() => lintFiles({ Dockerfile: '\\\n'.repeat(10_000) })).not.toThrow();
    expect(() => lintFiles({ Dockerfile: 'FROM a:1\n\\\n\\\nUSER 1\n' })).not.toThrow();
    const huge = lintFiles({ Dockerfile: `FROM ${'x'.repeat(1_000_000)}\n` });
    for (const f of huge.findings) expect(f.message.length).toBeLessThan(1000);
  });
});

describe('terminal escape sequences are never printed raw', () => {
  const ESC = '\u001b';

  it('in messages and in file names', () => {
    const file = `docker/Dockerfile.${ESC}[2J${ESC}]0;owned\u0007`;
    const result = lintFiles({ [file]: `FROM evil${ESC}[31m\nCMD run ${ESC}[8m hidden\u009b1m\n` });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) {
      const text = formatFinding(f);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(text).toContain('\\u001b');
    }
    expect(formatFinding(result.findings[0])).toMatch(/^docker\/Dockerfile\.\\u001b\[2J\\u001b\]0;owned\\u0007:1 /);
  });

  it('in a YAML file that cannot be read', () => {
    const [finding] = lintFiles({ 'compose.yaml': `services:\n  "${ESC}[31m": [unclosed\n` }).findings;
    expect(finding.rule).toBe(UNREADABLE_FILE);
    expect(finding.message).not.toContain(ESC);
  });
});
