/**
 * TEMPORARY stand-in (helper A1): the lead replaces this file with A2's `kustomizeLayout` at merge.
 * Trivially simple on purpose: every base file under `base/`, and each environment's files that
 * differ from the base (or are new) copied whole into `overlays/<env>/`. No kustomization.yaml,
 * no patches: only the signature and the paths are meant to match A2's.
 */

/** The Kustomize layout: `base/<file>` and `overlays/<env>/<file>`, inputs and outputs relative to `kubernetes/`. */
export function kustomizeLayout(base: Record<string, string>, envs: Record<string, Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, content] of Object.entries(base)) out[`base/${file}`] = content;
  for (const [env, files] of Object.entries(envs)) {
    for (const [file, content] of Object.entries(files)) if (base[file] !== content) out[`overlays/${env}/${file}`] = content;
  }
  return out;
}
