/**
 * Turns the classified environment of a workload into cdk8s-plus objects: its ConfigMap (plain
 * values and passwordless URLs) and the ordered env list of its container. The ConfigMap's
 * checksum goes on the pod template, so changing a value rolls the pods; it is computed when the
 * manifests are serialized, from the ConfigMap as synthesized, so a patched ConfigMap rolls them too.
 */
import { createHash } from 'node:crypto';
import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { ConnectionUrl, EnvVarModel } from '../model';
import { formatTemplate, formatUrl, type TemplatePart } from '../model';
import { classifyEnv, kubernetesTemplate } from './environment';
import type { Labels } from './labels';
import { configMapName } from './names';
import { patchCount } from './patch-count';
import { callPort, type RenderContext } from './render-context';

/** Pod annotation holding the checksum of the workload's ConfigMap. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

export interface ContainerEnv {
  readonly variables: Record<string, kplus.EnvValue>;
  /** Pod annotations (the ConfigMap checksum), empty without a ConfigMap. */
  readonly annotations: Record<string, string>;
}

/** Creates `<workload>-config` in `scope` when there is any plain value, and returns the env list. */
export function containerEnv(scope: Construct, workload: string, env: readonly EnvVarModel[], labels: Labels, ctx: RenderContext): ContainerEnv {
  const { sources } = classifyEnv(workload, env, ctx.topology);
  // A connection URL to a Service follows that Service's port as synthesized (a patched port moves it).
  const urls = new Map<string, ConnectionUrl>();
  for (const v of env) if (v.value.kind === 'url') urls.set(v.name, v.value.url);
  // A template's port parts follow the Service's port the same way.
  const templates = new Map<string, readonly TemplatePart[]>();
  for (const v of env) if (v.value.kind === 'template' && v.value.parts.some((p) => p.kind === 'port')) templates.set(v.name, v.value.parts);
  const livePort = (host: string, port: number) => {
    const synthesized = ctx.servicePorts(host)?.port;
    return String(typeof synthesized === 'number' ? synthesized : port);
  };
  const live = (name: string, value: string, password: (secret: string) => string, expansion = false): string => {
    const parts = templates.get(name);
    if (parts) {
      const produce = expansion ? () => kubernetesTemplate(parts, livePort) : () => formatTemplate(parts, { text: (t) => t, secret: () => '', port: livePort });
      return Lazy.any({ produce }) as unknown as string;
    }
    const url = urls.get(name);
    if (!url || formatUrl(url, password) !== value) return value;
    return Lazy.any({ produce: () => formatUrl(withPort(url, callPort(ctx, url.host)), password) }) as unknown as string;
  };
  // Null-prototype: a variable named "constructor" or "toString" is an ordinary key (docs/security.md).
  const data: Record<string, string> = Object.create(null);
  const current: Record<string, string> = Object.create(null);
  for (const s of sources) {
    if (s.from !== 'config') continue;
    data[s.name] = s.value;
    current[s.name] = live(s.name, s.value, () => '');
  }
  const configMap = Object.keys(data).length ? new kplus.ConfigMap(scope, `${workload}:config`, { metadata: { name: configMapName(workload), labels } }) : undefined;
  // cdk8s-plus checks keys with `in` on a plain object, so it would refuse a variable named like an
  // Object.prototype member ("constructor", "toString"): those go in as JSON patches. The others
  // are the ConfigMap's own data, so data a user adds with `addData` is kept beside them.
  const reserved = Object.keys(data).filter((k) => k in Object.prototype);
  if (configMap) {
    for (const [key, value] of Object.entries(current)) if (!(key in Object.prototype)) configMap.addData(key, value);
    const object = ApiObject.of(configMap);
    if (reserved.length && reserved.length === Object.keys(data).length) object.addJsonPatch(JsonPatch.add('/data', Object.fromEntries(reserved.map((k) => [k, data[k]]))));
    else for (const key of reserved) object.addJsonPatch(JsonPatch.add(`/data/${escapePointer(key)}`, data[key]));
  }
  const built = configMap ? { patches: patchCount(ApiObject.of(configMap)), keys: Object.keys(configMap.data).length } : undefined;
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
        variables[s.name] = kplus.EnvValue.fromValue(live(s.name, s.value, (secret) => `$(${secret})`, true));
        break;
    }
  }
  const annotations: Record<string, string> = configMap
    ? { [CONFIG_CHECKSUM_ANNOTATION]: Lazy.any({ produce: () => configChecksum(synthesizedData(configMap, built!) ?? resolved(current), data) }) as unknown as string }
    : {};
  return { variables, annotations };
}

/**
 * The data of `configMap` as synthesized, when it was changed after topograph built it (a JSON
 * patch added through `ApiObject.of(…)` or `addKubernetesPatch`, or data added with cdk8s-plus).
 */
function synthesizedData(configMap: kplus.ConfigMap, built: { readonly patches: number; readonly keys: number }): Record<string, unknown> | undefined {
  const object = ApiObject.of(configMap);
  if (patchCount(object) === built.patches && Object.keys(configMap.data).length === built.keys) return undefined;
  try {
    const data = (object.toJson() as { data?: unknown }).data;
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  } catch {
    return undefined; // the ConfigMap's own serialization reports the failing patch
  }
}

/** `url` on `port` when the Service's port is a number other than the URL's. */
function withPort(url: ConnectionUrl, port: number | string | undefined): ConnectionUrl {
  return typeof port === 'number' && port !== url.port ? { ...url, port } : url;
}

/** The data with every live value produced now. */
function resolved(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(data)) out[key] = (value as unknown) instanceof Lazy ? String((value as unknown as Lazy).produce()) : value;
  return out;
}

/** A key as a JSON pointer segment (RFC 6901). */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** sha256 of the entries, in the order topograph wrote them (then any added key, sorted). */
function configChecksum(data: Record<string, unknown>, generated: Record<string, string>): string {
  const keys = [...Object.keys(generated).filter((k) => Object.prototype.hasOwnProperty.call(data, k)), ...Object.keys(data).filter((k) => !(k in generated)).sort()];
  return createHash('sha256').update(JSON.stringify(keys.map((k) => [k, data[k]]))).digest('hex');
}
