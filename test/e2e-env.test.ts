/**
 * The end-to-end suite's podman configuration (scripts/e2e/env.sh), read with bash: podman's
 * cleanup process, which conmon runs when a container exits and which applies restart policies,
 * refuses a --runroot longer than 50 characters; with a long lab path crashed containers stayed
 * "stopped" (docs/e2e.md). The runroot stays short whatever the lab's path.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ENV_SH = path.join(__dirname, '..', 'scripts', 'e2e', 'env.sh');

/** Short, so runroots made under it stay within 50 characters (as under /run in the suite). */
const base = fs.mkdtempSync(path.join('/tmp', 'tg-env-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function configFor(lab: string, extra: Record<string, string> = {}) {
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', `. "${ENV_SH}" && e2e_write_config && cat "$CONTAINERS_STORAGE_CONF"`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, E2E_LAB: lab, E2E_RUNROOT_BASE: base, ...extra },
  });
  const runroot = /^runroot = "(.*)"$/m.exec(result.stdout)?.[1];
  return { ...result, runroot };
}

describe('scripts/e2e/env.sh', () => {
  it('keeps the runroot inside a lab whose path is short', () => {
    const lab = path.join(base, 'lab');
    const { status, runroot } = configFor(lab);
    expect(status).toBe(0);
    expect(runroot).toBe(`${lab}/runroot`);
  });

  it('gives a lab with a long path a runroot of at most 50 characters, the same on every run and distinct per lab', () => {
    const lab = path.join(base, 'a-second-checkout-of-topograph-at-a-longer-path', '.e2e-cache');
    const first = configFor(lab);
    expect(first.status).toBe(0);
    expect(first.runroot!.length).toBeLessThanOrEqual(50);
    expect(first.runroot).toMatch(/\/topograph-e2e-[0-9a-f]{12}$/);
    expect(first.runroot!.startsWith(`${base}/`)).toBe(true);
    expect(fs.statSync(first.runroot!).isDirectory()).toBe(true);
    expect(configFor(lab).runroot).toBe(first.runroot);
    expect(configFor(`${lab}-other`).runroot).not.toBe(first.runroot);
  });

  it('refuses a runroot podman would refuse, saying what to do', () => {
    const result = configFor(path.join(base, 'lab'), { E2E_RUNROOT: `/tmp/${'x'.repeat(60)}` });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is longer than 50 characters');
    expect(result.stderr).toContain('Action: set E2E_RUNROOT');
  });
});
