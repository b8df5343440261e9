import { fakeTools, fixtureCopy, isolatedPath, snapshotDir, topograph } from './helpers';

jest.setTimeout(120_000);

describe('deployment checklist', () => {
  it('failing tests: the seed lines, exit 1, the captured test output, nothing written', () => {
    const dir = fixtureCopy('failing-tests');
    const before = snapshotDir(dir);
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith(
      [
        'Deployment Checklist',
        '====================',
        '❌ Tests not passing - run /test first',
        '✅ Specs verified (1/1 assertions confirmed in specs/assertions.json)',
        '✅ Package.json exists',
        '',
        'Fix issues before deploying.',
        '',
        'Tests (npm test, exit 1):',
      ].join('\n'),
    )).toBe(true);
    expect(result.stdout).toContain('# fail 1');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('unverified specs: names each assertion that is not confirmed', () => {
    const dir = fixtureCopy('unverified-specs');
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'Deployment Checklist',
        '====================',
        '✅ Tests passing (npm test)',
        '❌ Specs not verified - run /verify first',
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
    expect(result.stdout).toContain('❌ Tests not passing - run /test first\n✅ Specs verified (1/1 assertions confirmed in specs/assertions.json)\n❌ Package.json missing - create one first (npm init)\n\nFix issues before deploying.\n');
  });

  it('no specs/assertions.json: specs not verified', () => {
    const dir = fixtureCopy('cli-tool');
    require('node:fs').rmSync(require('node:path').join(dir, 'specs'), { recursive: true });
    const result = topograph(['deploy'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('❌ Specs not verified - run /verify first\n');
    expect(result.stdout).toContain('Specs: specs/assertions.json not found');
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
    expect(failing.stdout).toContain('❌ Tests not passing - run /test first');

    const missing = topograph(['deploy'], fixtureCopy('web-service'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('  bun is not installed (not found on PATH)');
  });
});
