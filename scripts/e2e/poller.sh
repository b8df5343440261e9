#!/usr/bin/env bash
# Runs container HEALTHCHECKs. podman 4.3 schedules them with systemd timers; without systemd (this
# machine, CI) nothing runs them and depends_on: service_healthy would wait forever. This loop runs
# `podman healthcheck run` for containers that are starting or unhealthy every E2E_POLL_FAST seconds
# and for healthy ones every E2E_POLL_SLOW seconds (the engine keeps retries/start-period semantics).
set -uo pipefail
fast="${E2E_POLL_FAST:-1}"
slow="${E2E_POLL_SLOW:-3}"
tick=0
while :; do
  ids="$(podman ps -q --filter health=starting --filter health=unhealthy 2>/dev/null)"
  if [ $((tick % slow)) -eq 0 ]; then
    ids="$ids $(podman ps -q --filter health=healthy 2>/dev/null)"
  fi
  for id in $ids; do
    podman healthcheck run "$id" >/dev/null 2>&1 &
  done
  wait
  sleep "$fast"
  tick=$((tick + fast))
done
