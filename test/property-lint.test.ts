/**
 * The lint engine never crashes on what users hand it: arbitrary text, hostile text (alias bombs,
 * binary bytes, line breaks Docker does not see, huge lines, deep nesting, terminal escapes), and
 * our own output with lines dropped, duplicated, swapped or replaced by either. It returns findings
 * (a `file-unreadable` error for text it cannot read) — never an exception, never a message with
 * raw control characters.
 */
import * as fc from 'fast-check';
import { lintFiles } from '../src';
import { shopGraph, synth } from './helpers/shop';
import { params } from './property/arbitraries';

const shop = synth(shopGraph()).files;
const SOURCES = {
  'docker-compose.yml': shop['docker/docker-compose.yml'],
  Dockerfile: shop['docker/Dockerfile.catalog'],
  'services.yaml': shop['kubernetes/20-services.yaml'].split(/^---\n/m).slice(0, 4).join('---\n'),
};

/** `levels` anchors, each a list of `width` aliases to the one before: width^levels nodes. */
function aliasBomb(levels: number, width: number): string {
  const lines = [`x-0: &a0 [${Array(width).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`x-${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nservices:\n  web:\n    image: *a${levels - 1}\n    user: *a${levels - 1}\n    environment: *a${levels - 1}\n`;
}

/** Pieces of text a parser may choke on: line breaks of every kind, NUL, escapes, instructions, YAML syntax. */
const piece = fc.constantFrom('\r', '\n', '\r\n', '\u2028', '\u2029', '\u0085', '\u0000', '\ufeff', '\u001b[2J', '\u009b', '\t', ' ', '\\', 'FROM a:1', 'USER root', 'RUN <<EOF', 'EOF', '- ', ': ', '&a ', '*a', '[', '{', '"', "'", '---', 'services:', 'x');

/** Hostile text: alias bombs, binary bytes, broken line breaks, huge lines, deep nesting. */
const hostile = fc.oneof(
  fc.record({ levels: fc.integer({ min: 2, max: 12 }), width: fc.integer({ min: 1, max: 12 }) }).map(({ levels, width }) => aliasBomb(levels, width)),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join('')),
  fc.integer({ min: 1, max: 300_000 }).map((n) => `FROM ${'x'.repeat(n)}\nCMD ${'y '.repeat(n % 1000)}\n`),
  fc.integer({ min: 1, max: 2_000 }).map((n) => `services: ${'['.repeat(n)}${']'.repeat(n % 3 === 0 ? 0 : n)}\n`),
);

/** Edits to a file's lines: drop, duplicate or swap a line, or replace one with arbitrary or hostile text. */
const edit = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ maxLength: 30 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: hostile }),
);

type Edit = { op: 'drop' | 'duplicate'; at: number } | { op: 'swap'; at: number; with: number } | { op: 'replace'; at: number; text: string };

function applyEdits(text: string, edits: readonly Edit[]): string {
  const lines = text.split('\n');
  for (const e of edits) {
    const i = e.at % lines.length;
    if (e.op === 'drop') lines.splice(i, 1);
    else if (e.op === 'duplicate') lines.splice(i, 0, lines[i]);
    else if (e.op === 'swap') [lines[i], lines[e.with % lines.length]] = [lines[e.with % lines.length], lines[i]];
    else lines[i] = e.text;
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
}

function expectWellFormed(result: ReturnType<typeof lintFiles>): void {
  for (const f of result.findings) {
    expect(['error', 'warning']).toContain(f.severity);
    expect(f.message.length).toBeGreaterThan(0);
    expect(f.message.length).toBeLessThanOrEqual(400);
    expect(f.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(f.message).not.toContain('a bug in topograph');
    if (f.line !== undefined) expect(f.line).toBeGreaterThanOrEqual(1);
  }
}

it('never throws on arbitrary text in any kind of file', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
      expectWellFormed(lintFiles({ Dockerfile: text, 'compose.yaml': text, 'k8s.yaml': `apiVersion: v1\nkind: Pod\n${text}` }));
    }),
    params(200),
  );
});

it('never throws on hostile text in any kind of file, and reports it with printable messages', () => {
  fc.assert(
    fc.property(hostile, (text) => {
      expectWellFormed(lintFiles({ Dockerfile: text, 'compose.yaml': text, 'k8s.yaml': `apiVersion: v1\nkind: Pod\n${text}`, [`Dockerfile.${text.slice(0, 20)}`]: text }));
    }),
    params(150),
  );
});

it('never throws on damaged copies of real files (dropped, duplicated, swapped or garbled lines)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...(Object.keys(SOURCES) as Array<keyof typeof SOURCES>)), fc.array(edit, { minLength: 1, maxLength: 6 }), (file, edits) => {
      const result = lintFiles({ [file]: applyEdits(SOURCES[file], edits) });
      expectWellFormed(result);
    }),
    params(200),
  );
});
