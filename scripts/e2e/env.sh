#!/usr/bin/env bash
# Project-local podman configuration for the end-to-end suite. Source it: it only sets environment
# variables and writes config files under $E2E_LAB (git-ignored); nothing under /etc is changed.
E2E_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export E2E_ROOT
export E2E_LAB="${E2E_LAB:-$E2E_ROOT/.e2e-cache}"
export CONTAINERS_CONF="$E2E_LAB/config/containers.conf"
export CONTAINERS_STORAGE_CONF="$E2E_LAB/config/storage.conf"
export CONTAINERS_REGISTRIES_CONF="$E2E_LAB/config/registries.conf"
# podman's runtime state. It must be at most 50 characters: conmon runs `podman --runroot <it>
# container cleanup` when a container exits, that command refuses a longer --runroot, and then no
# restart policy applies (a crashed container stays "stopped"). A lab whose path would make it
# longer gets a short one keyed by the lab's path (docs/e2e.md).
e2e_runroot() {
  if [ "${#E2E_LAB}" -le 42 ]; then printf '%s/runroot' "$E2E_LAB"; return; fi
  local base="${E2E_RUNROOT_BASE:-/run}"
  [ -w "$base" ] || base=/tmp
  printf '%s/topograph-e2e-%s' "$base" "$(printf '%s' "$E2E_LAB" | sha256sum | cut -c1-12)"
}
export E2E_RUNROOT="${E2E_RUNROOT:-$(e2e_runroot)}"
export BUILDAH_FORMAT=docker   # with the OCI format, HEALTHCHECK is silently dropped
export E2E_SOCKET="$E2E_LAB/run/podman.sock"
export DOCKER_HOST="unix://$E2E_SOCKET"
export COMPOSE=docker-compose   # Debian's docker-compose 1.29 honours depends_on: service_healthy
export CONTAINER_ENGINE=podman

e2e_write_config() {
  if [ "${#E2E_RUNROOT}" -gt 50 ]; then
    echo "ERROR: podman's runroot $E2E_RUNROOT is longer than 50 characters" >&2
    echo "Action: set E2E_RUNROOT to a shorter directory (podman's cleanup refuses it, so restart policies would not apply)" >&2
    return 1
  fi
  mkdir -p "$E2E_LAB/config" "$E2E_LAB/run" "$E2E_LAB/tmp" "$E2E_LAB/networks" "$E2E_LAB/storage" "$E2E_RUNROOT"
  cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = []
log_driver = "k8s-file"

[network]
network_backend = "netavark"
network_config_dir = "$E2E_LAB/networks"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$E2E_LAB/run/events.log"
tmp_dir = "$E2E_LAB/tmp"
CONF
  cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$E2E_LAB/storage"
runroot = "$E2E_RUNROOT"
CONF
  cat >"$CONTAINERS_REGISTRIES_CONF" <<CONF
unqualified-search-registries = []
short-name-mode = "permissive"

[[registry]]
location = "127.0.0.1:5000"
insecure = true
CONF
}
