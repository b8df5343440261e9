#!/usr/bin/env bash
# Checks that need Debian tools: docker-compose config -q and shellcheck on generated files,
# Graphviz (dot -Tsvg) on `topograph graph --format dot`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v docker-compose >/dev/null || ! command -v shellcheck >/dev/null || ! command -v dot >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose shellcheck graphviz >/dev/null
fi
mkdir -p "${RESULTS_DIR:-.ci/results}"
npx jest --config jest.system.config.js --json --outputFile="${RESULTS_DIR:-.ci/results}/system-tools.json"
