/**
 * Python as an oracle (docs/security.md): the Python health probe compiles and requests exactly the health
 * URL, whatever the path holds (data, never code), and PyYAML — a YAML 1.1 reader, like kubectl's —
 * reads every generated YAML file as the JavaScript readers do, hostile values included.
 * `.ci/suites/system-tools.sh` installs python3 and python3-yaml.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonPatch } from 'cdk8s';
import * as jsYaml from 'js-yaml';
import { WebService } from '../../src';
import { healthProbe } from '../../src/render/probe';
import { CONTROL_CHARACTER, HOSTILE_STRINGS } from '../escape/corpus';
import { shopGraph, synth } from '../helpers/shop';

function python(script: string, input: string) {
  const result = spawnSync('python3', ['-c', script], { input, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return result;
}

/** For each probe: parse it, find the urlopen call, return its first argument if it is a plain string constant. */
const PROBE_ORACLE = `
import ast, json, sys
out = []
for source in json.load(sys.stdin):
    tree = ast.parse(source, mode="exec")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    urlopen = [c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr == "urlopen"]
    names = sorted({c.func.id for c in calls if isinstance(c.func, ast.Name)})
    arg = urlopen[0].args[0] if len(urlopen) == 1 and urlopen[0].args else None
    out.append({"url": arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None, "calls": len(calls), "names": names})
json.dump(out, sys.stdout)
`;

describe('the Python health probe', () => {
  const { topology } = synth(shopGraph());
  const catalog = topology.toModel().services.find((s) => s.name === 'catalog')!;
  // Every corpus string as a path (bypassing the schema, which refuses most of them), and attacks on the literal.
  const paths = [
    ...HOSTILE_STRINGS.filter((s) => !CONTROL_CHARACTER.test(s)).map((s) => `/${s}`),
    "/'+str(__import__('os').system('id'))+'",
    '/"+str(__import__("os").system("id"))+"',
    "/\\'+x+\\'",
    '/\\u0027)+__import__("os").system("id")+(\\u0027',
  ];

  it('compiles, calls nothing but the probe itself, and requests exactly the health URL', () => {
    const probes = paths.map((p) => healthProbe({ ...catalog, health: { ...catalog.health!, path: p } })![2]);
    const result = python(PROBE_ORACLE, JSON.stringify(probes));
    expect(result.stderr).toBe('');
    const answers = JSON.parse(result.stdout) as Array<{ url: string | null; calls: number; names: string[] }>;
    answers.forEach((answer, i) => {
      expect({ path: paths[i], ...answer }).toEqual({ path: paths[i], url: `http://127.0.0.1:${catalog.port}${paths[i]}`, calls: 4, names: ['__import__'] });
    });
  });

  it('the shop example probe exits 1 when nothing answers, and runs no injected code', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-probe-'));
    const marker = path.join(dir, 'pwned');
    const probe = healthProbe({ ...catalog, port: 1, health: { ...catalog.health!, path: `/'+str(__import__('os').system('touch ${marker}'))+'` } })!;
    const result = spawnSync('python3', ['-c', probe[2]], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(fs.existsSync(marker)).toBe(false);
  });
});

/** Reads each YAML text with PyYAML (safe_load_all) and prints the documents as JSON. */
const PYYAML = `
import json, sys, yaml
texts = json.load(sys.stdin)
json.dump([list(yaml.safe_load_all(t)) for t in texts], sys.stdout)
`;

describe('PyYAML reads every generated YAML file as the JavaScript readers do', () => {
  function hostileOutput(): Record<string, string> {
    const graph = shopGraph();
    const value = HOSTILE_STRINGS.filter((s) => !CONTROL_CHARACTER.test(s) && !s.includes('\t')).join(' ');
    graph.description = value.slice(0, 900);
    graph.services[0].env = { GREETING: value };
    graph.services[0].command = ['python', '-m', 'uvicorn', value];
    const { app, topology } = synth(graph);
    // Escape hatches take any value from code: the writers must escape what the schema never saw.
    const raw = 'del\u007f c1\u0090\u009b nel\u0085 ls\u2028 ps\u2029 ff\uffff bom\ufeff "q" \\b';
    topology.addComposeOverride(['services', 'catalog', 'labels', 'hostile'], raw);
    (topology.find('billing') as WebService).addKubernetesPatch('Deployment', JsonPatch.add('/metadata/annotations', { hostile: raw }));
    return app.synthFiles();
  }

  it.each([
    ['the shop example', () => synth(shopGraph()).files],
    ['hostile values in the graph and in escape hatches', hostileOutput],
  ])('%s', (_, files) => {
    const yamlFiles = Object.entries(files()).filter(([file]) => /\.ya?ml$/.test(file));
    expect(yamlFiles.length).toBeGreaterThan(2);
    const result = python(PYYAML, JSON.stringify(yamlFiles.map(([, text]) => text)));
    expect(result.stderr).toBe('');
    const fromPython = JSON.parse(result.stdout) as unknown[][];
    yamlFiles.forEach(([file, text], i) => {
      expect({ file, docs: fromPython[i] }).toEqual({ file, docs: jsYaml.loadAll(text) });
    });
  });
});
