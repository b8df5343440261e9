#!/usr/bin/env bash
# shellcheck disable=SC2086 # the ID lists below are split into arguments on purpose
# Removes everything of the compose project $1 (containers, pods, volumes, networks), whatever state
# it is in; used before and after the suite, also on failure. Never fails.
set -uo pipefail
: "${E2E_LAB:?source scripts/e2e/env.sh first}"
project="${1:?usage: teardown.sh PROJECT}"
label="com.docker.compose.project=$project"
ids="$(podman ps -aq --filter "label=$label" 2>/dev/null)"
[ -z "$ids" ] || podman rm -f -v -t 0 $ids >/dev/null 2>&1
pods="$(podman pod ps -q --filter "label=$label" 2>/dev/null)"
[ -z "$pods" ] || podman pod rm -f $pods >/dev/null 2>&1
volumes="$(podman volume ls -q --filter "label=$label" 2>/dev/null)"
[ -z "$volumes" ] || podman volume rm -f $volumes >/dev/null 2>&1
networks="$(podman network ls -q --filter "label=$label" 2>/dev/null)"
[ -z "$networks" ] || podman network rm -f $networks >/dev/null 2>&1
exit 0
