// Preloaded into the CLI by tests (node --require) to interrupt or break a run at a chosen point,
// as a kill -9, a pause or a failing disk would. Configured by environment variables:
//   FAULT_COUNT_FILE=<file>      write the number of mutating fs operations to <file> at exit
//   FAULT_KILL_AT=<n>            SIGKILL this process just before its n-th mutating operation
//   FAULT_KILL_AT_RENAME=<n>     SIGKILL it just before its n-th rename (or just after: FAULT_KILL_AFTER=1)
//   FAULT_PAUSE_AT=<n>           before the n-th operation, create FAULT_PAUSED (a file) and wait
//                                until FAULT_RESUME (a file) exists
//   FAULT_PAUSE_AFTER_RENAME=<n> the same, just after the n-th rename
//   FAULT_ERRNO=<CODE>           make operations on paths under FAULT_UNDER fail with CODE …
//   FAULT_UNDER=<dir>            … (writes to files opened there, or FAULT_SYSCALLS=read,lstat,…)
//   FAULT_SYSCALLS=<list>        which calls fail: write (default), open, read, lstat, scandir, rename
// Mutating operations: open for writing, write, rename, unlink, rm, mkdir, rmdir, link, fsync.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const env = process.env;
let count = 0;
const killAt = Number(env.FAULT_KILL_AT || 0);
const killAtRename = Number(env.FAULT_KILL_AT_RENAME || 0);
let renames = 0;
const pauseAt = Number(env.FAULT_PAUSE_AT || 0);
const errno = env.FAULT_ERRNO;
const under = env.FAULT_UNDER ? path.resolve(env.FAULT_UNDER) : undefined;
const syscalls = new Set((env.FAULT_SYSCALLS || 'write').split(','));
const faultyFds = new Set();
const original = { writeFileSync: fs.writeFileSync, existsSync: fs.existsSync };

function pause() {
  original.writeFileSync(env.FAULT_PAUSED, String(process.pid));
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!original.existsSync(env.FAULT_RESUME)) Atomics.wait(cell, 0, 0, 20);
}

function step() {
  count += 1;
  if (killAt && count === killAt) process.kill(process.pid, 'SIGKILL');
  if (pauseAt && count === pauseAt) pause();
}

function isUnder(p) {
  return under !== undefined && typeof p === 'string' && (path.resolve(p) === under || path.resolve(p).startsWith(under + path.sep));
}

// Like Node's own errors: write errors carry no path.
function fail(syscall, p) {
  const error = new Error(`${errno}: simulated failure, ${syscall}${p ? ` '${p}'` : ''}`);
  Object.assign(error, { code: errno, syscall, errno: -1, ...(p ? { path: p } : {}) });
  throw error;
}

const writing = (flags) => typeof flags === 'number' ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0 : typeof flags === 'string' && /[wa+]/.test(flags);

const wrap = (name, mutating, before) => {
  const original = fs[name];
  fs[name] = function (...args) {
    if (before) before(...args);
    if (mutating(...args)) step();
    const result = original.apply(this, args);
    if (name === 'openSync' && errno && isUnder(args[0]) && writing(args[1])) faultyFds.add(result);
    return result;
  };
};

wrap('openSync', (p, flags) => writing(flags), (p, flags) => {
  if (errno && syscalls.has('open') && isUnder(p)) fail('open', p);
  if (errno && syscalls.has('read') && isUnder(p) && !writing(flags)) fail('open', p);
});
wrap('writeSync', () => true, (fd) => {
  if (errno && syscalls.has('write') && faultyFds.has(fd)) fail('write');
});
wrap('closeSync', () => false, (fd) => faultyFds.delete(fd));
wrap('writeFileSync', () => true, (p) => {
  if (errno && syscalls.has('write') && isUnder(p)) fail('write', p);
});
wrap('renameSync', () => true, (from, to) => {
  if (errno && syscalls.has('rename') && isUnder(to)) fail('rename', from);
  renames += 1;
  if (killAtRename && renames === killAtRename && !env.FAULT_KILL_AFTER) process.kill(process.pid, 'SIGKILL');
});
{
  const rename = fs.renameSync;
  fs.renameSync = function (...args) {
    const result = rename.apply(this, args);
    if (killAtRename && renames === killAtRename && env.FAULT_KILL_AFTER) process.kill(process.pid, 'SIGKILL');
    if (Number(env.FAULT_PAUSE_AFTER_RENAME || 0) === renames) pause();
    return result;
  };
}
for (const name of ['unlinkSync', 'rmSync', 'rmdirSync', 'linkSync', 'fsyncSync']) wrap(name, () => true);
wrap('mkdirSync', () => true, (p) => {
  if (errno && syscalls.has('mkdir') && isUnder(p)) fail('mkdir', p);
});
wrap('lstatSync', () => false, (p) => {
  if (errno && syscalls.has('lstat') && isUnder(p)) fail('lstat', p);
});
wrap('readdirSync', () => false, (p) => {
  if (errno && syscalls.has('scandir') && isUnder(p)) fail('scandir', p);
});

if (env.FAULT_COUNT_FILE) process.on('exit', () => original.writeFileSync(env.FAULT_COUNT_FILE, String(count)));
