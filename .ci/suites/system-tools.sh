#!/usr/bin/env bash
# Checks that need Debian tools: docker-compose config -q and shellcheck on generated files, and
# python3 (with PyYAML, a YAML 1.1 reader) as an oracle for the Python probe and every YAML file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v docker-compose >/dev/null || ! command -v shellcheck >/dev/null || ! python3 -c 'import yaml' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-compose shellcheck python3 python3-yaml >/dev/null
fi
mkdir -p "${RESULTS_DIR:-.ci/results}"
npx jest --config jest.system.config.js --json --outputFile="${RESULTS_DIR:-.ci/results}/system-tools.json"
