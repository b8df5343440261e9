/**
 * Runtime version lines: refused when the generated Dockerfile or its health probe cannot work on
 * them (an error, both doors), warned about when upstream support has ended (a warning, printed by
 * validate and synth and carried by --json, never failing). The calendars are data in
 * src/runtimes.ts; every check here fixes the day.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { Topology, TopologyError, validateGraph, WebService, Worker } from '../src';
import type { Runtime } from '../src/graph/schema';
import { RUNTIME_TABLE, runtimePack } from '../src/graph/kinds';
import { isOlderThan, runtimeSupportWarnings, supportDate, supportStatus } from '../src/runtimes';
import { REPO, SHOP_DIR, shopGraph } from './helpers/shop';

const DAY = new Date('2026-12-01T12:00:00Z');

function withVersion(runtime: Runtime, runtimeVersion: string) {
  const graph = shopGraph();
  const service = graph.services.find((s) => s.runtime === runtime) ?? graph.services[0];
  Object.assign(service, { runtime, runtimeVersion, framework: runtime === 'python' ? 'fastapi' : runtime === 'node' ? 'express' : undefined });
  if (service.framework === undefined) delete service.framework;
  return { graph, name: service.name };
}

describe('what the generated Dockerfile needs (an error)', () => {
  it.each([
    ['node', '10', 'fetch and AbortSignal.timeout'],
    ['node', '17', 'npm 7'],
    ['python', '2.7', 'urllib.request'],
    ['bun', '1.1', 'bun.lock'],
    ['bun', '0.8', 'bun.lock'],
    ['go', '1.19', 'golang:<version>-bookworm'],
  ] as const)('refuses %s %s, saying what needs a newer one', (runtime, version, reason) => {
    const { graph, name } = withVersion(runtime, version);
    const { problems } = validateGraph(graph, 'topology-graph.json');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(new RegExp(`^\\w+ ${version.replace('.', '\\.')} is too old for the Dockerfile topograph generates for ${name}$`));
    expect(problems[0].value).toBe(`"${version}"`);
    expect(problems[0].expected).toContain(`${runtime} ${runtimePack(runtime).minimumVersion.version} or later: `);
    expect(problems[0].expected).toContain(reason);
    expect(problems[0].action).toBe(`Set services[${name}].runtimeVersion to a supported line (default "${runtimePack(runtime).defaultVersion}") in topology-graph.json`);
  });

  it.each([
    ['node', '18'], ['node', '24.1'], ['python', '3'], ['python', '3.8'], ['bun', '1'], ['bun', '1.2'], ['bun', '2'], ['go', '1'], ['go', '1.20'], ['go', '1.26.1'],
  ] as const)('accepts %s %s', (runtime, version) => {
    expect(validateGraph(withVersion(runtime, version).graph).problems).toEqual([]);
  });

  it('refuses it in code too, at the line that wrote it', () => {
    const app = new App();
    const topology = new Topology(app, 'lab');
    expect(() => new WebService(topology, 'api', { runtime: 'node', runtimeVersion: '16', port: 8080 })).toThrow(TopologyError);
    expect(() => new Worker(topology, 'jobs', { runtime: 'go', runtimeVersion: '1.18' })).toThrow(/Go 1\.18 is too old/);
  });

  it('reads a short version as the newest of its line, so a floating tag is never older', () => {
    expect(isOlderThan('1', '1.20')).toBe(false);
    expect(isOlderThan('1.19', '1.20')).toBe(true);
    expect(isOlderThan('1.9', '1.20')).toBe(true);
    expect(isOlderThan('3.10', '3.9')).toBe(false);
    expect(isOlderThan('17.9.9', '18')).toBe(true);
  });
});

describe('the support calendars (a warning)', () => {
  it.each([
    ['node', '20', '2026-04-30'],
    ['node', '25', '2026-06-01'],
    ['node', '14', '2023-09-11'],
    ['python', '3.10', '2026-10'],
    ['python', '3.9.18', '2025-10-31'],
    ['go', '1.25', '2026-08'],
    ['bun', '1.3', '2026-08-20'],
  ] as const)('%s %s ended on %s', (runtime, version, end) => {
    expect(supportStatus(runtime, version, DAY)).toEqual({ kind: 'ended', line: expect.any(String), end });
  });

  it.each([
    ['node', '24'], ['node', '22'], ['node', '26'], ['python', '3.11'], ['python', '3'], ['go', '1.26'], ['go', '1'], ['bun', '1'], ['bun', '1.4'],
  ] as const)('%s %s is supported, or a floating or newer line it cannot judge', (runtime, version) => {
    expect(supportStatus(runtime, version, DAY).kind).not.toBe('ended');
  });

  it('has every default supported on the day the calendars were read', () => {
    for (const runtime of RUNTIME_TABLE.names() as Runtime[]) {
      expect({ runtime, status: supportStatus(runtime, runtimePack(runtime).defaultVersion, DAY).kind }).not.toEqual({ runtime, status: 'ended' });
    }
  });

  it('keeps each calendar in order, with dates it can read', () => {
    for (const profile of RUNTIME_TABLE.all()) {
      const runtime = profile.name;
      expect({ runtime, source: profile.support.source.length > 0 }).toEqual({ runtime, source: true });
      for (const line of profile.support.lines) expect(line.end).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      const lines = profile.support.lines.map((l) => l.line);
      expect(lines).toEqual([...lines].sort((a, b) => (isOlderThan(a, b) ? -1 : isOlderThan(b, a) ? 1 : 0)));
    }
  });

  it('warns about each service on an ended line, with a supported line to move to; never about a library', () => {
    const services = [
      { name: 'old-api', runtime: 'node', runtimeVersion: '20', containerized: true },
      { name: 'api', runtime: 'node', runtimeVersion: '24', containerized: true },
      { name: 'etl', runtime: 'python', runtimeVersion: '3.10', containerized: true },
      { name: 'shared', runtime: 'node', runtimeVersion: '20', containerized: false },
    ] as const;
    expect(runtimeSupportWarnings(services, DAY)).toEqual([
      {
        message: "Node 20 of service 'old-api' is past its end of upstream support (2026-04-30): it gets no security fixes",
        value: '"20"',
        expected: 'a supported Node line (github.com/nodejs/Release (schedule.json))',
        action: `Move 'old-api' to a supported line, e.g. "runtimeVersion": "24"`,
      },
      expect.objectContaining({ message: "Python 3.10 of service 'etl' is past its end of upstream support (2026-10): it gets no security fixes", action: `Move 'etl' to a supported line, e.g. "runtimeVersion": "3.11"` }),
    ]);
    expect(runtimeSupportWarnings(services, new Date('2026-01-01T00:00:00Z'))).toEqual([]);
  });

  it('reads the day from TOPOGRAPH_TODAY when it is set, and refuses one it cannot read', () => {
    expect(supportDate({ TOPOGRAPH_TODAY: '2027-03-04' }).toISOString()).toBe('2027-03-04T00:00:00.000Z');
    expect(() => supportDate({ TOPOGRAPH_TODAY: '2027-02-30' })).toThrow(/Invalid TOPOGRAPH_TODAY/);
    expect(Math.abs(supportDate({}).getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe('the CLI prints warnings and goes on', () => {
  const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-versions-'));
  fs.cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
  const graph = JSON.parse(fs.readFileSync(path.join(dir, 'topology-graph.json'), 'utf8'));
  graph.services.find((s: { name: string }) => s.name === 'billing').runtimeVersion = '20';
  fs.writeFileSync(path.join(dir, 'topology-graph.json'), JSON.stringify(graph, null, 2));
  const cli = (args: string[], today = '2026-12-01') =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: os.tmpdir(), TOPOGRAPH_TODAY: today } });

  it('validate: exit 0, OK on stdout, the warning on stderr', () => {
    const result = cli(['validate']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^OK: /);
    expect(result.stderr).toContain("WARNING: Node 20 of service 'billing' is past its end of upstream support (2026-04-30)");
    expect(result.stderr).toContain('Action: Move \'billing\' to a supported line, e.g. "runtimeVersion": "24"');
    expect(cli(['validate'], '2026-01-15').stderr).toBe('');
  });

  it('validate --json and synth --json carry the warnings', () => {
    const validate = cli(['validate', '--json']);
    expect(validate.status).toBe(0);
    expect(JSON.parse(validate.stdout).warnings).toEqual([expect.objectContaining({ message: expect.stringContaining("Node 20 of service 'billing'"), value: '"20"' })]);
    const synth = cli(['synth', '--out', 'out', '--json']);
    expect(synth.status).toBe(0);
    expect(JSON.parse(synth.stdout).warnings).toHaveLength(1);
    expect(synth.stderr).not.toContain('WARNING');
  });

  it('synth: writes everything and prints the warning', () => {
    const result = cli(['synth', '--out', 'out2']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("WARNING: Node 20 of service 'billing'");
    expect(fs.existsSync(path.join(dir, 'out2', 'docker', 'Dockerfile.billing'))).toBe(true);
  });
});
