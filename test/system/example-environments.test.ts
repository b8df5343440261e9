/**
 * Every bundled example that declares environments, through the CLI as a user runs it:
 * `topograph synth` writes the layout; the real `kubectl kustomize` (Kustomize v4+, from
 * scripts/ci/kubectl.sh through $TOPOGRAPH_KUBECTL) builds the base and each overlay into exactly
 * the objects `topograph synth --env <env>` writes flattened; every built object validates against
 * the Kubernetes OpenAPI schemas (kubernetes-models), the custom resources (ExternalSecret,
 * HTTPRoute) by their own checks; Debian's docker-compose 1.29 accepts each compose override it can
 * read (one without the Compose Specification's !override/!reset tags, which 1.29 predates).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO } from '../helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');
const KUBECTL = process.env.TOPOGRAPH_KUBECTL || 'kubectl';
const kubectlVersion = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' });
if (kubectlVersion.error || kubectlVersion.status !== 0) throw new Error(`${KUBECTL} does not run: run this suite through .ci/suites/system-tools.sh, or set TOPOGRAPH_KUBECTL to a kubectl 1.21 or later`);
const composeVersion = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
if (composeVersion.error || composeVersion.status !== 0) throw new Error('docker-compose does not run: run this suite through .ci/suites/system-tools.sh');

const examples = fs
  .readdirSync(path.join(REPO, 'examples'))
  .map((name) => path.join(REPO, 'examples', name, 'topology-graph.json'))
  .filter((file) => fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).environments);

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

function objects(text: string): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  for (const doc of parseAllDocuments(text)) {
    const value = doc.toJS() as K8sObject | null;
    if (value) out.set(`${value.apiVersion} ${value.kind} ${value.metadata.namespace ?? ''}/${value.metadata.name}`, value);
  }
  return out;
}

/** The applied files of a flattened Kubernetes directory (not tools/, which are run on demand). */
function appliedObjects(dir: string): Map<string, K8sObject> {
  const text = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n---\n');
  return objects(text);
}

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`topograph ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The Kubernetes OpenAPI check of one object; custom resources by the fields topograph writes. */
function validate(object: K8sObject): void {
  if (object.kind === 'ExternalSecret') {
    expect(object.apiVersion).toBe('external-secrets.io/v1');
    return;
  }
  if (object.kind === 'HTTPRoute') {
    expect(object.apiVersion).toBe('gateway.networking.k8s.io/v1');
    return;
  }
  const model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
  new model(object).validate();
}

it('the examples include one with environments (else this suite checks nothing)', () => {
  expect(examples.map((f) => path.basename(path.dirname(f)))).toContain('shop');
});

describe.each(examples.map((f) => [path.basename(path.dirname(f)), f]))('examples/%s', (_name, graphFile) => {
  const graph = JSON.parse(fs.readFileSync(graphFile, 'utf8'));
  const envs = Object.keys(graph.environments).sort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-example-envs-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // A copy of the example, so the .dockerignore files synth writes stay out of the checkout.
  const example = path.join(dir, 'example');
  fs.cpSync(path.dirname(graphFile), example, { recursive: true });
  const out = path.join(dir, 'out');
  beforeAll(() => {
    cli(['synth', 'topology-graph.json', '--out', out], example);
    for (const env of envs) cli(['synth', 'topology-graph.json', '--env', env, '--out', path.join(dir, `flat-${env}`)], example);
  });

  it('kubectl kustomize builds the base (kubernetes/) into the objects of kubernetes/*.yaml', () => {
    const built = spawnSync(KUBECTL, ['kustomize', path.join(out, 'kubernetes')], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const got = objects(built.stdout);
    const want = appliedObjects(path.join(out, 'kubernetes'));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, object] of want) expect({ key, object: got.get(key) }).toEqual({ key, object });
  });

  it.each(envs)('kubectl kustomize kubernetes-overlays/%s builds exactly what synth --env writes, every object valid', (env) => {
    const built = spawnSync(KUBECTL, ['kustomize', path.join(out, 'kubernetes-overlays', env)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const got = objects(built.stdout);
    const want = appliedObjects(path.join(dir, `flat-${env}`, 'kubernetes'));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, object] of want) expect({ key, object: got.get(key) }).toEqual({ key, object });
    for (const object of got.values()) validate(object);
  });

  it.each(envs)('docker-compose config accepts docker-compose.yml with docker-compose.%s.yml where 1.29 can read it', (env) => {
    const docker = path.join(out, 'docker');
    const override = fs.readFileSync(path.join(docker, `docker-compose.${env}.yml`), 'utf8');
    // Interpolation needs every variable; the values are made up here, never written by topograph.
    const secrets = Object.fromEntries(
      [...new Set([...(fs.readFileSync(path.join(docker, 'docker-compose.yml'), 'utf8') + override).matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]))].map((v) => [v, 'x']),
    );
    const run = (...files: string[]) =>
      spawnSync('docker-compose', ['-p', 'topograph-envs', ...files.flatMap((f) => ['-f', f]), 'config', '-q'], { cwd: docker, encoding: 'utf8', env: { ...process.env, ...secrets } });
    const tagged = /(^|\s)!(override|reset)\b/m.test(override);
    const result = run('docker-compose.yml', `docker-compose.${env}.yml`);
    if (tagged) {
      // 1.29 refuses the tags (Compose 2.24+); the merge they ask for is checked in test/compose-environments.test.ts.
      expect(override).toMatch(/needs Docker Compose 2\.24/);
      expect(result.status).not.toBe(0);
    } else {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });
});
