/** `topograph deploy` as users run it: the built binary, fixture projects, a fake engine on PATH. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/io';
import { fakeTools, fixtureCopy, isolatedPath, REPO, snapshotDir, topograph } from './helpers';

// The program reads its version from package.json relative to the build output, so load the build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { run } = require(path.join(REPO, 'lib', 'src', 'cli', 'program')) as { run: (argv: string[], io: CliIO) => Promise<number> };

jest.setTimeout(120_000);

function expectCleanError(result: { code: number | null; stderr: string }, code = 1) {
  expect(result.code).toBe(code);
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('topograph deploy', () => {
  it('is listed in --help with examples', () => {
    const dir = fixtureCopy('cli-tool');
    expect(topograph(['--help'], dir).stdout).toMatch(/^ {2}deploy /m);
    const help = topograph(['deploy', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('topograph deploy push --engine podman --registry 127.0.0.1:5000 --tls-verify=false');
  });

  it.each([
    ['web-service', ['.dockerignore', '.env.example', 'Dockerfile', 'docker-compose.yml', 'init/db/01-roles-and-databases.sh', 'src/health.ts']],
    ['cli-tool', ['.dockerignore', 'Dockerfile', 'docker-compose.yml']],
    ['data-pipeline', ['.dockerignore', '.env.example', 'Dockerfile', 'docker-compose.yml', 'init/db/01-roles-and-databases.sh']],
  ])('%s: prints the checklist, the archetype and why, and writes the artifacts', (name, written) => {
    const fake = fakeTools(['bun']);
    const dir = fixtureCopy(name);
    const before = snapshotDir(dir);
    const result = topograph(['deploy'], dir, { PATH: isolatedPath(fake) });
    expect(result.stderr).toMatch(/^Running (bun|npm) test \(timeout 120s; --test-timeout <seconds> to change\)…\n$/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Deployment Checklist\n====================\n✅ Tests passing \((bun|npm) test\)\n✅ Specs verified \(\d+\/\d+ assertions confirmed in specs\/assertions\.json\)\n✅ Package.json exists\n\nArchetype: /);
    expect(result.stdout).toContain(`Archetype: ${name} (`);
    expect(result.stdout).toContain('Deployment Artifacts Generated\n==============================\nCreated:\n');
    const after = snapshotDir(dir);
    expect(Object.keys(after).filter((f) => !(f in before)).sort()).toEqual(written);
    // A second run changes nothing.
    const again = topograph(['deploy'], dir, { PATH: isolatedPath(fake) });
    expect(again.stdout).toContain('Unchanged:\n');
    expect(snapshotDir(dir)).toEqual(after);
  });

  it('usage errors: unknown action, missing project directory, bad --tls-verify (exit 2)', () => {
    const dir = fixtureCopy('cli-tool');
    const unknown = topograph(['deploy', 'frobnicate'], dir);
    expectCleanError(unknown, 2);
    expect(unknown.stderr).toContain("ERROR: Unknown deploy action 'frobnicate'");
    const missing = topograph(['deploy', '--dir', 'nowhere'], dir);
    expectCleanError(missing, 2);
    expect(missing.stderr).toContain('ERROR: Project directory not found\nValue: nowhere\n');
    const tls = topograph(['deploy', 'push', '--tls-verify=maybe'], dir);
    expectCleanError(tls, 2);
    expect(tls.stderr).toContain('ERROR: Invalid --tls-verify value\nValue: "maybe"');
  });

  it('says what specs/assertions.json claims apart from what topograph checked itself', () => {
    const fake = fakeTools(['bun']);
    const dir = fixtureCopy('web-service');
    const result = topograph(['deploy'], dir, { PATH: isolatedPath(fake) });
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain(
      "# Verification labels: what specs/assertions.json claims; topograph ran the tests but not Dafny or TLC\n",
    );
    expect(result.stdout).toContain(
      [
        'Verification Status:',
        '  Checked by topograph:',
        '    ✓ All tests passing (bun test, run just now)',
        '  Claimed by specs/assertions.json (topograph did not check these):',
        '    • 3/3 assertions confirmed',
        '    • Verified by Dafny: ids-unique — topograph did not run Dafny',
        '    • Model checked by TLC: payments-reachable — topograph did not run TLC',
        '',
      ].join('\n'),
    );
    expect(result.stdout).not.toMatch(/✓ (Dafny specs verified|TLC model checked)/);
    const json = JSON.parse(topograph(['deploy', '--json'], fixtureCopy('web-service'), { PATH: isolatedPath(fake) }).stdout);
    expect(json.verification).toEqual({
      checkedByTopograph: { tests: { command: 'bun test', passed: true } },
      claimedBySpecs: { file: 'specs/assertions.json', confirmed: 3, total: 3, dafny: true, tlc: true, verifiedAt: '2024-01-15T10:30:00Z' },
    });
  });

  it('a plain JavaScript project gets a JavaScript health module and the line that mounts it', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'topograph-deploy-plain-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'plain-api', version: '1.0.0', main: 'src/server.js', scripts: { test: 'node -e 0' } }));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'server.js'), "require('node:http').createServer((req, res) => res.end('hi')).listen(3000);\n");
    fs.mkdirSync(path.join(dir, 'specs'));
    fs.writeFileSync(
      path.join(dir, 'specs', 'assertions.json'),
      JSON.stringify({ assertions: [{ id: 'hello', description: 'GET / says hi', status: 'confirmed', category: 'http' }, { id: 'pay', description: 'payments', status: 'confirmed', category: 'external-api' }] }),
    );
    const result = topograph(['deploy'], dir);
    expect(result.stderr).toBe('Running npm test (timeout 120s; --test-timeout <seconds> to change)…\n');
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'src', 'health.ts'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'src', 'health.js'), 'utf8')).toContain('module.exports = {');
    expect(result.stdout).toContain('  ✓ src/health.js (liveness GET /livez, readiness GET /health; mount it: see below)\n');
    expect(result.stdout).toContain(
      [
        'Health check: the container is healthy while GET /livez answers (liveness: it checks nothing else,',
        '  so a database or an external API being down never makes it unhealthy); GET /health is readiness',
        '  (checks externalApi; 503 when one fails) for a load balancer or Kubernetes.',
        '  ! Mount it, or the container never becomes healthy. In src/server.js, first in your request handler (http.createServer):',
        "      const { health } = require('./health');",
        '      if (health(req, res)) return;',
        '',
      ].join('\n'),
    );
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('fetch(\\"http://127.0.0.1:3000/livez\\"');
  });

  it('a missing entry point lists each file it tried once', () => {
    const dir = fixtureCopy('unverified-specs');
    const pkg = { name: 'api', version: '1.0.0', main: './dist/server.js', scripts: { test: 'node --test test/ok.test.mjs', start: 'node dist/server.js' }, dependencies: { express: '4.0.0' } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    fs.rmSync(path.join(dir, 'index.js'));
    const specs = JSON.parse(fs.readFileSync(path.join(dir, 'specs', 'assertions.json'), 'utf8'));
    for (const a of specs.assertions) a.status = 'confirmed';
    fs.writeFileSync(path.join(dir, 'specs', 'assertions.json'), JSON.stringify(specs));
    const result = topograph(['deploy'], dir);
    expectCleanError(result);
    const value = /^ERROR: Cannot find the entry point of .+\nValue: (.+)$/m.exec(result.stderr)?.[1];
    expect(value?.split(', ')).toEqual(['dist/server.js', 'src/index.ts', 'src/index.js', 'src/main.ts', 'src/main.js', 'index.ts', 'index.js']);
  });

  it('never overwrites a Dockerfile the user wrote (nothing is written), unless --force', () => {
    const dir = fixtureCopy('cli-tool');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const before = snapshotDir(dir);
    const result = topograph(['deploy'], dir);
    expectCleanError(result);
    expect(result.stderr).toContain('ERROR: Refusing to overwrite a file topograph did not generate\nValue: Dockerfile\n');
    expect(snapshotDir(dir)).toEqual(before);
    expect(topograph(['deploy', '--force'], dir).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('@generated by topograph');
  });

  it('leaves a .dockerignore the user wrote as it is (overwritten only with --force)', () => {
    const dir = fixtureCopy('cli-tool');
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n');
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Skipped (your own file, left as it is):\n  ! .dockerignore');
    expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe('node_modules\n');
    expect(topograph(['deploy', '--force'], dir).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toContain('@generated by topograph');
  });

  it('never overwrites a src/health.ts the user wrote, even with --force', () => {
    const fake = fakeTools(['bun']);
    const dir = fixtureCopy('web-service');
    fs.writeFileSync(path.join(dir, 'src', 'health.ts'), 'export const mine = true;\n');
    const result = topograph(['deploy', '--force'], dir, { PATH: isolatedPath(fake) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Skipped (your own file, left as it is):\n  ! src/health.ts');
    expect(fs.readFileSync(path.join(dir, 'src', 'health.ts'), 'utf8')).toBe('export const mine = true;\n');
  });

  describe('library', () => {
    it('lists the package.json/tsconfig.json changes without applying them (exit 1), applies them with --fix', () => {
      const dir = fixtureCopy('library');
      const before = snapshotDir(dir);
      const result = topograph(['deploy'], dir);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('Archetype: library (package.json has exports/main/types and no bin or HTTP server)');
      expect(result.stdout).toContain('Library Deployment\n==================\nLibraries are typically published to npm, not Docker.\n\nChanges needed (not applied):\n');
      expect(result.stdout).toContain('  ✗ tsconfig.json: set compilerOptions.declaration to true (emit .d.ts files)');
      expect(snapshotDir(dir)).toEqual(before);
      expect(Object.keys(before)).not.toContain('Dockerfile');

      const fixed = topograph(['deploy', '--fix'], dir);
      expect(fixed.code).toBe(0);
      expect(fixed.stdout).toContain('Generated:\n  ✓ package.json (exports configured)');
      expect(fixed.stdout).toContain('To publish:\n  1. npm run build\n  2. npm publish\n\nOr for private packages:\n  1. npm publish --registry https://your-registry\n');
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg).toMatchObject({ types: './dist/index.d.ts', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } }, main: 'dist/index.js' });
      const tsconfig = fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8');
      expect(tsconfig).toContain('// Library build');
      expect(tsconfig).toContain('"declaration": true');
      expect(Object.keys(snapshotDir(dir))).not.toContain('Dockerfile');
      expect(topograph(['deploy'], dir).stdout).toContain('Checked (already configured):');
    });

    it('refuses to build a library', () => {
      const result = topograph(['deploy', 'build'], fixtureCopy('library'));
      expectCleanError(result);
      expect(result.stderr).toContain('ERROR: mathlib is a library: there is no image to build');
    });
  });

  describe('build', () => {
    it('builds with the engine found on PATH and reports size and layers read from it', () => {
      const fake = fakeTools(['podman']);
      const dir = fixtureCopy('cli-tool');
      const result = topograph(['deploy', 'build'], dir, { PATH: isolatedPath(fake) });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        ['Docker Build Complete', '=====================', 'Image: wc-lite:latest', 'Engine: podman', 'Size: 46MB', 'Layers: 12', 'ID: 0123456789ab', '', 'To run locally:', '  podman run --rm wc-lite:latest --help', '', 'To run with docker-compose:', '  podman compose run --rm wc-lite --help'].join('\n'),
      );
      const calls = fake.calls().map((c) => c.argv);
      expect(calls[0]).toEqual(['version']);
      expect(calls[1]).toEqual(['build', '-t', 'wc-lite:latest', '-t', 'wc-lite:0.3.0', '--build-arg', expect.stringMatching(/^CREATED=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), '-f', 'Dockerfile', '.']);
      expect(fake.calls()[1].cwd).toBe(fs.realpathSync(dir));
      expect(calls[2]).toEqual(['image', 'inspect', '--format', '{{.Id}} {{.Size}} {{len .RootFS.Layers}}', 'wc-lite:latest']);
    });

    it('the size is the engine figure, not a constant', () => {
      const fake = fakeTools(['docker']);
      const result = topograph(['deploy', 'build', '--engine', 'docker'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake), FAKE_INSPECT: 'sha256:ffff 123000000 3' });
      expect(result.stdout).toContain('Size: 123MB\nLayers: 3\n');
    });

    it('--multi-arch builds amd64 and arm64 into a manifest list with podman', () => {
      const fake = fakeTools(['podman']);
      const result = topograph(['deploy', 'build', '--multi-arch', '--engine', 'podman'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake) });
      expect(result.code).toBe(0);
      const calls = fake.calls().map((c) => c.argv);
      expect(calls.slice(0, 2)).toEqual([
        ['manifest', 'exists', 'wc-lite:latest'],
        ['image', 'exists', 'wc-lite:latest'],
      ]);
      expect(calls[2].slice(0, 5)).toEqual(['build', '--manifest', 'wc-lite:latest', '--platform', 'linux/amd64,linux/arm64']);
      expect(result.stdout).toContain('Platforms: linux/amd64, linux/arm64 (manifest list)');
      expect(result.stdout).not.toContain('Size:');
    });

    it('--multi-arch push sends the manifest list under both tags', () => {
      const fake = fakeTools(['podman']);
      const result = topograph(['deploy', 'push', '--multi-arch', '--engine', 'podman', '--registry', '127.0.0.1:5000', '--tls-verify=false'], fixtureCopy('cli-tool'), {
        PATH: isolatedPath(fake),
      });
      expect(result.code).toBe(0);
      const pushes = fake.calls().filter((c) => c.argv[0] === 'manifest' && c.argv[1] === 'push').map((c) => [c.argv[c.argv.length - 2], c.argv[c.argv.length - 1]]);
      expect(pushes).toEqual([
        ['wc-lite:latest', 'docker://127.0.0.1:5000/wc-lite:latest'],
        ['wc-lite:latest', 'docker://127.0.0.1:5000/wc-lite:0.3.0'],
      ]);
      expect(fake.calls().some((c) => c.argv[0] === 'tag')).toBe(false);
    });

    it('docker --multi-arch: build alone is refused (docker keeps no manifest list); push builds and pushes with buildx', () => {
      const fake = fakeTools(['docker']);
      const refused = topograph(['deploy', 'build', '--multi-arch', '--engine', 'docker'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake) });
      expectCleanError(refused);
      expect(refused.stderr).toContain('ERROR: docker cannot keep a multi-platform image locally');

      const pushed = topograph(['deploy', 'push', '--multi-arch', '--engine', 'docker', '--registry', 'ghcr.io/acme'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake) });
      expect(pushed.code).toBe(0);
      const buildx = fake.calls().filter((c) => c.argv[0] === 'buildx');
      expect(buildx).toHaveLength(1);
      expect(buildx[0].argv).toEqual([
        'buildx', 'build', '-t', 'ghcr.io/acme/wc-lite:latest', '-t', 'ghcr.io/acme/wc-lite:0.3.0', '--platform', 'linux/amd64,linux/arm64',
        '--build-arg', expect.stringMatching(/^CREATED=/), '--metadata-file', expect.any(String), '--push', '-f', 'Dockerfile', '.',
      ]);
      expect(pushed.stdout).toContain(`Pushed: ghcr.io/acme/wc-lite:latest\nDigest: sha256:${'cd'.repeat(32)}\n`);
    });

    it('reports a failed build with the engine output, exit 1', () => {
      const fake = fakeTools(['podman']);
      const result = topograph(['deploy', 'build'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake), FAKE_ENGINE_FAIL: 'build' });
      expectCleanError(result);
      expect(result.stderr).toContain('ERROR: podman build failed (exit 1)');
      expect(result.stderr).toContain('build failed (fake)');
      expect(result.stderr).toMatch(/The deployment artifacts were written; the image was not built\.\n$/);
      expect(result.stderr).not.toContain('nothing was written');
    });

    it('without any engine: a clear error', () => {
      const result = topograph(['deploy', 'build'], fixtureCopy('cli-tool'));
      expectCleanError(result);
      expect(result.stderr).toContain('ERROR: No container engine found (neither docker nor podman is on PATH)');
    });

    it('--engine names an engine that is not installed', () => {
      const fake = fakeTools(['docker']);
      const result = topograph(['deploy', 'build', '--engine', 'podman'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake) });
      expectCleanError(result);
      expect(result.stderr).toContain('ERROR: podman is not installed (not found on PATH)');
    });
  });

  describe('push', () => {
    it('without a terminal and without --registry: a usage error before anything runs', () => {
      const fake = fakeTools(['podman']);
      const dir = fixtureCopy('cli-tool');
      const before = snapshotDir(dir);
      const result = topograph(['deploy', 'push'], dir, { PATH: isolatedPath(fake) });
      expectCleanError(result, 2);
      expect(result.stderr).toContain('ERROR: No registry to push to, and no terminal to ask on\nExpected: --registry <host[:port][/namespace]>\nAction: Pass --registry');
      expect(fake.calls()).toEqual([]);
      expect(snapshotDir(dir)).toEqual(before);
    });

    it('podman to a plain-HTTP local registry: tags and pushes both tags with --tls-verify=false, reporting digests', () => {
      const fake = fakeTools(['podman']);
      const result = topograph(['deploy', 'push', '--engine', 'podman', '--registry', '127.0.0.1:5000', '--tls-verify=false'], fixtureCopy('cli-tool'), {
        PATH: isolatedPath(fake),
      });
      expect(result.stderr).not.toContain('ERROR');
      expect(result.code).toBe(0);
      const calls = fake.calls().map((c) => c.argv);
      expect(calls.filter((a) => a[0] === 'tag')).toEqual([
        ['tag', 'wc-lite:latest', '127.0.0.1:5000/wc-lite:latest'],
        ['tag', 'wc-lite:0.3.0', '127.0.0.1:5000/wc-lite:0.3.0'],
      ]);
      const pushes = calls.filter((a) => a[0] === 'push');
      expect(pushes.map((a) => [a[1], a[a.length - 1]])).toEqual([
        ['--tls-verify=false', '127.0.0.1:5000/wc-lite:latest'],
        ['--tls-verify=false', '127.0.0.1:5000/wc-lite:0.3.0'],
      ]);
      const digest = `sha256:${'ab'.repeat(32)}`;
      expect(result.stdout).toContain(`Push Complete\n=============\nPushed: 127.0.0.1:5000/wc-lite:latest\nDigest: ${digest}\nPushed: 127.0.0.1:5000/wc-lite:0.3.0\n`);
      expect(result.stdout).toContain(`podman pull 127.0.0.1:5000/wc-lite@${digest}`);
    });

    it('docker: reads the digest from the push output', () => {
      const fake = fakeTools(['docker']);
      const result = topograph(['deploy', 'push', '--registry', 'https://ghcr.io/acme/'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake) });
      expect(result.code).toBe(0);
      expect(fake.calls().filter((c) => c.argv[0] === 'push').map((c) => c.argv)).toEqual([
        ['push', 'ghcr.io/acme/wc-lite:latest'],
        ['push', 'ghcr.io/acme/wc-lite:0.3.0'],
      ]);
      expect(result.stdout).toContain(`Digest: sha256:${'ab'.repeat(32)}`);
    });

    it('rejects a registry that cannot prefix an image name', () => {
      const fake = fakeTools(['docker']);
      const result = topograph(['deploy', 'push', '--registry', 'Not A Registry'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake) });
      expectCleanError(result, 2);
      expect(result.stderr).toContain('ERROR: Invalid registry\nValue: "Not A Registry"');
    });

    it('a failed push explains plain-HTTP registries', () => {
      const fake = fakeTools(['podman']);
      const result = topograph(['deploy', 'push', '--registry', '127.0.0.1:5000'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake), FAKE_ENGINE_FAIL: 'push' });
      expectCleanError(result);
      expect(result.stderr).toContain('ERROR: Pushing 127.0.0.1:5000/wc-lite:latest failed');
    });
  });

  it('--json: the checklist, archetype, files, image figures and pushed digests as one JSON object', () => {
    const fake = fakeTools(['podman']);
    const result = topograph(['deploy', 'push', '--json', '--registry', '127.0.0.1:5000', '--tls-verify=false'], fixtureCopy('cli-tool'), { PATH: isolatedPath(fake) });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      command: 'deploy',
      action: 'push',
      archetype: 'cli-tool',
      reason: 'package.json has a "bin" entry',
      image: { reference: 'wc-lite:latest', engine: 'podman', size: 45678901, layers: 12 },
      pushed: [
        { reference: '127.0.0.1:5000/wc-lite:latest', digest: `sha256:${'ab'.repeat(32)}` },
        { reference: '127.0.0.1:5000/wc-lite:0.3.0', digest: `sha256:${'ab'.repeat(32)}` },
      ],
    });
    expect(report.checklist.map((i: { ok: boolean }) => i.ok)).toEqual([true, true, true]);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['.dockerignore', 'Dockerfile', 'docker-compose.yml']);
  });

  it('--json on a project that is not ready: ok false with the checklist, exit 1', () => {
    const result = topograph(['deploy', '--json'], fixtureCopy('unverified-specs'));
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.checklist[1]).toMatchObject({ ok: false, text: 'Specs not verified - verify the open assertions, then set their "status" to "confirmed" in specs/assertions.json (docs/specs.md)' });
  });

  it('library on a terminal: asks before editing package.json and tsconfig.json', async () => {
    const dir = fixtureCopy('library');
    const questions: string[] = [];
    let stdout = '';
    const io: CliIO = {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      isTTY: true,
      env: { PATH: isolatedPath(), HOME: require('node:os').tmpdir(), NO_COLOR: '1' },
      cwd: dir,
      prompt: async (question) => {
        questions.push(question);
        return 'no';
      },
    };
    const before = snapshotDir(dir);
    expect(await run(['deploy'], io)).toBe(1);
    expect(questions).toEqual(['Apply them? (your files are edited in place, their formatting kept)']);
    expect(stdout).toContain('These changes would make mathlib ready to publish:\n  • package.json: add "types"');
    expect(snapshotDir(dir)).toEqual(before);
  });

  describe('registry question on a terminal', () => {
    async function pushWithAnswers(answers: string[]) {
      const fake = fakeTools(['podman']);
      const dir = fixtureCopy('cli-tool');
      const questions: Array<{ question: string; choices: string[] }> = [];
      let stdout = '';
      let stderr = '';
      const io: CliIO = {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        isTTY: true,
        env: { PATH: isolatedPath(fake), HOME: require('node:os').tmpdir(), NO_COLOR: '1' },
        cwd: dir,
        prompt: async (question, choices) => {
          questions.push({ question, choices });
          return answers.shift() ?? '';
        },
      };
      const code = await run(['deploy', 'push', '--quiet'], io);
      return { code, questions, stdout, stderr, pushes: fake.calls().filter((c) => c.argv[0] === 'push').map((c) => c.argv[c.argv.length - 1]) };
    }

    it('asks which registry with the seed options, then the user name', async () => {
      const result = await pushWithAnswers(['GitHub Container Registry (ghcr.io/username/wc-lite)', 'Acme']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.questions).toEqual([
        {
          question: 'Which container registry should I push to?',
          choices: ['Docker Hub (docker.io/username/wc-lite)', 'GitHub Container Registry (ghcr.io/username/wc-lite)', 'Custom registry (enter URL)'],
        },
        { question: 'GitHub user or organisation?', choices: [] },
      ]);
      expect(result.pushes).toEqual(['ghcr.io/acme/wc-lite:latest', 'ghcr.io/acme/wc-lite:0.3.0']);
    }, 60_000);

    it('a custom registry URL', async () => {
      const result = await pushWithAnswers(['Custom registry (enter URL)', 'registry.example.com:5000/team']);
      expect(result.code).toBe(0);
      expect(result.pushes[0]).toBe('registry.example.com:5000/team/wc-lite:latest');
    }, 60_000);
  });
});
