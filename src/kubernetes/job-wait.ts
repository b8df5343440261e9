/**
 * `wait: "completed"` in Kubernetes (issue 17, item 7): a pod that needs a job to have run starts
 * only once the Job reports the Complete condition. Kubernetes has no such ordering of its own,
 * and a finished Job leaves nothing a connection could test, so the dependant asks the API:
 *
 * - an init container `wait-for-<job>` runs `kubectl wait --for=condition=complete job/<job>`
 *   (the official kubectl image, pinned; exec form, no shell);
 * - it alone gets an API token: the pod keeps `automountServiceAccountToken: false`, and a
 *   projected volume (a short-lived token of the pod's ServiceAccount, the cluster CA and the
 *   namespace) is mounted only into that init container, so the application container has none;
 * - a Role `<service>-wait-jobs` allows `get`, `list` and `watch` on exactly those Jobs
 *   (resourceNames), bound to the service's ServiceAccount;
 * - a NetworkPolicy `allow-<service>-to-kubernetes-api` lets the pod reach the API server (TCP 443
 *   and 6443, any address: the API server is not a pod a selector could name).
 *
 * Why not a marker the job writes (a ConfigMap, a file on a shared volume): writing one needs the
 * job to hold API rights or a volume shared across nodes, and the job's own code to cooperate;
 * the Complete condition is what Kubernetes itself records when the Job's pod exits 0.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { ServiceModel, TopologyModel } from '../model';
import type { Labels } from './labels';
import { shortLabel, waitContainerName } from './names';
import { PlainApiObject } from './plain-api-object';
import { CONTAINER_SECURITY } from './security';

/** Image of the job-wait init containers: the official kubectl image, pinned. */
export const JOB_WAIT_IMAGE = 'registry.k8s.io/kubectl:v1.32.9';

/** Where the init container finds its token, CA and namespace (kubectl's in-cluster default). */
export const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Name of the projected token volume. */
export const TOKEN_VOLUME = 'kube-api-access-wait';

/** Seconds the projected token lives (the kubelet renews it). */
export const TOKEN_SECONDS = 3600;

/** How long one wait lasts before the init container fails and the kubelet runs it again. */
export const JOB_WAIT_TIMEOUT = '1h';

/** Ports the API server listens on in common clusters. */
export const API_SERVER_PORTS = [443, 6443] as const;

/** The Jobs `service` waits to complete, sorted. */
export function jobsToWaitFor(service: ServiceModel, topology: TopologyModel): string[] {
  return topology.edges.filter((e) => e.from === service.name && e.wait === 'completed').map((e) => e.to).sort();
}

/** Name of the Role that lets `service` read the Jobs it waits for. */
export function jobWaitRoleName(service: string): string {
  return shortLabel(`${service}-wait-jobs`);
}

/** Name of the NetworkPolicy that lets `service`'s pods reach the API server. */
export function apiServerPolicyName(service: string): string {
  return `allow-${service}-to-kubernetes-api`;
}

/** The init container that waits for Job `job` to complete; `tmp` is the pod's scratch volume (kubectl's cache). */
export function jobWaitInitContainer(job: string, namespace: string, tmp: kplus.Volume): kplus.ContainerProps {
  return {
    name: waitContainerName(job),
    image: JOB_WAIT_IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ['kubectl', 'wait', '--for=condition=complete', `--timeout=${JOB_WAIT_TIMEOUT}`, '--cache-dir=/tmp/kube-cache', `--namespace=${namespace}`, `job/${job}`],
    securityContext: CONTAINER_SECURITY,
    resources: {},
    volumeMounts: [{ path: '/tmp', volume: tmp }],
  };
}

/** The Role and RoleBinding letting `service`'s ServiceAccount read exactly `jobs`. */
export function jobWaitAccess(scope: Construct, service: string, jobs: readonly string[], labels: Labels): void {
  if (jobs.length === 0) return;
  const name = jobWaitRoleName(service);
  new PlainApiObject(scope, `${service}:wait-jobs-role`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, labels },
    body: () => ({ rules: [{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: [...jobs], verbs: ['get', 'list', 'watch'] }] }),
  });
  new PlainApiObject(scope, `${service}:wait-jobs-binding`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, labels },
    body: () => ({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: service }],
    }),
  });
}

/**
 * Adds the projected token volume to the pod template of `workload` and mounts it, read-only,
 * into the init containers at `indexes` only.
 */
export function mountWaitToken(workload: kplus.AbstractPod, templatePath: string, indexes: readonly number[]): void {
  if (indexes.length === 0) return;
  const spec = `${templatePath}/spec`;
  const object = ApiObject.of(workload);
  object.addJsonPatch(
    JsonPatch.add(`${spec}/volumes/-`, {
      name: TOKEN_VOLUME,
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: TOKEN_SECONDS } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    }),
  );
  for (const i of indexes) object.addJsonPatch(JsonPatch.add(`${spec}/initContainers/${i}/volumeMounts/-`, { name: TOKEN_VOLUME, mountPath: TOKEN_PATH, readOnly: true }));
}
