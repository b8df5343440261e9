/**
 * The security every pod gets, the Kubernetes side of what the Dockerfile and compose already do
 * (numeric non-root user, read-only root, no new privileges, no capabilities). Together these meet
 * the "restricted" Pod Security Standard, which the generated Namespace enforces.
 *
 * - pod: runAsNonRoot with the image's user (services: the Dockerfile's uid; dependencies: the
 *   official image's user), the same group and fsGroup (so volumes are writable), seccomp
 *   RuntimeDefault;
 * - every container, init containers included: read-only root filesystem, no privilege
 *   escalation, not privileged, all capabilities dropped;
 * - a writable emptyDir at /tmp, like compose's tmpfs;
 * - a pod listening below port 1024: the safe sysctl net.ipv4.ip_unprivileged_port_start lowered to
 *   its port, as in compose (src/ports.ts; NET_BIND_SERVICE would not reach a non-root process).
 *
 * cdk8s-plus has no seccompProfile and no "ALL" capability: both are JSON patches.
 */
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { UNPRIVILEGED_PORT_SYSCTL, unprivilegedPortStart } from '../ports';

/** Size limit of each emptyDir topograph mounts (/tmp and runtime directories). */
export const SCRATCH_SIZE_LIMIT = Size.mebibytes(256);

/**
 * The pod's security context. A pod listening below 1024 gets the namespaced sysctl that lets its
 * non-root user bind from its lowest port up (src/ports.ts: NET_BIND_SERVICE would not work).
 * Without a uid (an image topograph did not build, with no `user`), the image's own user is kept
 * and only required not to be root: no runAsUser, runAsGroup or fsGroup.
 */
export function podSecurityContext(uid: number | undefined, ports: ReadonlyArray<number | undefined> = []): kplus.PodSecurityContextProps {
  const start = unprivilegedPortStart(ports);
  return {
    ensureNonRoot: true,
    ...(uid === undefined
      ? {}
      : { user: uid, group: uid, fsGroup: uid, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH }),
    ...(start === undefined ? {} : { sysctls: [{ name: UNPRIVILEGED_PORT_SYSCTL, value: String(start) }] }),
  };
}

export const CONTAINER_SECURITY: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
};

/** The seccomp profile every pod runs with (pod level, so init containers get it too). */
export const SECCOMP_PROFILE = { type: 'RuntimeDefault' };

/** Capabilities of every container: none. */
export const CAPABILITIES = { drop: ['ALL'] };

/** A writable, size-limited emptyDir (volume `name`) for a path the read-only root filesystem cannot hold. */
export function scratchVolume(scope: Construct, id: string, name: string): kplus.Volume {
  return kplus.Volume.fromEmptyDir(scope, id, name, { sizeLimit: SCRATCH_SIZE_LIMIT });
}
