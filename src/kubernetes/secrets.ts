/**
 * The one Secret the manifests reference and the user creates, `<topology>-secrets`: a key per
 * secret variable any pod reads (its own secrets, the passwords connection URLs expand, the URLs
 * of external dependencies). Derived from the same classification as the env lists, so the
 * `kubectl create secret` command names exactly the keys the pods read: no value is ever written.
 */
import { shellName } from '../escape';
import type { TopologyModel } from '../model';
import { classifyEnv } from './environment';
import { topologySecretName } from './names';

export interface UserSecret {
  readonly name: string;
  /** Keys, sorted. */
  readonly keys: readonly string[];
}

/** The Secret the manifests reference, or undefined when no pod reads a secret. */
export function userSecret(topology: TopologyModel): UserSecret | undefined {
  const keys = new Set<string>();
  for (const s of topology.services) {
    if (s.containerized) classifyEnv(s.name, s.env, topology).secretKeys.forEach((k) => keys.add(k));
  }
  for (const d of topology.dependencies) {
    if (!d.external) classifyEnv(d.name, d.env, topology).secretKeys.forEach((k) => keys.add(k));
  }
  return keys.size ? { name: topologySecretName(topology), keys: [...keys].sort() } : undefined;
}

/**
 * The exact command that creates the Secret, reading each value from the shell variable of the
 * same name (`"${JWT_SECRET:?}"` fails when it is unset): values never appear in generated text.
 */
export function createSecretCommand(topology: TopologyModel, secret: UserSecret): string {
  // A shell command: every name is a plain name (shellName), never quoted text.
  const literals = secret.keys.map((key) => `--from-literal=${shellName(key)}="\${${shellName(key)}:?}"`);
  return ['kubectl create secret generic', shellName(secret.name), `--namespace ${shellName(topology.namespace)}`, ...literals].join(' ');
}
