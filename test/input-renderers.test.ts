/**
 * Input-safety regression tests (docs/security.md), at the renderers: a value
 * that reaches generated text — even one the schema never saw, handed to a renderer directly — is
 * written through its target's helper in src/escape/ and stays inert: no shell expansion, no code in
 * the probe, no extra Dockerfile instruction, YAML every reader reads alike. Each test failed before
 * the renderers moved onto src/escape/. See docs/security.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { parse as parseYaml } from 'yaml';
import { projectDockerfile } from '../src/project/dockerfile';
import type { ServiceModel } from '../src/model';
import { renderCompose } from '../src/render/compose';
import { renderDockerfile } from '../src/render/dockerfile';
import { healthProbe } from '../src/render/probe';
import { renderStartScript } from '../src/render/scripts';
import { toYaml } from '../src/kubernetes/serialize';
import { instructions, LAYOUT, scratch, shopModel, withService } from './helpers/safety';
import { shopGraph, synth } from './helpers/shop';

describe('14.1 health.path never reaches a shell or the probe code as code', () => {
  it('start.sh prints a hostile health path without running it', () => {
    const dir = scratch();
    const marker = path.join(dir, 'pwned');
    const model = withService(shopModel(), 'catalog', { health: { ...shopModel().services.find((s) => s.name === 'catalog')!.health!, path: `/$(touch ${marker})"\`touch ${marker}\`` } });
    let script: string;
    try {
      script = renderStartScript(model);
    } catch {
      return; // refused outright: inert too
    }
    const endpoints = script.split('\n').filter((line) => /^echo .*127\.0\.0\.1:8001/.test(line));
    expect(endpoints).toHaveLength(1);
    const out = spawnSync('bash', ['-c', endpoints[0]], { cwd: dir, encoding: 'utf8' });
    expect(fs.existsSync(marker)).toBe(false);
    expect(out.stdout).toBe(`  catalog: http://127.0.0.1:8001/$(touch ${marker})"\`touch ${marker}\`\n`);
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
  });

  it.each(['node', 'bun'] as const)('the %s probe holds a hostile health path only as a string literal', (runtime) => {
    const dir = scratch();
    const marker = path.join(dir, 'pwned');
    const service = { ...shopModel().services.find((s) => s.name === 'billing')!, runtime, port: 1 };
    const probe = healthProbe({ ...service, health: { ...service.health!, path: `/'+require('fs').writeFileSync(${JSON.stringify(marker)},'x')+'` } })!;
    // Run it with node (bun reads the same JavaScript): nothing listens on port 1, so it exits 1 — and must do nothing else.
    const result = spawnSync(process.execPath, ['-e', probe[2]], { encoding: 'utf8', timeout: 30_000 });
    expect(fs.existsSync(marker)).toBe(false);
    expect(result.status).toBe(1);
  });

  it("deploy's probe holds a hostile health path only as a string literal", () => {
    const dir = scratch();
    const marker = path.join(dir, 'pwned');
    const base = shopModel().services.find((s) => s.name === 'billing')!;
    const service = { ...base, name: 'api', runtime: 'node' as const, entry: 'src/index.js', port: 1, health: { ...base.health!, path: `/'+require('fs').writeFileSync(${JSON.stringify(marker)},'x')+'` } };
    const dockerfile = renderDockerfile(service, shopModel(), {
      layout: projectDockerfile({ project: { dir, pkg: {}, name: 'api', version: '1.0.0', runtime: 'node', lockfiles: [], localDirectories: [] }, archetype: 'web-service', labels: [] }),
    });
    const cmd = JSON.parse(/^ {2}CMD (\[.*\])$/m.exec(dockerfile)![1]) as string[];
    spawnSync(process.execPath, ['-e', cmd[2]], { encoding: 'utf8', timeout: 30_000 });
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('14.2 no value adds a Dockerfile instruction', () => {
  it.each([
    ['description', { description: 'd\nRUN echo injected' }],
    ['label value', { labels: { 'com.example.team': 'v\nUSER root' } }],
    ['build context', { context: 'catalog\nRUN echo injected' }],
    ['U+0085 in a description', { description: 'd\u0085RUN echo injected' }],
  ])('a %s the schema missed is refused by the Dockerfile renderer, never written', (_, change) => {
    const model = shopModel();
    const before = instructions(renderDockerfile(model.services.find((s) => s.name === 'catalog')!, model));
    let text: string | undefined;
    try {
      text = renderDockerfile({ ...model.services.find((s) => s.name === 'catalog')!, ...change } as ServiceModel, model);
    } catch (error) {
      expect((error as Error).name).toBe('UnsafeValueError');
    }
    if (text !== undefined) expect(instructions(text)).toEqual(before);
  });

  it('a topology source with a line break the schema missed never becomes an instruction', () => {
    const model = { ...shopModel(), source: 'https://x\nRUN echo injected' };
    const service = model.services.find((s) => s.name === 'catalog')!;
    let text: string | undefined;
    try {
      text = renderDockerfile(service, model);
    } catch (error) {
      expect((error as Error).name).toBe('UnsafeValueError');
    }
    if (text !== undefined) expect(instructions(text)).toEqual(instructions(renderDockerfile(service, shopModel())));
  });

  it('a go entry with shell syntax the schema missed stays one argument of go build', () => {
    const dir = scratch();
    const marker = path.join(dir, 'pwned');
    const model = shopModel();
    const service = { ...model.services.find((s) => s.name === 'auth')!, runtime: 'go' as const, entry: `./cmd; touch ${marker}` };
    let text: string;
    try {
      text = renderDockerfile(service, model);
    } catch {
      return;
    }
    const line = text.split('\n').find((l) => l.includes('go build -trimpath'))!;
    // Replace the command with printf: bash then shows the words it would pass, and runs nothing else.
    const words = line.replace(/^RUN CGO_ENABLED=0 go build/, "printf '%s\\n'");
    const out = spawnSync('bash', ['-c', words], { cwd: dir, encoding: 'utf8' });
    expect(fs.existsSync(marker)).toBe(false);
    expect(out.stdout.trim().split('\n').pop()).toBe(`./cmd; touch ${marker}`);
  });
});

describe('14.14 the YAML writers escape what YAML readers disagree on', () => {
  const HOSTILE = 'del\u007f c1\u0090\u009b nel\u0085 ls\u2028 ps\u2029 ff\uffff fe\ufffe bom\ufeff';
  const RAW = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

  it('the compose writer escapes them, and two parsers read the value back unchanged', () => {
    const model = shopModel();
    const text = renderCompose(
      withService(model, 'catalog', { env: [{ name: 'GREETING', value: { kind: 'plain', value: HOSTILE }, comment: '' }] }),
      LAYOUT,
    );
    expect(text).not.toMatch(RAW);
    expect((jsYaml.load(text) as any).services.catalog.environment.GREETING).toBe(HOSTILE);
    expect(parseYaml(text, { version: '1.1' }).services.catalog.environment.GREETING).toBe(HOSTILE);
  });

  it('keys a YAML 1.1 reader would take for a boolean or null stay strings (found by the fuzz suite)', () => {
    const graph = shopGraph();
    graph.services[0].env = { yes: 'a', on: 'b', n: 'c', null: 'd' };
    const text = synth(graph).files['docker/docker-compose.yml'];
    const environment = parseYaml(text, { version: '1.1' }).services.catalog.environment;
    expect(environment).toEqual(expect.objectContaining({ yes: 'a', on: 'b', n: 'c', null: 'd' }));
    expect(Object.keys(environment)).not.toContain('true');
  });

  it('the Kubernetes writer escapes them, and two parsers read the value back unchanged', () => {
    const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { GREETING: HOSTILE, [`key${HOSTILE}`]: 'v', multi: `a\n${HOSTILE}\n` } };
    const text = toYaml(value);
    expect(text).not.toMatch(RAW);
    expect(jsYaml.load(text)).toEqual(value);
    expect(parseYaml(text, { version: '1.1' })).toEqual(value);
  });
});

describe('14.17 start.sh keeps .env private', () => {
  it('start.sh tightens an existing .env to mode 0600', () => {
    const dir = scratch();
    const { files } = synth(shopGraph(), { outdir: path.join(dir, 'out'), targets: ['compose'] });
    const script = path.join(dir, 'start.sh');
    fs.writeFileSync(script, files['docker/start.sh'], { mode: 0o755 });
    fs.writeFileSync(path.join(dir, '.env'), 'JWT_SECRET=kept\n', { mode: 0o644 });
    fs.chmodSync(path.join(dir, '.env'), 0o644);
    // COMPOSE=true: a compose tool that does nothing; the start then times out at once (exit 1).
    spawnSync('bash', [script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH!, COMPOSE: 'true', CONTAINER_ENGINE: 'true', TOPOGRAPH_START_TIMEOUT: '0' }, timeout: 30_000 });
    expect(fs.statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, '.env'), 'utf8')).toMatch(/^JWT_SECRET=kept\n/);
  });
});

