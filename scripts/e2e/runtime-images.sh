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

# standin IMAGE: the Containerfile that stands in for IMAGE (by name, any version), or nothing.
standin() {
  case "$1" in
    docker.io/library/golang:*|golang:*) echo golang ;;
    gcr.io/distroless/static-*) echo distroless-static ;;
    gcr.io/distroless/cc-*) echo distroless-cc ;;
    docker.io/library/rust:*|rust:*) echo rust ;;
    docker.io/library/ruby:*|ruby:*) echo ruby ;;
    docker.io/library/composer:*|composer:*) echo composer ;;
    docker.io/library/php:*-apache*|php:*-apache*) echo php-apache ;;
    docker.io/nginxinc/nginx-unprivileged:*|nginxinc/nginx-unprivileged:*) echo nginx-unprivileged ;;
  esac
}

# The images to provide: the arguments (e.g. the FROM lines of generated Dockerfiles), else the
# names the runtime packs use by default. Any other name is left alone (images.sh has node, python…).
wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(
  docker.io/library/golang:1.26-bookworm gcr.io/distroless/static-debian12:nonroot
  docker.io/library/rust:1-slim-trixie gcr.io/distroless/cc-debian13:nonroot
  docker.io/library/ruby:3.4-trixie docker.io/library/ruby:3.4-slim-trixie
  docker.io/library/composer:2 docker.io/library/php:8.4-apache-trixie
  docker.io/nginxinc/nginx-unprivileged:1.30-alpine
)
for image in "${wanted[@]}"; do
  name="$(standin "$image")"
  [ -n "$name" ] || continue
  build "$name" "$debian" "localhost/e2e-standin-$name:latest"
  standin_id="$(podman image inspect --format '{{.Id}}' "localhost/e2e-standin-$name:latest")"
  if [ "$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)" != "$standin_id" ]; then
    podman tag "localhost/e2e-standin-$name:latest" "$image"
  fi
done
