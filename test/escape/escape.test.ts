import { execFileSync } from 'node:child_process';
import { validate as lintDockerfile } from 'dockerfile-utils';
import * as jsYaml from 'js-yaml';
import { parse as parseYaml } from 'yaml';
import {
  diagramComment,
  dockerfileComment,
  dockerfileExecForm,
  dockerfileLabelKey,
  dockerfileString,
  dotLabel,
  dotString,
  jsString,
  mermaidText,
  pythonString,
  shellName,
  shellQuote,
  shellWord,
  mysqlIdentifier,
  mysqlLiteral,
  sqlIdentifier,
  sqlLiteral,
  terminalLine,
  terminalOutput,
  terminalText,
  UnsafeValueError,
  yamlComment,
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
    expect(() => shellWord(value)).toThrow(UnsafeValueError);
  });

  it('shellWord leaves safe words bare and gives bash back every printable value unchanged', () => {
    expect(shellWord('./src/index.ts')).toBe('./src/index.ts');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('')).toBe("''");
    const script = clean.map((s) => `printf '%s\\0' ${shellWord(s)}`).join('\n');
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(out.split('\0').slice(0, -1)).toEqual(clean);
  });

  it('shellName passes plain names only', () => {
    expect(shellName('shop-api_2')).toBe('shop-api_2');
    for (const value of HOSTILE_STRINGS.filter((s) => !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(s))) expect(() => shellName(value)).toThrow(UnsafeValueError);
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

  it('LABEL keys are reverse-DNS words or refused', () => {
    expect(dockerfileLabelKey('org.opencontainers.image.title')).toBe('org.opencontainers.image.title');
    for (const value of HOSTILE_STRINGS.filter((s) => !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(s))) expect(() => dockerfileLabelKey(value)).toThrow(UnsafeValueError);
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

describe('MySQL and MariaDB SQL (default sql_mode)', () => {
  it('quotes identifiers in backticks and doubles backslashes in strings, which MySQL reads as escapes', () => {
    expect(mysqlIdentifier('ledger-2024')).toBe('`ledger-2024`');
    expect(mysqlIdentifier('a`; DROP DATABASE x; --')).toBe('`a``; DROP DATABASE x; --`');
    expect(mysqlLiteral("it's")).toBe("'it''s'");
    expect(mysqlLiteral("back\\slash\\'")).toBe("'back\\\\slash\\\\'''");
  });

  it('round-trips every hostile string it accepts, and refuses empty identifiers and line breaks', () => {
    const unquote = (quoted: string, q: string) => quoted.slice(1, -1).split(q + q).join(q);
    for (const value of HOSTILE_STRINGS) {
      try {
        expect(unquote(mysqlIdentifier(value), '`')).toBe(value);
      } catch (e) {
        if (!(e instanceof UnsafeValueError || e instanceof RangeError)) throw e;
      }
      try {
        const literal = mysqlLiteral(value);
        expect(literal.slice(1, -1).replace(/''/g, "'").replace(/\\\\/g, '\\')).toBe(value);
        expect(literal.slice(1, -1)).not.toMatch(/(^|[^'])'([^']|$)/);
      } catch (e) {
        if (!(e instanceof UnsafeValueError)) throw e;
      }
    }
    expect(() => mysqlIdentifier('')).toThrow(RangeError);
    expect(() => mysqlIdentifier('a\nb')).toThrow(UnsafeValueError);
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

describe('YAML comments', () => {
  it.each(dirty.filter((s) => !s.includes('\t')))('refuse %j', (value) => {
    expect(() => yamlComment(value)).toThrow(UnsafeValueError);
  });
});

describe('diagrams', () => {
  it('DOT strings keep every printable value one quoted token, with \\n line breaks', () => {
    expect(dotLabel(['a"b\\c', 'd'])).toBe('"a\\"b\\\\c\\nd"');
    for (const value of clean) expect(dotString(value)).toMatch(/^"([^"\\\n]|\\.)*"$/);
  });

  it('Mermaid label text holds no quote or markup of its own', () => {
    for (const value of clean) expect(mermaidText(value)).not.toMatch(/["<>]/);
    expect(mermaidText('a"<b>#')).toBe('a#34;#60;b#62;#35;');
  });

  it.each(dirty.filter((s) => !s.includes('\t')))('refuse %j', (value) => {
    expect(() => mermaidText(value)).toThrow(UnsafeValueError);
    expect(() => diagramComment(value)).toThrow(UnsafeValueError);
  });
});

describe('the terminal', () => {
  const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  it('no value reaches the terminal with a character it acts on', () => {
    for (const value of [...HOSTILE_STRINGS, '\u202eevil', 'rtl\u2066x']) {
      expect(terminalText(value)).not.toMatch(ACTIVE);
      expect(terminalLine(value)).not.toMatch(/[\n\t]/);
      expect(terminalOutput(value, true)).not.toMatch(ACTIVE);
    }
    expect(terminalText('a\u001b[2Jb\n')).toBe('a\\u001b[2Jb\n');
  });

  it("keeps topograph's own colours only when colour is on", () => {
    expect(terminalOutput('\u001b[32mok\u001b[0m', true)).toBe('\u001b[32mok\u001b[0m');
    expect(terminalOutput('\u001b[32mok\u001b[0m', false)).toBe('\\u001b[32mok\\u001b[0m');
    expect(terminalOutput('\u001b[8mhidden', true)).toBe('\\u001b[8mhidden');
  });
});
