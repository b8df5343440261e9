/**
 * Ports below 1024 for non-root containers (docs/topology-graph.md#ports-below-1024).
 *
 * Every container runs as a non-root user with all capabilities dropped, and Linux lets only a
 * privileged process bind a port below `net.ipv4.ip_unprivileged_port_start` (1024 unless the
 * engine lowers it). Adding the NET_BIND_SERVICE capability does not help a non-root process in
 * Kubernetes: the kubelet's runtimes grant no ambient capabilities, and `allowPrivilegeEscalation:
 * false` (no_new_privs) ignores file capabilities, so the program never holds it. Docker (20.10 and
 * later) sets the sysctl to 0 in every container; podman 4.3 and containerd 1.x leave it at 1024.
 * So a container that listens below 1024 gets the sysctl, lowered to exactly its lowest port: it is
 * namespaced (the container's own network namespace), "safe" in Kubernetes since 1.22 and allowed
 * by the restricted Pod Security Standard.
 */

/** The sysctl holding the first port an unprivileged process may bind, per network namespace. */
export const UNPRIVILEGED_PORT_SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

/** Linux's default value of that sysctl. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

/** The value the sysctl needs for a container listening on `ports`, or undefined when none is below 1024. */
export function unprivilegedPortStart(ports: ReadonlyArray<number | undefined>): number | undefined {
  const low = ports.filter((p): p is number => p !== undefined && p < FIRST_UNPRIVILEGED_PORT);
  return low.length ? Math.min(...low) : undefined;
}
