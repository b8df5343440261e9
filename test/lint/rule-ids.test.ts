import { LINT_RULE_IDS } from '../../src/graph/lint-rule-ids';
import { RULES } from '../../src/lint';

describe('rule ids', () => {
  it('the graph format names exactly the rules lint runs, in documentation order', () => {
    expect(RULES.map((rule) => rule.id)).toEqual([...LINT_RULE_IDS]);
  });
});
