import { execFileSync } from 'node:child_process';
import { validate as lintDockerfile } from 'dockerfile-utils';
import * as jsYaml from 'js-yaml';
import { parse as parseYaml } from 'yaml';
import {
  dockerfileComment,
  dockerfileExecForm,
  dockerfileString,
  jsString,
  pythonString,
  shellQuote,
  sqlIdentifier,
  sqlLiteral,
  UnsafeValueError,
  yamlDoubleQuoted,
} from '../../src/escape';
import { CONTROL_CHARACTER, HOSTILE_STRINGS } from './corpus';

const clean = HOSTILE_STRINGS.filter((s) => !CONTROL_CHARACTER.test(s));
const dirty = HOSTILE_STRINGS.filter((s) => CONTROL_CHARACTER.test(s));

describe('shellQuote', () => {
  it('gives bash back every printable value unchanged, expanding nothing', () => {
    const script = clean.map((s) => `printf '%s\\0' ${shellQuote(s)}`).join('\n');
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out.split('\0').slice(0, -1)).toEqual(clean);
  });

  it.each(dirty.filter((s) => !s.includes('\t')))('refuses %j', (value) => {
    expect(() => shellQuote(value)).toThrow(UnsafeValueError);
  });
});

describe('Dockerfile', () => {
  const instructions = (text: string) => text.split('\n').filter((l) => /^[A-Z]+ /.test(l)).map((l) => l.split(' ')[0]);

  it('exec form keeps one instruction on one line for every value, and JSON gives the value back', () => {
    const values = HOSTILE_STRINGS.filter((s) => !s.includes('\u0000'));
    const line = `CMD ${dockerfileExecForm(values)}`;
    expect(line).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
    expect(line).toMatch(/^[\u0020-\u007e]+$/);
    const parsed = JSON.parse(line.slice(4)) as string[];
    expect(parsed.map((s) => s.replace(/[\ud800-\udfff]/g, '?'))).toEqual(values.map((s) => s.replace(/[\ud800-\udfff]/g, '?')));
  });

  it('a LABEL of every printable value stays one instruction and expands no variable', () => {
    const text = ['FROM scratch', ...clean.map((s, i) => `LABEL k${i}=${dockerfileString(s)}`), 'USER 10001'].join('\n');
    expect(instructions(text)).toEqual(['FROM', ...clean.map(() => 'LABEL'), 'USER']);
    expect(lintDockerfile(text).filter((d) => d.severity === 1)).toEqual([]);
    expect(dockerfileString('$HOME')).toBe('"\\$HOME"');
    expect(dockerfileString('${CREATED}', ['CREATED'])).toBe('"${CREATED}"');
  });

  it.each(dirty.filter((s) => !s.includes('\t')))('LABEL values and comments refuse %j', (value) => {
    expect(() => dockerfileString(value)).toThrow(UnsafeValueError);
    expect(() => dockerfileComment(value)).toThrow(UnsafeValueError);
  });
});

describe('program source', () => {
  it('jsString: evaluates back to the value, ASCII only, no whitespace', () => {
    for (const value of clean) {
      const literal = jsString(value);
      expect(literal).toMatch(/^[\u0021-\u007e]+$/);
      expect(new Function(`return ${literal};`)()).toBe(value);
    }
  });

  it('pythonString: ASCII only, no whitespace, astral characters as \\U escapes', () => {
    for (const value of clean) expect(pythonString(value)).toMatch(/^[\u0021-\u007e]+$/);
    expect(pythonString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(pythonString('\ud83d\ude00')).toBe('"\\U0001f600"');
    expect(pythonString("'+str(1)+'")).toBe(`"'+str(1)+'"`);
  });

  it.each(dirty.filter((s) => !s.includes('\t')))('refuses %j', (value) => {
    expect(() => jsString(value)).toThrow(UnsafeValueError);
    expect(() => pythonString(value)).toThrow(UnsafeValueError);
  });
});

describe('SQL', () => {
  it('doubles the quote of its kind and nothing else', () => {
    expect(sqlIdentifier('shop')).toBe('"shop"');
    expect(sqlIdentifier('a"; DROP DATABASE x; --')).toBe('"a""; DROP DATABASE x; --"');
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('back\\slash')).toBe("'back\\slash'");
  });

  it('refuses empty identifiers and line breaks', () => {
    expect(() => sqlIdentifier('')).toThrow(RangeError);
    expect(() => sqlIdentifier('a\nb')).toThrow(UnsafeValueError);
    expect(() => sqlLiteral('a\u0000b')).toThrow(UnsafeValueError);
  });
});

describe('yamlDoubleQuoted', () => {
  const representable = HOSTILE_STRINGS.filter((s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s));

  it('every YAML reader gets every representable value back unchanged', () => {
    const text = representable.map((s, i) => `k${i}: ${yamlDoubleQuoted(s)}`).join('\n');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/);
    const expected = Object.fromEntries(representable.map((s, i) => [`k${i}`, s]));
    expect(parseYaml(text)).toEqual(expected);
    expect(jsYaml.load(text)).toEqual(expected);
  });

  it('refuses lone surrogates', () => {
    expect(() => yamlDoubleQuoted('a\ud800')).toThrow(UnsafeValueError);
  });
});
