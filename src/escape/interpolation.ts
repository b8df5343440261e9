/**
 * Literal text inside values that their reader interpolates: compose (`${VAR}` anywhere in the
 * file, `$$` for a literal `$`) and Kubernetes env values and container args (`$(VAR)` for a
 * variable defined earlier in the list, `$$` for a literal `$`: the kubelet's expansion reads
 * `$$` as one `$` and leaves every other `$` as it is, so doubling each is exact).
 */

/** `a$b` → `a$$b`: text compose keeps as written. */
export function composeLiteral(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** `a$(B)` → `a$$(B)`: text the kubelet's `$(VAR)` expansion keeps as written. */
export function kubernetesExpansionLiteral(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** The `$(NAME)` reference the kubelet expands from the variable NAME defined earlier in the container's env. */
export function kubernetesVariableReference(name: string): string {
  return `$(${name})`;
}
