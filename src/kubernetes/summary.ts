/**
 * What the CLI prints after a Kubernetes synth: the files, what is not deployed, the Secrets to
 * create (exact commands, never values) or, with a secret store, the store and the remote keys it
 * must hold, and how to apply.
 */
import type { TopologyModel } from '../model';
import { kubernetesFiles, NAMESPACE_FILE } from './files';
import { ownsNamespace } from './names';
import { createSecretCommand, userSecret } from './secrets';
import { remoteRefOf } from '../graph/secret-store';
import { SECRETS_FILE } from './files';
import { ingressSummary } from './routes';

/** Options for `kubernetesSummary`. */
export interface KubernetesSummaryOptions {
  /** Whether the compose output (with the `.env` start.sh fills) is written too, so the summary may point at it. @default true */
  readonly withCompose?: boolean;
}

/** Summary lines; `dir` is where the files are, as the user should type it. */
export function kubernetesSummary(topology: TopologyModel, dir = 'kubernetes', options: KubernetesSummaryOptions = {}): string[] {
  const files = kubernetesFiles(topology);
  const width = Math.max(...files.map((f) => f.file.length));
  const lines = [`Kubernetes manifests for namespace ${topology.namespace} in ${dir}/:`];
  for (const f of files) lines.push(`  ${f.file.padEnd(width)}  ${f.description}`);
  for (const s of topology.services) {
    if (!s.containerized) lines.push(`  library ${s.name}: not deployed (a library is used by other programs, not run)`);
  }
  for (const d of topology.dependencies) {
    if (d.external) lines.push(`  dependency ${d.name}: external, not deployed (its users read their URL from the Secret)`);
  }
  const secret = userSecret(topology);
  lines.push('Before applying:');
  if (ownsNamespace(topology)) lines.push(`  kubectl apply -f ${dir}/${NAMESPACE_FILE}`);
  const store = topology.secretStore;
  if (secret && store) {
    // The ExternalSecret replaces `kubectl create secret`: say what the store must provide, never a value.
    lines.push(
      `  The External Secrets Operator (v0.17 or later, external-secrets.io/v1) fills the Secret ${secret.name} from ${store.kind} ${store.name} (${dir}/${SECRETS_FILE}): that store must exist${store.kind === 'SecretStore' ? ` in namespace ${topology.namespace}` : ''} and hold these keys:`,
    );
    const width = Math.max(...secret.keys.map((k) => k.length));
    for (const key of secret.keys) {
      const ref = remoteRefOf(store, key);
      lines.push(`    ${key.padEnd(width)}  ← ${ref.key}${ref.property !== undefined ? ` (property ${ref.property})` : ''}`);
    }
  } else if (secret) {
    const envFile = `${dir.replace(/\/?kubernetes(\/base)?\/?$/, '') || '.'}/docker/.env`;
    const example = options.withCompose === false ? '' : `; e.g. set -a; . ${envFile}; set +a`;
    lines.push(`  Create the Secret from your shell variables (values never go into generated files${example}):`);
    lines.push(`  ${createSecretCommand(topology, secret)}`);
  }
  // B (issue 18): what the routed services need from the cluster and from DNS.
  const ingress = ingressSummary(topology);
  if (ingress.length) lines.push('Ingress: provide', ...ingress);
  lines.push(`Apply: kubectl apply -f ${dir}/`);
  const tools = files.filter((f) => f.file.startsWith('tools/'));
  for (const t of tools) lines.push(`Run a tool: kubectl create -f ${dir}/${t.file}`);
  if (!topology.registry) {
    lines.push('Note: images have no registry (e.g. ' + (topology.services.find((s) => s.containerized && s.build.kind !== 'image')?.image ?? '') + '): set "registry" in the graph and push them so the cluster can pull.');
  }
  lines.push('Note: NetworkPolicies allow only DNS and the edges of the graph; see docs/kubernetes.md to allow more.');
  return lines;
}
