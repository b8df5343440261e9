/** The hardening rules on `TopographApp.synth()` — the `cdk8s synth` path, not only the CLI's. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Topology, TopographApp, TopologyError, WebService, type TopographAppProps, type TopologyProps } from '../src';
import { SHOP_DIR } from './helpers/shop';

/** A copy of the shop example: synth() writes .dockerignore files into build contexts, never into the repo. */
function shopCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-lint-shop-'));
  fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
  return dir;
}

function privilegedApi(appProps: TopographAppProps = {}, topologyProps: TopologyProps = {}) {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-lint-')), 'dist');
  const app = new TopographApp({ outdir, ...appProps });
  const shop = new Topology(app, 'shop', { baseDir: shopCopy(), ...topologyProps });
  const api = new WebService(shop, 'api', { runtime: 'python', framework: 'fastapi', port: 8000, build: { context: 'catalog' } });
  api.addComposeOverride('privileged', true);
  return { app, outdir };
}

let stderr: jest.SpyInstance;
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

describe('TopographApp.synth() runs the hardening rules', () => {
  it('an error-level finding stops it before anything is written, naming the rule, the file and the way out', () => {
    const { app, outdir } = privilegedApi();
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TopologyError);
    const [problem] = (error as TopologyError).problems;
    expect(problem.message).toContain('[compose-privileged]');
    expect(problem.value).toMatch(/^docker\/docker-compose\.yml:\d+$/);
    expect(problem.action).toContain("lintAcknowledgements: [{ rule: 'compose-privileged', service: 'api'");
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it('an acknowledged finding is reported with its reason, and the files are written', () => {
    const { app, outdir } = privilegedApi({}, { lintAcknowledgements: [{ rule: 'compose-privileged', service: 'api', reason: 'needs raw sockets' }] });
    app.synth();
    expect(app.lastLint?.acknowledged.map((f) => [f.rule, f.reason])).toEqual([['compose-privileged', 'needs raw sockets']]);
    expect(fs.readFileSync(path.join(outdir, 'docker', 'docker-compose.yml'), 'utf8')).toContain('privileged: true');
    const printed = stderr.mock.calls.map(([text]) => String(text)).join('');
    expect(printed).toContain('acknowledged compose-privileged (api): needs raw sockets');
  });

  it('lint: false writes without checking', () => {
    const { app, outdir } = privilegedApi({ lint: false });
    app.synth();
    expect(app.lastLint).toBeUndefined();
    expect(fs.existsSync(path.join(outdir, 'docker', 'docker-compose.yml'))).toBe(true);
  });

  it('warnings are printed, not fatal', () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-lint-')), 'dist');
    const app = new TopographApp({ outdir });
    const shop = new Topology(app, 'shop', { baseDir: shopCopy() });
    new WebService(shop, 'api', { runtime: 'node', framework: 'express', port: 8000, build: { context: 'billing' } });
    app.synth();
    expect(app.lastLint?.warnings).toBeGreaterThan(0);
    expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain('missing-resource-limits');
  });

  it('an acknowledgement of an unknown rule is refused where it is written', () => {
    expect(() => privilegedApi({}, { lintAcknowledgements: [{ rule: 'compose-privilegd', reason: 'typo' }] })).toThrow(/compose-privileged/);
  });
});
