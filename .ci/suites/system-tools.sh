#!/usr/bin/env bash
# Checks that need Debian tools or root: docker-compose config -q and shellcheck on generated files;
# Graphviz (dot -Tsvg) on `topograph graph --format dot`; python3 (with PyYAML, a YAML 1.1 reader) as an
# oracle for the Python probe and every YAML file; kubectl kustomize (Kustomize v4+, from
# scripts/ci/kubectl.sh) on every environment overlay; the kill test (kill -9 during a 2,000-service write,
# 36 trials; prints its figures) and a real full disk (a tmpfs in a private mount namespace).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v docker-compose >/dev/null || ! command -v shellcheck >/dev/null || ! command -v dot >/dev/null || ! python3 -c 'import yaml' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose shellcheck graphviz python3 python3-yaml >/dev/null
fi
# A kubectl whose Kustomize renders the environment overlays (v4 or later; Debian bookworm's
# kubernetes-client is 1.20 with Kustomize 2.0.3, too old: see scripts/ci/kubectl.sh).
TOPOGRAPH_KUBECTL="$(bash scripts/ci/kubectl.sh)"
export TOPOGRAPH_KUBECTL
"$TOPOGRAPH_KUBECTL" version --client
# The web frameworks the generated health module's mount lines are checked against
# (test/system/health-frameworks.test.ts), installed outside the checkout.
TOPOGRAPH_FRAMEWORKS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/topograph-frameworks.XXXXXX")"
export TOPOGRAPH_FRAMEWORKS_DIR
trap 'rm -rf "$TOPOGRAPH_FRAMEWORKS_DIR"' EXIT
echo '{ "name": "frameworks", "version": "1.0.0", "private": true }' >"$TOPOGRAPH_FRAMEWORKS_DIR/package.json"
(cd "$TOPOGRAPH_FRAMEWORKS_DIR" && npm install --prefer-offline --no-audit --no-fund --silent \
  express@4.22.3 koa@2.16.4 fastify@5.12.8 hono@4.13.19 @hono/node-server@1.19.19)
mkdir -p "${RESULTS_DIR:-.ci/results}"
npx jest --config jest.system.config.js --json --outputFile="${RESULTS_DIR:-.ci/results}/system-tools.json"
