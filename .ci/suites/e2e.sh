#!/usr/bin/env bash
# End-to-end suite (issue 7): the shop example's generated output, unmodified, built and run with
# real podman. Installs what it needs from Debian packages (scripts/e2e/install.sh) and writes
# $RESULTS_DIR/e2e.json in jest --json format. Cold on a fresh clone: ~10 min; see docs/e2e.md.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
results="${RESULTS_DIR:-.ci/results}"
mkdir -p "$results"
npm run build >/dev/null || { echo "e2e: npm run build failed" >&2; exit 1; }
bash scripts/e2e/run.sh --json --outputFile="$results/e2e.json"
