/**
 * One source of truth for defaults: `topograph synth` (the constructs) and
 * `topograph deploy` render the same base images, the same postgres, the same health timings and
 * the same default creation time, all read from src/defaults.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Postgres, Topology, WebService } from '../src';
import { Testing } from '../src/testing';
import { deployFiles, planDeployment } from '../src/project/artifacts';
import { readProject } from '../src/project/project';
import { DEFAULT_CREATED, DEPENDENCY_VERSIONS, HEALTH_DEFAULTS, qualifiedImage } from '../src/defaults';
import type { AssertionsFile } from '../src/specs/schema';

/** A node web service with a database, as synth sees it. */
function synthesized() {
  const app = Testing.app();
  const topology = new Topology(app, 'shop');
  const api = new WebService(topology, 'api', { runtime: 'node', port: 3000 });
  api.uses(new Postgres(topology, 'db'));
  return Testing.synth(app);
}

/** The same project as deploy sees it: a node web service whose specs persist data. */
function deployed() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-defaults-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'index.js'), "require('node:http').createServer(() => {}).listen(3000);\n");
  const pkg = { name: 'api', version: '1.0.0', dependencies: { express: '4.0.0' }, scripts: { test: 'true' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  const specs: AssertionsFile = { assertions: [{ id: 'stored', description: 'stored', status: 'confirmed', category: 'persistence' }] };
  const project = readProject(dir, pkg, specs);
  return deployFiles(planDeployment(project, specs, 'web-service'));
}

const fromLines = (dockerfile: string) => [...dockerfile.matchAll(/^FROM (?:--platform=\S+ )?(\S+)/gm)].map((m) => m[1]).filter((image) => image.includes(':'));
const healthcheck = (dockerfile: string) => /^HEALTHCHECK (--.*?) \\$/m.exec(dockerfile)?.[1];
const createdDefault = (dockerfile: string) => /^ARG CREATED=(.*)$/m.exec(dockerfile)?.[1];

describe('one source of truth for defaults', () => {
  const synth = synthesized();
  const deploy = deployed();

  it('both write fully qualified base images (podman refuses short names)', () => {
    const images = [...fromLines(synth.dockerfile('api')), ...fromLines(deploy.Dockerfile)];
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) expect(image).toMatch(/^docker\.io\/(library\/)?[a-z0-9./-]+:[\w.-]+$/);
    // The same node runtime image for the same runtime.
    expect(fromLines(deploy.Dockerfile)).toContain(fromLines(synth.dockerfile('api')).pop());
  });

  it('both give a web service the same HEALTHCHECK timings', () => {
    const expected = `--interval=${HEALTH_DEFAULTS.interval} --timeout=${HEALTH_DEFAULTS.timeout} --start-period=${HEALTH_DEFAULTS.startPeriod} --retries=${HEALTH_DEFAULTS.retries}`;
    expect(healthcheck(synth.dockerfile('api'))).toBe(expected);
    expect(healthcheck(deploy.Dockerfile)).toBe(expected);
    const composeHealth = (text: string, service: string) => parse(text).services[service].healthcheck;
    const synthHealth = composeHealth(synth.files['docker/docker-compose.yml'], 'api');
    const deployHealth = composeHealth(deploy['docker-compose.yml'], 'api');
    for (const key of ['interval', 'timeout', 'retries', 'start_period']) expect([key, deployHealth[key]]).toEqual([key, synthHealth[key]]);
  });

  it('both use the same postgres version', () => {
    const image = (text: string) => parse(text).services.db.image;
    expect(image(synth.files['docker/docker-compose.yml'])).toBe(`postgres:${DEPENDENCY_VERSIONS.postgres}`);
    expect(image(deploy['docker-compose.yml'])).toBe(`postgres:${DEPENDENCY_VERSIONS.postgres}`);
  });

  it('both default the created label to an RFC 3339 time', () => {
    expect(createdDefault(synth.dockerfile('api'))).toBe(DEFAULT_CREATED);
    expect(createdDefault(deploy.Dockerfile)).toBe(DEFAULT_CREATED);
    expect(DEFAULT_CREATED).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('qualifies short names and keeps references that already name a registry', () => {
    expect(qualifiedImage('node:24-slim')).toBe('docker.io/library/node:24-slim');
    expect(qualifiedImage('oven/bun:1')).toBe('docker.io/oven/bun:1');
    expect(qualifiedImage('gcr.io/distroless/static-debian12:nonroot')).toBe('gcr.io/distroless/static-debian12:nonroot');
    expect(qualifiedImage('localhost/base:1')).toBe('localhost/base:1');
    expect(qualifiedImage('127.0.0.1:5000/base:1')).toBe('127.0.0.1:5000/base:1');
    expect(qualifiedImage('docker.io/library/node:24-slim')).toBe('docker.io/library/node:24-slim');
  });
});
