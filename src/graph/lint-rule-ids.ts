/**
 * The ids of the hardening rules (docs/lint.md) that a graph's `lint.acknowledge` may name, in
 * documentation order. The graph format owns this list; each rule in src/lint/rules declares one of
 * these ids, and test/lint/rule-ids.test.ts checks that every id has exactly one rule.
 */
export const LINT_RULE_IDS = [
  'dockerfile-root-user',
  'dockerfile-unpinned-base',
  'dockerfile-shell-form-command',
  'dockerfile-missing-healthcheck',
  'dockerfile-secret-in-env',
  'compose-root-user',
  'compose-unpinned-image',
  'compose-privileged',
  'compose-host-namespaces',
  'compose-secret-in-env',
  'compose-missing-resource-limits',
  'compose-writable-root-filesystem',
  'compose-public-port',
  'compose-image-without-digest',
  'kubernetes-root-user',
  'kubernetes-unpinned-image',
  'kubernetes-privileged',
  'kubernetes-host-namespaces',
  'kubernetes-secret-in-env',
  'kubernetes-missing-resource-limits',
  'kubernetes-writable-root-filesystem',
  'kubernetes-unknown-user',
  'kubernetes-hpa-without-requests',
  'kubernetes-public-without-network-policy',
  'kubernetes-ingress-without-tls',
] as const;

/** Id of one hardening rule. */
export type LintRuleId = (typeof LINT_RULE_IDS)[number];
