/**
 * Secrets inside values (issue 17, item 9): a service `env` value or `command` argument written
 * `{ "template": "Bearer {secret:API_TOKEN}" }`, whose `{secret:NAME}` placeholders name entries of
 * the service's `secrets`. The value is never written: compose reads `${API_TOKEN:?…}` from `.env`,
 * Kubernetes expands `$(API_TOKEN)` from a variable defined first from its `secretKeyRef`.
 */
import { z } from 'zod';
import type { TemplatePart } from '../model';
import { ENV_NAME, FREE_TEXT, MAX_VALUE } from './grammar';

/** How a secret template is written. */
export const SECRET_TEMPLATE_RULE = `Text of at most ${MAX_VALUE} characters with no control character, where each {secret:NAME} is replaced at run time by the secret NAME of the service's "secrets"; "{" and "}" only in those placeholders. "$" is literal.`;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const SECRET_PLACEHOLDER = /^secret:(.*)$/;

/** A value with secrets inside it, as the graph holds it. */
export interface SecretTemplate {
  readonly template: string;
}

/** The placeholders of `template` that are not `{secret:NAME}` with a variable name, in order. */
export function badSecretPlaceholders(template: string): string[] {
  const bad: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = SECRET_PLACEHOLDER.exec(match[1])?.[1];
    if (name === undefined || !ENV_NAME.test(name)) bad.push(match[0]);
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest)) bad.push(rest.includes('{') ? '{' : '}');
  return bad;
}

/** The secrets `template` names, each once, in order. */
export function secretsOfTemplate(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].flatMap((m) => SECRET_PLACEHOLDER.exec(m[1])?.[1] ?? []))];
}

/** The parts of a (valid) secret template. */
export function secretTemplateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ kind: 'text', text: template.slice(last, match.index) });
    parts.push({ kind: 'secret', secret: SECRET_PLACEHOLDER.exec(match[1])![1] });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

export const secretTemplateSchema = z
  .strictObject({
    template: z
      .string()
      .min(1)
      .max(MAX_VALUE)
      .regex(FREE_TEXT)
      .refine((t) => badSecretPlaceholders(t).length === 0, { error: 'placeholders only of the form {secret:NAME}' })
      .refine((t) => secretsOfTemplate(t).length > 0, { error: 'at least one {secret:NAME} (a value without one is a plain string)' })
      .describe(SECRET_TEMPLATE_RULE),
  })
  .describe('A value that holds secrets: {"template": "Bearer {secret:API_TOKEN}"}; each NAME must be in the service\'s "secrets".');

/** Whether a graph value is a secret template rather than plain text. */
export function isSecretTemplate(value: unknown): value is SecretTemplate {
  return typeof value === 'object' && value !== null && typeof (value as SecretTemplate).template === 'string';
}
