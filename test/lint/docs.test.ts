/** docs/lint.md documents every rule with its real severity, and the README points at it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/lint';
import { REPO } from '../helpers/shop';

const docs = fs.readFileSync(path.join(REPO, 'docs', 'lint.md'), 'utf8');

it.each(RULES.map((r) => [r.id, r] as const))('docs/lint.md lists %s with its severity and fix', (id, rule) => {
  const row = docs.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
  expect(row).toBeDefined();
  expect(row).toContain(`| ${rule.severity} |`);
  expect(row).toContain(rule.fix.split(' (')[0].replace(/\|/g, '\\|').slice(0, 30));
});

it('the README links the rules', () => {
  expect(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain('(docs/lint.md)');
});
