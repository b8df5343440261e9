/**
 * One topology using every built-in dependency kind (test/fixtures/all-kinds): its compose file,
 * dependency manifests and init files as snapshots, the hardening rules clean on them (the
 * writable root filesystems of kafka, elasticsearch and opensearch acknowledged in the graph), and
 * `topograph lint` on the written files with no error.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEPENDENCY_TYPES, validateGraph } from '../../src';
import { lintFiles, SYNTH_RULES } from '../../src/lint';
import { BIN } from '../helpers/cli';
import { synth } from '../helpers/shop';

const GRAPH = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'all-kinds', 'topology-graph.json'), 'utf8'));

describe('a topology with every dependency kind', () => {
  const { files, topology } = synth(GRAPH);

  it('names every kind and validates', () => {
    expect(GRAPH.dependencies.map((d: { type: string }) => d.type)).toEqual([...DEPENDENCY_TYPES]);
    expect(validateGraph(GRAPH).problems).toEqual([]);
  });

  it('renders the same compose file, dependency manifests and init files', () => {
    expect(files['docker/docker-compose.yml']).toMatchSnapshot();
    expect(files['kubernetes/10-dependencies.yaml']).toMatchSnapshot();
    const init = Object.keys(files).filter((f) => f.startsWith('docker/init/')).sort();
    expect(init).toEqual([
      'docker/init/mariadb/01-users-and-databases.sh',
      'docker/init/mongodb/01-users.sh',
      'docker/init/mysql/01-users-and-databases.sh',
      'docker/init/otel-collector/config.yaml',
      'docker/init/postgres/01-roles-and-databases.sh',
    ]);
    for (const f of init) expect(files[f]).toMatchSnapshot(f);
  });

  it('passes the hardening rules synth runs, the acknowledged writable roots aside', () => {
    const result = lintFiles(files, { rules: SYNTH_RULES, acknowledge: topology.lintAcknowledgements });
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map((f) => `${f.rule} ${f.service}`).sort()).toEqual(
      ['elasticsearch', 'kafka', 'opensearch'].flatMap((s) => [`compose-writable-root-filesystem ${s}`, `kubernetes-writable-root-filesystem ${s}`]).sort(),
    );
  });

  it('is clean under `topograph lint` (no error; the three writable roots are warnings there, and each image without a digest)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-all-kinds-'));
    for (const [file, content] of Object.entries(files)) {
      if (file.startsWith('..')) continue;
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    const run = spawnSync(process.execPath, [BIN, 'lint', 'docker', 'kubernetes'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: dir } });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(0);
    const images = GRAPH.dependencies.length; // every dependency image in the compose file
    expect(run.stdout).toMatch(new RegExp(`files checked: 0 errors, ${6 + images} warnings`));
    expect(`${run.stdout}${run.stderr}`.match(/writable-root-filesystem\]/g)).toHaveLength(6);
    expect(`${run.stdout}${run.stderr}`.match(/image-without-digest\]/g)).toHaveLength(images);
  });
});
