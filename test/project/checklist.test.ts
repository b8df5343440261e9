import * as fs from 'node:fs';
import * as path from 'node:path';
import { failureExcerpt, runProjectTests } from '../../src/project/checklist';
import { validateAssertions } from '../../src/specs/load';
import { fakeTools, fixtureCopy, isolatedPath, snapshotDir, topograph } from './helpers';

jest.setTimeout(120_000);

const RUNNING = 'Running npm test (timeout 120s; --test-timeout <seconds> to change)…\n';

describe('deployment checklist', () => {
  it('failing tests: the seed layout, a real action, the failing assertion itself, nothing written', () => {
    const dir = fixtureCopy('failing-tests');
    const before = snapshotDir(dir);
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(RUNNING);
    expect(result.stdout.startsWith(
      [
        'Deployment Checklist',
        '====================',
        '❌ Tests not passing - fix the failures below, then re-run: npm test',
        '✅ Specs verified (1/1 assertions confirmed in specs/assertions.json)',
        '✅ Package.json exists',
        '',
        'Fix issues before deploying.',
        '',
        'Tests (npm test, exit 1):',
        '  not ok 1 - arithmetic',
      ].join('\n'),
    )).toBe(true);
    // The assertion that failed, with what was expected and what came, not only the totals.
    expect(result.stdout).toContain('      Expected values to be strictly equal:\n      2 !== 3\n');
    expect(result.stdout).toContain('    expected: 3\n    actual: 2\n');
    expect(result.stdout).toContain('  # fail 1\n');
    expect(result.stdout).not.toMatch(/runInAsyncScope|node:internal|duration_ms/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('unverified specs: says what to do, and names each assertion that is not confirmed', () => {
    const dir = fixtureCopy('unverified-specs');
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'Deployment Checklist',
        '====================',
        '✅ Tests passing (npm test)',
        '❌ Specs not verified - verify the open assertions, then set their "status" to "confirmed" in specs/assertions.json (docs/specs.md)',
        '✅ Package.json exists',
        '',
        'Fix issues before deploying.',
        '',
        'Specs: 1/3 assertions confirmed; not confirmed:',
        '  a2 (pending): Never loses input lines',
        '  a3 (failed): Terminates on every input',
        '',
      ].join('\n'),
    );
  });

  it('no package.json: tests cannot run and the package line fails', () => {
    const result = topograph(['deploy'], fixtureCopy('no-package-json'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '❌ Tests not passing - create package.json first (npm init), with a "test" script\n✅ Specs verified (1/1 assertions confirmed in specs/assertions.json)\n❌ Package.json missing - create one first (npm init)\n\nFix issues before deploying.\n',
    );
  });

  it('no test script: says to add one', () => {
    const dir = fixtureCopy('cli-tool');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    delete pkg.scripts;
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('❌ Tests not passing - add a "test" script to package.json (topograph runs npm test)\n');
  });

  it('no specs/assertions.json: prints a starter, and writes it only with --init-specs', () => {
    const dir = fixtureCopy('cli-tool');
    fs.rmSync(path.join(dir, 'specs'), { recursive: true });
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('❌ Specs not verified - create specs/assertions.json (format: docs/specs.md; --init-specs writes the starter below)\n');
    expect(result.stdout).toContain('Specs: specs/assertions.json not found. A starter (topograph deploy --init-specs writes it):\n  {\n');
    expect(fs.existsSync(path.join(dir, 'specs'))).toBe(false);
    const printed = result.stdout.slice(result.stdout.indexOf('  {\n')).split('\n').map((l) => l.slice(2)).join('\n');
    const starter = validateAssertions(JSON.parse(printed));
    expect(starter.kind).toBe('ok');

    const init = topograph(['deploy', '--init-specs'], dir);
    expect(init.code).toBe(1);
    expect(init.stdout).toContain('❌ Specs not verified - specs/assertions.json written with pending assertions: verify each, then mark it "confirmed" (docs/specs.md)\n');
    const written = fs.readFileSync(path.join(dir, 'specs', 'assertions.json'), 'utf8');
    expect(JSON.parse(written)).toEqual(JSON.parse(printed));
    expect(JSON.parse(written).assertions.map((a: { id: string; status: string; category: string }) => [a.id, a.status, a.category])).toEqual([
      ['tests-pass', 'pending', 'other'],
      ['cli-runs', 'pending', 'cli'],
    ]);
    // Now it exists: the next run reports the pending assertions, and --init-specs never overwrites it.
    const again = topograph(['deploy', '--init-specs'], dir);
    expect(again.stdout).toContain('Specs: 0/2 assertions confirmed; not confirmed:\n  tests-pass (pending): The test suite (npm test) passes\n');
    expect(fs.readFileSync(path.join(dir, 'specs', 'assertions.json'), 'utf8')).toBe(written);
  });

  it('a bun project runs `bun test` (and fails when bun is not installed)', () => {
    const fake = fakeTools(['bun']);
    const dir = fixtureCopy('web-service');
    const ok = topograph(['deploy'], dir, { PATH: isolatedPath(fake) });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('✅ Tests passing (bun test)');
    expect(fake.calls()).toEqual([{ tool: 'bun', argv: ['test'], cwd: expect.stringContaining('topograph-deploy-web-service') }]);

    const failing = topograph(['deploy'], fixtureCopy('web-service'), { PATH: isolatedPath(fake), FAKE_BUN_EXIT: '1' });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('❌ Tests not passing - fix the failures below, then re-run: bun test');

    const missing = topograph(['deploy'], fixtureCopy('web-service'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('❌ Tests not passing - install bun, which runs them (bun test)\n');
    expect(missing.stdout).toContain('  bun is not installed (not found on PATH)');
  });
});

describe('a test run that hangs', () => {
  /** A project whose test leaves a server listening (so the runner never exits) and records its pid. */
  function leakyProject(): { dir: string; pidFile: string } {
    const dir = fixtureCopy('cli-tool');
    const pidFile = path.join(dir, 'server.pid');
    fs.writeFileSync(path.join(dir, 'leak.js'), `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nrequire('node:http').createServer().listen(0, '127.0.0.1', () => console.log('listening, never closed'));\n`);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, scripts: { test: 'node leak.js' } }));
    return { dir, pidFile };
  }

  /** Whether the process runs (a zombie waiting for a parent to reap it has stopped). */
  function alive(pid: number): boolean {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    return !/^\d+ \(.*\) Z /.test(stat);
  }

  it('stops at --test-timeout, says so with the action, and stops the server the test left running', () => {
    const { dir, pidFile } = leakyProject();
    const result = topograph(['deploy', '--test-timeout', '2'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Running npm test (timeout 2s; --test-timeout <seconds> to change)…\n');
    expect(result.stdout).toContain('❌ Tests not passing - npm test did not finish within 2s: stop what keeps it running (a server, a timer) or pass --test-timeout <seconds>\n');
    expect(result.stdout).toContain('  listening, never closed');
    expect(alive(Number(fs.readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('TOPOGRAPH_TEST_TIMEOUT sets it too; a value that is not a number of seconds is a usage error', () => {
    const { dir } = leakyProject();
    expect(topograph(['deploy'], dir, { TOPOGRAPH_TEST_TIMEOUT: '1' }).stdout).toContain('did not finish within 1s');
    const bad = topograph(['deploy', '--test-timeout', '10m'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ERROR: Invalid --test-timeout\nValue: "10m"\nExpected: a whole number of seconds from 1 to 86400');
  });

  it('reports progress while the runner is quiet, and its output as it comes', async () => {
    const { dir } = leakyProject();
    const progress: string[] = [];
    const run = await runProjectTests(dir, { scripts: { test: 'node leak.js' } }, 'node', process.env, { timeoutMs: 3000, quietMs: 200, progress: (t) => progress.push(t) });
    expect(run).toMatchObject({ passed: false, cause: 'timeout' });
    expect(progress[0]).toBe('Running npm test (timeout 3s; --test-timeout <seconds> to change)…\n');
    expect(progress).toContain('  │ listening, never closed\n');
    expect(progress.some((t) => /^ {2}… npm test still running \(\d+s of 3s\)\n$/.test(t))).toBe(true);
  });
});

describe('failureExcerpt: the failing assertion from each runner', () => {
  it('jest', () => {
    const output = [
      'FAIL test/sum.test.js',
      '  ✕ adds (3 ms)',
      '',
      '  ● adds',
      '',
      '    expect(received).toBe(expected) // Object.is equality',
      '',
      '    Expected: 3',
      '    Received: 2',
      '',
      '      at Object.<anonymous> (test/sum.test.js:2:17)',
      '',
      'Tests:       1 failed, 1 total',
      'Time:        0.3 s',
    ].join('\n');
    const excerpt = failureExcerpt(output);
    expect(excerpt).toEqual(expect.arrayContaining(['  ● adds', '    expect(received).toBe(expected) // Object.is equality', '    Expected: 3', '    Received: 2', 'Tests:       1 failed, 1 total']));
    expect(excerpt.join('\n')).not.toContain('Object.<anonymous>');
  });

  it('bun', () => {
    const output = ['test/sum.test.ts:', '2 | expect(1 + 1).toBe(3);', 'error: expect(received).toBe(expected)', '', 'Expected: 3', 'Received: 2', '(fail) adds [0.20ms]', '', ' 0 pass', ' 1 fail'].join('\n');
    expect(failureExcerpt(output)).toEqual(['(fail) adds [0.20ms]', '2 | expect(1 + 1).toBe(3);', 'error: expect(received).toBe(expected)', 'Expected: 3', 'Received: 2', '…', ' 0 pass', ' 1 fail']);
  });

  it('an unknown runner: the last lines', () => {
    expect(failureExcerpt('line 1\nline 2\nsomething broke\n')).toEqual(['line 1', 'line 2', 'something broke']);
  });
});

describe('defaults are documented', () => {
  it('docs/specs.md states the test timeout default and how to change it', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'specs.md'), 'utf8');
    expect(docs).toContain('`--test-timeout <seconds>` or `TOPOGRAPH_TEST_TIMEOUT` (default 120)');
  });
});
