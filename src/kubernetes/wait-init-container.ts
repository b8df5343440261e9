/**
 * Start order in Kubernetes, which has no `depends_on`: one init container per thing a workload
 * needs, each waiting until it accepts TCP connections on its Service. A Service only routes to
 * (and a headless Service only resolves to) pods that pass their readiness probe, so "accepts a
 * connection" means "is ready", the same gate as compose's `service_healthy`.
 *
 * Image: busybox (pinned), whose `nc -z` and `sh` are all the loop needs; it runs as the pod's
 * non-root user with the same hardened security context and small fixed resources. External
 * (managed) dependencies are not waited for: their address is only in the user's Secret.
 */
import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { waitContainerName } from './names';
import { callPort, type RenderContext } from './render-context';
import { CONTAINER_SECURITY } from './security';

/** Image of the wait containers. */
export const WAIT_IMAGE = 'busybox:1.36.1';

/** Seconds between two connection attempts. */
export const WAIT_INTERVAL_SECONDS = 2;

export interface WaitTarget {
  /** Service name (the DNS name the workload uses). */
  readonly host: string;
  /** The port in the model, used when the Service is not in the charts. */
  readonly port: number;
}

/** The shell loop that waits until `host` accepts connections on `port`. */
export function waitScript(host: string, port: number | string): string {
  return [
    `until nc -z -w ${WAIT_INTERVAL_SECONDS} ${host} ${port}; do`,
    `  echo "waiting for ${host}:${port}"; sleep ${WAIT_INTERVAL_SECONDS}`,
    'done',
  ].join('\n');
}

/**
 * The init container that waits for `target`. The port is read when the manifests are
 * serialized, from the target's Service as synthesized: a patched Service port moves the wait.
 * `user`: its own non-root user, for a pod that sets none (busybox would start as root, which
 * runAsNonRoot refuses). @default the pod's user
 */
export function waitInitContainer(target: WaitTarget, ctx: RenderContext, user?: number): kplus.ContainerProps {
  const script = Lazy.any({ produce: () => waitScript(target.host, callPort(ctx, target.host) ?? target.port) });
  return {
    name: waitContainerName(target.host),
    image: WAIT_IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ['sh', '-c', script as unknown as string],
    securityContext: user === undefined ? CONTAINER_SECURITY : { ...CONTAINER_SECURITY, user, group: user },
    resources: {},
  };
}
