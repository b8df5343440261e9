/** The diagram escaping helpers (src/escape/diagram.ts); Graphviz itself checks them in test/system/graphviz.test.ts. */
import { dotLabel, dotString, mermaidText, UnsafeValueError } from '../src/escape';
import { CONTROL_CHARACTER, HOSTILE_STRINGS } from './escape/corpus';

describe('DOT', () => {
  it('quotes a value so it can neither end the string nor start an escape', () => {
    expect(dotString('say "hi"')).toBe('"say \\"hi\\""');
    expect(dotString('a\\Nb')).toBe('"a\\\\Nb"');
    expect(dotLabel(['1. nats', 'nats · nats:2.10-alpine'])).toBe('"1. nats\\nnats · nats:2.10-alpine"');
  });

  it('never writes a raw line break, and every printable value stays one balanced string', () => {
    for (const value of HOSTILE_STRINGS.filter((s) => !CONTROL_CHARACTER.test(s))) {
      const quoted = dotLabel([value, value]);
      expect(quoted).not.toMatch(/[\n\r]/);
      expect(quoted.slice(1, -1).replace(/\\./g, '')).not.toContain('"');
    }
  });

  it.each(HOSTILE_STRINGS.filter((s) => CONTROL_CHARACTER.test(s) && !s.includes('\t')))('refuses %j', (value) => {
    expect(() => dotString(value)).toThrow(UnsafeValueError);
    expect(() => mermaidText(value)).toThrow(UnsafeValueError);
  });
});

describe('Mermaid', () => {
  it('replaces what would end a label or open HTML with entity codes', () => {
    expect(mermaidText('a "b" <c> #1')).toBe('a #34;b#34; #60;c#62; #35;1');
  });
});
