import { Style } from '../src/cli/io';

describe('terminal colour', () => {
  it('is used on a terminal', () => {
    expect(new Style({ isTTY: true, env: {} }).green('ok')).toBe('\u001b[32mok\u001b[0m');
  });

  it.each([
    ['not a terminal', { isTTY: false, env: {} }],
    ['NO_COLOR set', { isTTY: true, env: { NO_COLOR: '1' } }],
    ['a dumb terminal', { isTTY: true, env: { TERM: 'dumb' } }],
  ])('is off when %s', (_, io) => {
    expect(new Style(io).green('ok')).toBe('ok');
  });
});
