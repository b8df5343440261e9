#!/usr/bin/env bash
# Checks that need Debian tools or root: docker-compose config -q and shellcheck on generated files;
# the kill test (kill -9 during a 2,000-service write, 36 trials; prints its figures) and a real full
# disk (a tmpfs in a private mount namespace: unshare, util-linux).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v docker-compose >/dev/null || ! command -v shellcheck >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose shellcheck >/dev/null
fi
mkdir -p "${RESULTS_DIR:-.ci/results}"
npx jest --config jest.system.config.js --json --outputFile="${RESULTS_DIR:-.ci/results}/system-tools.json"
