#!/usr/bin/env bash
# Stand-in base images for the runtimes whose toolchains install offline from Debian packages (go,
# rust, ruby, php, static), tagged with exactly the names the generated Dockerfiles use. Run after
# images.sh (it builds debian:bookworm-slim and node:24-slim). Idempotent: an image whose inputs did
# not change is kept. Never pulls. Needs env.sh sourced. See docs/e2e.md for what each one is and
# for the runtimes that cannot be built here (java, dotnet).
set -euo pipefail
: "${E2E_LAB:?source scripts/e2e/env.sh first}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
images="$here/images"
contexts="$E2E_LAB/contexts"

log() { printf '[e2e runtime images] %s\n' "$*"; }

# build NAME BASE TAG...: builds images/NAME.Containerfile (FROM BASE, empty context) unless an image
# built from the same inputs (Containerfile, base image ID) exists.
build() {
  local name="$1" base="$2"; shift 2
  local context="$contexts/$name" hash current tag
  mkdir -p "$context"
  hash="$( (cat "$images/$name.Containerfile"; podman image inspect --format '{{.Id}}' "$base") | sha256sum | cut -c1-16)"
  current="$(podman image inspect --format '{{index .Labels "dev.topograph.e2e.inputs"}}' "$1" 2>/dev/null || true)"
  if [ "$current" = "$hash" ]; then
    for tag in "$@"; do podman image exists "$tag" || podman tag "$1" "$tag"; done
    return 0
  fi
  log "building $name → $*"
  local start=$SECONDS tags=()
  for tag in "$@"; do tags+=(--tag "$tag"); done
  podman build --quiet --pull=never --format docker --label "dev.topograph.e2e.inputs=$hash" \
    "${tags[@]}" --file "$images/$name.Containerfile" "$context" >/dev/null
  log "built $name in $((SECONDS - start))s"
}

debian=docker.io/library/debian:bookworm-slim
build golang "$debian" docker.io/library/golang:1.26-bookworm
build distroless-static "$debian" gcr.io/distroless/static-debian12:nonroot
