/**
 * TEMPORARY stand-in (helper A1): the lead replaces this file with A2's `composeOverride` at merge.
 * Trivially simple on purpose: the environment's whole compose file (no diff, no `!override`).
 */

/** The compose override file of environment `env`: what `docker-compose.<env>.yml` holds. */
export function composeOverride(baseYaml: string, envYaml: string, env: string): string {
  void baseYaml;
  void env;
  return envYaml;
}
