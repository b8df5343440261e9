import { scalarText, secretLiteral } from '../checks';
import type { ComposeRule, Hit } from '../types';

/** Secrets in `environment` are references (${VAR}) filled from .env, never literal values. */
export const composeSecretInEnv: ComposeRule = {
  id: 'compose-secret-in-env',
  kind: 'compose',
  severity: 'error',
  description: 'A secret written into the compose file ends up in version control and in every copy of the file.',
  fix: 'Replace the value with a reference, e.g. "${JWT_SECRET:?set it in .env}", and keep the value in .env (not committed) or a secrets store.',
  check(file) {
    const hits: Hit[] = [];
    for (const s of file.services) {
      const env = s.config.environment;
      const entries: Array<[string, string | undefined, (string | number)[]]> = Array.isArray(env)
        ? env.flatMap((e, i) => {
            const text = scalarText(e);
            if (text === undefined) return [];
            const eq = text.indexOf('=');
            return [eq < 0 ? [text, undefined, ['environment', i]] : [text.slice(0, eq), text.slice(eq + 1), ['environment', i]]];
          })
        : env && typeof env === 'object'
          ? Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, scalarText(v), ['environment', k]])
          : [];
      for (const [name, value, path] of entries) {
        const why = secretLiteral(name, value);
        if (why) hits.push({ message: `Service ${s.name}: ${why}`, line: s.lineOf(path), service: s.name });
      }
    }
    return hits;
  },
};
