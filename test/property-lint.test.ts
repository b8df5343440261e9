/**
 * The lint engine never crashes on what users hand it: arbitrary text, and our own output with
 * lines dropped, duplicated or swapped. It returns findings (a `file-unreadable` error for text that
 * is not YAML) — never an exception.
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

/** Edits to a file's lines: drop, duplicate or swap a line, or replace one with arbitrary text. */
const edit = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ maxLength: 30 }) }),
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

it('never throws on damaged copies of real files (dropped, duplicated, swapped or garbled lines)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...(Object.keys(SOURCES) as Array<keyof typeof SOURCES>)), fc.array(edit, { minLength: 1, maxLength: 6 }), (file, edits) => {
      const result = lintFiles({ [file]: applyEdits(SOURCES[file], edits) });
      expectWellFormed(result);
    }),
    params(200),
  );
});
