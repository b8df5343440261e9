#!/usr/bin/env bash
# npm run test:e2e: the end-to-end suite. Installs podman when missing (Debian packages), configures it
# project-locally (.e2e-cache/, environment variables only), runs jest on test/e2e, and always tears
# down the stack, the API service and the healthcheck poller — also on failure or Ctrl-C.
# Extra arguments go to jest (e.g. --json --outputFile=…).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/env.sh
. "$here/env.sh"
cd "$E2E_ROOT" || exit 1

cleanup() {
  bash "$here/teardown.sh" shop-e2e
  bash "$here/teardown.sh" edge-e2e
  bash "$here/teardown.sh" grpc-e2e
  bash "$here/teardown.sh" runtimes-e2e
  bash "$here/teardown.sh" queue-e2e
  [ -f "$E2E_LAB/out/kubernetes/20-services.yaml" ] && podman kube down "$E2E_LAB/out/kubernetes/20-services.yaml" >/dev/null 2>&1
  bash "$here/engine.sh" stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$here/install.sh" || exit 1
e2e_write_config || exit 1
npx jest --config jest.e2e.config.js "$@"
