import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { loadAssertions, validateAssertions, verificationOf } from '../../src/specs/load';
import { renderAssertionsJsonSchema } from '../../src/specs/write-json-schema';
import { FIXTURES, REPO } from './helpers';

const committed = path.join(REPO, 'schemas', 'assertions.schema.json');
const fixtures = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'specs', 'assertions.json')));

describe('the assertions JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    expect(fs.readFileSync(committed, 'utf8')).toBe(renderAssertionsJsonSchema());
  });

  it.each(fixtures)('accepts the %s fixture, as the zod schema does', (name) => {
    const value = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'specs', 'assertions.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(renderAssertionsJsonSchema()));
    expect(validate(value)).toBe(true);
    expect(validateAssertions(value).kind).toBe('ok');
  });

  it('rejects an unknown status and category, naming where', () => {
    const bad = { assertions: [{ id: 'a', description: 'x', status: 'done', category: 'web' }] };
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(renderAssertionsJsonSchema()));
    expect(validate(bad)).toBe(false);
    const result = validateAssertions(bad);
    expect(result.kind).toBe('invalid');
    const messages = result.kind === 'invalid' ? result.problems.map((p) => `${p.message} | ${p.value} | ${p.expected}`) : [];
    expect(messages).toEqual([
      expect.stringMatching(/assertions\[0\]\.status.*\| "done" \| one of "confirmed", "pending", "failed"/),
      expect.stringMatching(/assertions\[0\]\.category.*\| "web" \| one of http, persistence/),
    ]);
  });

  it('rejects duplicate ids', () => {
    const dup = { assertions: [1, 2].map(() => ({ id: 'same', description: 'x', status: 'confirmed', category: 'cli' })) };
    const result = validateAssertions(dup);
    expect(result.kind === 'invalid' && result.problems[0].message).toBe("Duplicate assertion id 'same' in specs/assertions.json");
  });

  it('reports a syntax error with line and column', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'topograph-specs-'));
    fs.mkdirSync(path.join(dir, 'specs'));
    fs.writeFileSync(path.join(dir, 'specs', 'assertions.json'), '{\n  "assertions": [,]\n}\n');
    const result = loadAssertions(dir);
    expect(result.kind === 'invalid' && result.problems[0].message).toBe('specs/assertions.json is not valid JSON at line 2, column 18');
  });

  it('documents every field in docs/specs.md', () => {
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'specs.md'), 'utf8');
    const names = new Set<string>();
    const walk = (node: any) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries<any>(node.properties ?? {})) {
        names.add(key);
        walk(value);
      }
      walk(node.items);
    };
    walk(JSON.parse(renderAssertionsJsonSchema()));
    expect([...names].filter((n) => !docs.includes(`\`${n}\``))).toEqual([]);
  });
});

describe('verification summary (the label values)', () => {
  it('takes verified-at from the file, dafny/tlc from verifiedBy, and counts confirmed assertions', () => {
    const load = loadAssertions(path.join(FIXTURES, 'web-service'));
    if (load.kind !== 'ok') throw new Error('fixture invalid');
    expect(verificationOf(load.specs)).toEqual({ total: 3, confirmed: 3, allConfirmed: true, verifiedAt: '2024-01-15T10:30:00Z', dafny: true, tlc: true });
  });

  it('falls back to the latest assertion time and says false when nothing used dafny', () => {
    const load = loadAssertions(path.join(FIXTURES, 'data-pipeline'));
    if (load.kind !== 'ok') throw new Error('fixture invalid');
    expect(verificationOf(load.specs)).toMatchObject({ verifiedAt: '2024-03-02T00:00:00Z', dafny: false, tlc: true });
  });

  it('is not verified when any assertion is pending or failed, nor when there are none', () => {
    const load = loadAssertions(path.join(FIXTURES, 'unverified-specs'));
    if (load.kind !== 'ok') throw new Error('fixture invalid');
    expect(verificationOf(load.specs)).toMatchObject({ total: 3, confirmed: 1, allConfirmed: false, verifiedAt: undefined, tlc: false });
    expect(verificationOf({ assertions: [] }).allConfirmed).toBe(false);
  });
});
