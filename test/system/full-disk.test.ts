/**
 * A real full disk (docs/security.md): `topograph synth` into a tiny tmpfs, filled up to a few
 * kilobytes, must stop with "the disk is full (ENOSPC)" naming the path, leave the previous output
 * exactly as it was with nothing of its own behind, and succeed once there is room again. The
 * tmpfs is mounted in a private mount namespace (`unshare --mount --map-root-user`), so nothing
 * stays mounted; CI runs this suite as root.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, SHOP_DIR } from '../helpers/shop';

const BIN = path.join(REPO, 'lib', 'src', 'cli', 'main.js');

const SCRIPT = String.raw`
set -u
mount -t tmpfs -o size=512k tmpfs "$MNT"
cd "$SHOP"
"$NODE" "$BIN" synth --out "$MNT/out" -q; echo $? > "$WORK/first.code"
echo 'JWT_SECRET=keep-me' > "$MNT/out/docker/.env"
free=$(df --output=avail -B1 "$MNT" | tail -n 1)
head -c $((free - 24576)) /dev/zero > "$MNT/filler"
list() { (cd "$MNT" && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+ | awk '{print $1, $5, $NF}'; find . -type f -print0 | sort -z | xargs -0 sha256sum); }
list > "$WORK/before.txt"
sed -i 's/"version": "0.1.0"/"version": "0.2.0"/' topology-graph.json
"$NODE" "$BIN" synth --out "$MNT/out" > "$WORK/second.out" 2> "$WORK/second.err"; echo $? > "$WORK/second.code"
list > "$WORK/after.txt"
rm "$MNT/filler"
"$NODE" "$BIN" synth --out "$MNT/out" -q; echo $? > "$WORK/third.code"
grep -c 'version: "0.2.0"\|0.2.0' "$MNT/out/docker/docker-compose.yml" > "$WORK/third.grep" || true
cat "$MNT/out/docker/.env" > "$WORK/env.txt"
`;

describe('a full disk (a real tmpfs)', () => {
  it('stops synth with a clear problem, keeps the previous output and leaves nothing behind', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'topograph-full-disk-'));
    const shop = path.join(work, 'shop');
    const mnt = path.join(work, 'mnt');
    fs.mkdirSync(mnt);
    fs.cpSync(SHOP_DIR, shop, { recursive: true, filter: (src) => !src.includes('node_modules') && !src.endsWith('/dist') });
    const result = spawnSync('unshare', ['--mount', '--map-root-user', 'bash', '-c', SCRIPT], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, HOME: work, NODE: process.execPath, BIN, SHOP: shop, MNT: mnt, WORK: work },
      timeout: 300_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const read = (name: string) => fs.readFileSync(path.join(work, name), 'utf8');
    expect(read('first.code').trim()).toBe('0');
    expect(read('second.code').trim()).toBe('1');
    expect(read('second.err')).toMatch(/^ERROR: Cannot write \S+: the disk is full \(ENOSPC\); nothing was changed$/m);
    expect(read('second.err')).toMatch(/^Action: Free space on the filesystem that holds \S+, then run it again$/m);
    expect(read('second.err')).not.toContain('failed unexpectedly');
    expect(read('after.txt')).toBe(read('before.txt'));
    expect(read('after.txt')).not.toContain('topograph-tmp');
    expect(read('third.code').trim()).toBe('0');
    expect(Number(read('third.grep'))).toBeGreaterThan(0);
    expect(read('env.txt')).toBe('JWT_SECRET=keep-me\n');
  });
});
