/**
 * The topology Secret filled from a secret store (the graph's `secretStore`): one ExternalSecret
 * of the External Secrets Operator, named like the Secret it owns (`<topology>-secrets`), with a
 * `data` entry per key the pods read (the same keys `kubectl create secret` would need,
 * {@link userSecret}). It holds remote key names only, never a value.
 *
 * apiVersion `external-secrets.io/v1`: the operator serves it since v0.17.0 (which stopped
 * serving v1beta1, so a v1beta1 object no longer applies on a current operator). `creationPolicy:
 * Owner`: the operator creates the Secret and deletes it with the ExternalSecret, so nothing is
 * left to create by hand. cdk8s-plus has no construct for it: a plain ApiObject.
 */
import type { Construct } from 'constructs';
import { remoteRefOf, type SecretStoreModel } from '../graph/secret-store';
import type { TopologyModel } from '../model';
import { PlainApiObject } from './plain-api-object';
import { type UserSecret, userSecret } from './secrets';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';

/** The store and the Secret it fills, when the topology has a store and any pod reads a secret. */
export function storedSecret(topology: TopologyModel): { store: SecretStoreModel; secret: UserSecret } | undefined {
  const secret = userSecret(topology);
  return topology.secretStore && secret ? { store: topology.secretStore, secret } : undefined;
}

/** The ExternalSecret that fills `secret` from `store`. */
export function externalSecret(scope: Construct, store: SecretStoreModel, secret: UserSecret): PlainApiObject {
  return new PlainApiObject(scope, `${secret.name}:external-secret`, {
    apiVersion: EXTERNAL_SECRET_API_VERSION,
    kind: 'ExternalSecret',
    metadata: { name: secret.name },
    body: () => ({
      spec: {
        refreshInterval: store.refreshInterval,
        secretStoreRef: { name: store.name, kind: store.kind },
        target: { name: secret.name, creationPolicy: 'Owner' },
        data: secret.keys.map((key) => {
          const ref = remoteRefOf(store, key);
          return { secretKey: key, remoteRef: { key: ref.key, ...(ref.property !== undefined ? { property: ref.property } : {}) } };
        }),
      },
    }),
  });
}
