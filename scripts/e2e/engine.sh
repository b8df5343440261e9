#!/usr/bin/env bash
# start: podman's Docker-compatible API on a project-local socket (for docker-compose) and the
# healthcheck poller; stop: ends both, by the process ids recorded at start, and the test registry
# (test/e2e/deploy.ts records its id) if a killed run left it behind.
set -euo pipefail
: "${E2E_LAB:?source scripts/e2e/env.sh first}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$E2E_LAB/run"
mkdir -p "$run"

stop_pid() { # stop_pid FILE
  local file="$run/$1.pid"
  [ -f "$file" ] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

# daemon LOG COMMAND...: runs COMMAND in a new session, in the background, with no descriptor but
# the standard three: a daemon must not keep one it inherited, such as the lock of
# `flock /work/e2e.lock npm run test:e2e`, or a run killed before its cleanup leaves the lock held.
daemon() {
  local log="$1"; shift
  (
    local fd
    for fd in "/proc/$BASHPID/fd/"*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec setsid "$@" >"$log" 2>&1 </dev/null
  ) &
}

case "${1:-}" in
  start)
    stop_pid api; stop_pid poller
    rm -f "$E2E_SOCKET"
    daemon "$run/api.log" podman system service --time=0 "unix://$E2E_SOCKET"
    echo $! >"$run/api.pid"
    daemon "$run/poller.log" bash "$here/poller.sh"
    echo $! >"$run/poller.pid"
    for _ in $(seq 1 100); do
      if curl -fsS --unix-socket "$E2E_SOCKET" http://d/_ping >/dev/null 2>&1; then exit 0; fi
      sleep 0.1
    done
    echo "ERROR: podman's API service did not answer on $E2E_SOCKET within 10s; its log:" >&2
    tail -n 20 "$run/api.log" >&2
    exit 1
    ;;
  stop)
    stop_pid poller; stop_pid api; stop_pid registry
    rm -f "$E2E_SOCKET"
    ;;
  *) echo "usage: engine.sh start|stop" >&2; exit 2 ;;
esac
