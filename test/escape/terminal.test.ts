/** terminalLine: what lint prints about files it did not write shows every control character visibly, on one line. */
import { terminalLine } from '../../src/escape';
import { CONTROL_CHARACTER, HOSTILE_STRINGS } from './corpus';

it('leaves no control character, line separator or lone surrogate in any hostile string', () => {
  for (const value of HOSTILE_STRINGS) expect(terminalLine(value)).not.toMatch(new RegExp(`\\t|${CONTROL_CHARACTER.source}`));
});

it('changes nothing else', () => {
  const printable = HOSTILE_STRINGS.filter((s) => !CONTROL_CHARACTER.test(s) && !s.includes('\t'));
  expect(printable.length).toBeGreaterThan(10);
  for (const value of printable) expect(terminalLine(value)).toBe(value);
});

it('shows each character as an escape a reader can decode', () => {
  expect(terminalLine('a\u001b[2Jb\tc\u009b\u2028\ud800')).toBe('a\\u001b[2Jb\\u0009c\\u009b\\u2028\\ud800');
});
