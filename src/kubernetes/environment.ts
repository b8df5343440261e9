/**
 * Where each environment variable of a container comes from in Kubernetes:
 *
 * - plain values and connection URLs without a password → a key of the workload's ConfigMap;
 * - secrets (an external dependency's whole URL included) → the key of the same name in the
 *   Secret the user creates (`<topology>-secrets`), never a value;
 * - a URL with a password (DATABASE_URL) → the password variable from that Secret first, then the
 *   URL as a value that expands it: `postgresql://postgres:$(POSTGRES_PASSWORD)@postgres:5432/x`.
 *   Kubernetes expands `$(NAME)` only for variables defined earlier in the list, hence the order.
 *
 * One pure function decides this, so the manifests, the `kubectl create secret` command and the
 * consistency tests all read the same answer.
 */
import { TopologyError } from '../graph/problems';
import type { EnvVarModel, TopologyModel } from '../model';
import { formatTemplate, formatUrl, secretsOfValue, type TemplatePart } from '../model';
import { kubernetesExpansionLiteral, kubernetesVariableReference } from '../escape';
import { topologySecretName } from './names';
import { compareStrings } from '../sort';

export type EnvSource =
  | { readonly name: string; readonly from: 'config'; readonly value: string }
  | { readonly name: string; readonly from: 'secret'; readonly secret: string; readonly key: string }
  | { readonly name: string; readonly from: 'expansion'; readonly value: string };

export interface ClassifiedEnv {
  /** The container's env list, in order: ConfigMap and Secret references by name, then expansions by name. */
  readonly sources: EnvSource[];
  /** Keys of the topology Secret the container reads, sorted. */
  readonly secretKeys: string[];
}

export function classifyEnv(workload: string, env: readonly EnvVarModel[], topology: TopologyModel): ClassifiedEnv {
  const secret = topologySecretName(topology);
  const byName = new Map<string, EnvSource>();
  const expansions: EnvSource[] = [];
  const add = (source: EnvSource) => {
    const existing = byName.get(source.name);
    if (existing && JSON.stringify(existing) !== JSON.stringify(source)) throw clash(workload, existing, source);
    byName.set(source.name, source);
  };
  for (const v of env) {
    const value = v.value;
    if (value.kind === 'plain') {
      add({ name: v.name, from: 'config', value: value.value });
    } else if (value.kind === 'secret') {
      add({ name: v.name, from: 'secret', secret, key: value.secret });
    } else if (value.kind === 'template') {
      const secrets = secretsOfValue(value);
      for (const name of secrets) add({ name, from: 'secret', secret, key: name });
      if (secrets.length === 0) add({ name: v.name, from: 'config', value: formatTemplate(value.parts, { text: (t) => t, secret: () => '', port: (_h, p) => String(p) }) });
      else expansions.push({ name: v.name, from: 'expansion', value: kubernetesTemplate(value.parts) });
    } else if (value.url.passwordSecret) {
      add({ name: value.url.passwordSecret, from: 'secret', secret, key: value.url.passwordSecret });
      expansions.push({ name: v.name, from: 'expansion', value: formatUrl(value.url, (s) => `$(${s})`) });
    } else {
      add({ name: v.name, from: 'config', value: formatUrl(value.url, () => '') });
    }
  }
  for (const e of expansions) {
    const existing = byName.get(e.name);
    if (existing) throw clash(workload, existing, e);
  }
  const sources = [...[...byName.values()].sort(byEnvName), ...expansions.sort(byEnvName)];
  const secretKeys = sources.flatMap((s) => (s.from === 'secret' ? [s.key] : [])).sort();
  return { sources, secretKeys: [...new Set(secretKeys)] };
}

/** A template as an expanded env value: literal `$` doubled, each secret `$(NAME)` (defined earlier from its secretKeyRef). */
export function kubernetesTemplate(parts: readonly TemplatePart[], port: (host: string, port: number) => string = (_h, p) => String(p)): string {
  return formatTemplate(parts, { text: kubernetesExpansionLiteral, secret: kubernetesVariableReference, port });
}

function clash(workload: string, a: EnvSource, b: EnvSource): TopologyError {
  return new TopologyError([
    {
      message: `Variable ${b.name} of '${workload}' would have two values in Kubernetes`,
      value: `${describe(a)} and ${describe(b)}`,
      expected: `${b.name} free for the password a connection URL expands, $(${b.name})`,
      action: `Rename the variable ${b.name} of '${workload}' in the topology`,
    },
  ]);
}

function describe(source: EnvSource): string {
  switch (source.from) {
    case 'config':
      return 'a plain value';
    case 'secret':
      return `key ${source.key} of Secret ${source.secret}`;
    case 'expansion':
      return 'a connection URL';
  }
}

function byEnvName(a: EnvSource, b: EnvSource): number {
  return compareStrings(a.name, b.name);
}
