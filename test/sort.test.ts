import * as fs from 'node:fs';
import * as path from 'node:path';
import { byName, compareStrings, sortedRecord } from '../src/sort';

describe('the string order of generated output', () => {
  it('is the order of sort() without a comparator, not a locale order', () => {
    const words = ['b', 'B', 'a', 'A', 'é', 'e', '_x', '-y', '10', '9', 'ä'];
    expect([...words].sort(compareStrings)).toEqual([...words].sort());
    expect(compareStrings('Z', 'a')).toBeLessThan(0);
    expect(compareStrings('same', 'same')).toBe(0);
  });

  it('orders by name', () => {
    expect([{ name: 'web' }, { name: 'api' }, { name: 'db' }].sort(byName).map((x) => x.name)).toEqual(['api', 'db', 'web']);
  });

  it('copies a record with sorted keys and leaves the original as it was', () => {
    const record = { web: 1, api: 2, db: 3 };
    expect(Object.keys(sortedRecord(record))).toEqual(['api', 'db', 'web']);
    expect(Object.keys(record)).toEqual(['web', 'api', 'db']);
  });

  it('is the only hand-written string comparator in the engine and the constructs', () => {
    const root = path.resolve(__dirname, '..');
    const files = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
    const comparators = [...files('src'), ...files('constructs')].filter(
      (file) => file !== 'src/sort.ts' && /\?\s*-1\s*:/.test(fs.readFileSync(path.join(root, file), 'utf8')),
    );
    expect(comparators).toEqual([]);
  });
});
