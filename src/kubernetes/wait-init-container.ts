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
import * as kplus from 'cdk8s-plus-27';
import { waitContainerName } from './names';
import { CONTAINER_SECURITY } from './security';

/** Image of the wait containers. */
export const WAIT_IMAGE = 'busybox:1.36.1';

/** Seconds between two connection attempts. */
export const WAIT_INTERVAL_SECONDS = 2;

export interface WaitTarget {
  /** Service name (the DNS name the workload uses). */
  readonly host: string;
  readonly port: number;
}

/** The init container that waits for `target`. */
export function waitInitContainer(target: WaitTarget): kplus.ContainerProps {
  const script = [
    `until nc -z -w ${WAIT_INTERVAL_SECONDS} ${target.host} ${target.port}; do`,
    `  echo "waiting for ${target.host}:${target.port}"; sleep ${WAIT_INTERVAL_SECONDS}`,
    'done',
  ].join('\n');
  return {
    name: waitContainerName(target.host),
    image: WAIT_IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ['sh', '-c', script],
    securityContext: CONTAINER_SECURITY,
    resources: {},
  };
}
