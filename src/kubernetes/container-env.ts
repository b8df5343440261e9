/**
 * Turns the classified environment of a workload into cdk8s-plus objects: its ConfigMap (plain
 * values and passwordless URLs) and the ordered env list of its container. The ConfigMap's
 * checksum goes on the pod template, so changing a value rolls the pods.
 */
import { createHash } from 'node:crypto';
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { EnvVarModel } from '../model';
import type { TopologyModel } from '../model';
import { classifyEnv } from './environment';
import type { Labels } from './labels';
import { configMapName } from './names';

/** Pod annotation holding the checksum of the workload's ConfigMap. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

export interface ContainerEnv {
  readonly variables: Record<string, kplus.EnvValue>;
  /** Pod annotations (the ConfigMap checksum), empty without a ConfigMap. */
  readonly annotations: Record<string, string>;
}

/** Creates `<workload>-config` in `scope` when there is any plain value, and returns the env list. */
export function containerEnv(scope: Construct, workload: string, env: readonly EnvVarModel[], labels: Labels, topology: TopologyModel): ContainerEnv {
  const { sources } = classifyEnv(workload, env, topology);
  // Null-prototype: a variable named "constructor" or "toString" is an ordinary key (docs/security.md).
  const data: Record<string, string> = Object.create(null);
  for (const s of sources) if (s.from === 'config') data[s.name] = s.value;
  const configMap = Object.keys(data).length ? new kplus.ConfigMap(scope, `${workload}:config`, { metadata: { name: configMapName(workload), labels } }) : undefined;
  // The data goes in as a patch: cdk8s-plus checks keys with `in` on a plain object, so it would
  // refuse a variable named like an Object.prototype member ("constructor", "toString").
  if (configMap) ApiObject.of(configMap).addJsonPatch(JsonPatch.add('/data', { ...data }));
  const secrets = new Map<string, kplus.ISecret>();
  const secretOf = (name: string) => {
    let secret = secrets.get(name);
    if (!secret) {
      secret = kplus.Secret.fromSecretName(scope, `${workload}:secret:${name}`, name);
      secrets.set(name, secret);
    }
    return secret;
  };
  const variables: Record<string, kplus.EnvValue> = Object.create(null);
  for (const s of sources) {
    switch (s.from) {
      case 'config':
        variables[s.name] = kplus.EnvValue.fromConfigMap(configMap!, s.name);
        break;
      case 'secret':
        variables[s.name] = kplus.EnvValue.fromSecretValue({ secret: secretOf(s.secret), key: s.key });
        break;
      case 'expansion':
        variables[s.name] = kplus.EnvValue.fromValue(s.value);
        break;
    }
  }
  const annotations: Record<string, string> = configMap
    ? { [CONFIG_CHECKSUM_ANNOTATION]: createHash('sha256').update(JSON.stringify(Object.entries(data))).digest('hex') }
    : {};
  return { variables, annotations };
}
