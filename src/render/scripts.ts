/**
 * start.sh / stop.sh / logs.sh. Each works with `docker compose`, `docker-compose`, `podman compose`
 * or `podman-compose` (override with COMPOSE="…"), from any working directory.
 */
import { shellName, shellQuote, shellWord, shellWords } from '../escape';
import type { DependencyModel, ServiceModel, TopologyModel } from '../model';
import { COMPOSE_FILE } from './compose';
import { GENERATED_MARKER } from './marker';
import { type StartupState, startupState } from './startup';

/**
 * Every graph value reaches a script through src/escape/shell: a quoted word (`shellQuote`,
 * `shellWord`), or a plain name where no quoting is possible (`shellName`: in comments and
 * `"\${VAR:-name}"`). See docs/security.md.
 */
function prelude(topology: TopologyModel, purpose: string): string {
  return `#!/usr/bin/env bash
# ${GENERATED_MARKER} — do not edit
# ${purpose}
set -euo pipefail
cd "$(dirname "\${BASH_SOURCE[0]}")"

PROJECT="\${COMPOSE_PROJECT_NAME:-${shellName(topology.name)}}"

# The compose tool: $COMPOSE if set, else the first that works.
if [ -n "\${COMPOSE:-}" ]; then
  read -r -a COMPOSE_CMD <<<"$COMPOSE"
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  COMPOSE_CMD=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  COMPOSE_CMD=(docker-compose)
elif command -v podman >/dev/null 2>&1 && podman compose version >/dev/null 2>&1; then
  COMPOSE_CMD=(podman compose)
elif command -v podman-compose >/dev/null 2>&1; then
  COMPOSE_CMD=(podman-compose)
else
  echo "ERROR: no compose tool found" >&2
  echo "Action: install Docker Compose (docker compose or docker-compose) or podman-compose, or set COMPOSE=\\"<command>\\"" >&2
  exit 1
fi

compose() {
  "\${COMPOSE_CMD[@]}" -p "$PROJECT" -f ${COMPOSE_FILE} "$@"
}
`;
}

export function renderStartScript(topology: TopologyModel): string {
  const byName = new Map<string, ServiceModel | DependencyModel>();
  topology.services.forEach((s) => byName.set(s.name, s));
  topology.dependencies.forEach((d) => byName.set(d.name, d));
  const waits = topology.order.flatMap((name) => {
    const state = startupState(byName.get(name)!);
    return state ? [{ name, state }] : [];
  });
  // Where to look once it is up: each published HTTP port (its health path when that is the port checked).
  const urls = topology.services.flatMap((s) =>
    s.ports
      .filter((p) => p.host !== undefined && p.protocol === 'http')
      .map((p) => `  ${s.name}${p === s.ports[0] ? '' : ` (${p.name})`}: http://127.0.0.1:${p.host}${s.health?.kind === 'http' && s.health.port === p.port ? s.health.path : ''}`),
  );
  const name = shellName(topology.name);
  const secrets = topology.secrets.map((s) => s.name);
  const reruns = topology.dependencies.filter((d) => !d.external && d.init?.rerun);
  return `${prelude(topology, `Builds and starts '${name}', then waits until every service is up (healthy, running, or completed).`)}
TIMEOUT="\${TOPOGRAPH_START_TIMEOUT:-300}"
# What each service must reach: healthy (its health check passes), running (it has no health
# check), completed (a one-shot job that exited 0). See docs/topology-graph.md#start-up.
SERVICES=(${shellWords(waits.map((w) => `${w.name}=${w.state}`))})
SECRETS=(${secrets.map(shellWord).join(' ')})

# The container engine answering 'inspect' for this compose tool.
case "\${COMPOSE_CMD[0]}" in
  podman|podman-compose) ENGINE=podman ;;
  *) if command -v docker >/dev/null 2>&1; then ENGINE=docker; else ENGINE=podman; fi ;;
esac
ENGINE="\${CONTAINER_ENGINE:-$ENGINE}"

# First run: create .env with a random value for each secret it lacks (never overwrites a value).
# .env holds secrets: only its owner may read it, also when it existed before (mode 0600).
umask 077
touch .env
chmod 600 .env
for name in \${SECRETS[@]+"\${SECRETS[@]}"}; do
  if ! grep -q "^\${name}=" .env; then
    value="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n')"
    printf '%s=%s\\n' "$name" "$value" >>.env
    echo "Created a random \${name} in $(pwd)/.env"
  fi
done

container_of() { # container_of SERVICE [-a]: the id of its (first) container; -a includes exited ones
  compose ps \${2:+"$2"} -q "$1" 2>/dev/null | head -n 1
}

# state_of SERVICE WANTED: healthy|running|completed once there, else what the engine says
# (starting, unhealthy, created, restarting, exited, missing…), or "failed (exit N)" for a job.
state_of() {
  local id status
  case "$2" in
    completed)
      id="$(container_of "$1" -a)"
      [ -n "$id" ] || id="$(container_of "$1")"
      [ -n "$id" ] || { echo "missing"; return; }
      status="$("$ENGINE" inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$id" 2>/dev/null)" || { echo "unknown"; return; }
      case "$status" in
        "exited 0") echo "completed" ;;
        "exited "*) echo "failed (exit \${status#exited })" ;;
        *) echo "\${status%% *}" ;;
      esac
      ;;
    running)
      id="$(container_of "$1")"
      [ -n "$id" ] || { echo "missing"; return; }
      "$ENGINE" inspect --format '{{.State.Status}}' "$id" 2>/dev/null || echo "unknown"
      ;;
    *)
      id="$(container_of "$1")"
      [ -n "$id" ] || { echo "missing"; return; }
      "$ENGINE" inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || echo "unknown"
      ;;
  esac
}

last_check_output() {
  local id
  id="$(container_of "$1")"
  [ -n "$id" ] || return 0
  "$ENGINE" inspect --format '{{if .State.Health}}{{range .State.Health.Log}}{{.Output}}{{end}}{{end}}' "$id" 2>/dev/null | tail -n 3 || true
}

# wait_up SERVICE=STATE...: waits until each service reaches its state; at the timeout, or as soon
# as a start-up job fails, names each one that did not, with its last health-check output.
wait_up() {
  local deadline=$((SECONDS + TIMEOUT)) entry service wanted status failed pending
  while :; do
    pending=()
    failed=""
    for entry in "$@"; do
      service="\${entry%%=*}"
      wanted="\${entry#*=}"
      status="$(state_of "$service" "$wanted")"
      [ "$status" = "$wanted" ] && continue
      pending+=("$service: $status (waiting for: $wanted)")
      case "$status" in failed*) failed=yes ;; esac
    done
    [ -z "\${pending[*]-}" ] && return 0
    if [ -n "$failed" ] || [ "$SECONDS" -ge "$deadline" ]; then
      if [ -n "$failed" ]; then echo "ERROR: a start-up job failed:" >&2; else echo "ERROR: not up after \${TIMEOUT}s:" >&2; fi
      for entry in "\${pending[@]}"; do
        echo "  $entry" >&2
        last_check_output "\${entry%%:*}" | sed 's/^/      last check: /' >&2
      done
      echo "Action: inspect with ./logs.sh <service>; raise TOPOGRAPH_START_TIMEOUT if it is only slow." >&2
      exit 1
    fi
    sleep 2
  done
}

echo "Building images..."
compose build
${reruns.map(rerunSteps).join('')}echo "Starting \${PROJECT}..."
compose up -d
echo "Waiting up to \${TIMEOUT}s for: \${SERVICES[*]%%=*}"
wait_up \${SERVICES[@]+"\${SERVICES[@]}"}

echo ""
echo ${shellQuote(readyLine(waits))}
${urls.length ? `echo "Endpoints:"\n${urls.map((u) => `echo ${shellQuote(u)}`).join('\n')}\n` : ''}echo "Logs: ./logs.sh [service]   Stop: ./stop.sh"
`;
}

/**
 * Starts a dependency whose init may run again, waits for it, and re-applies the init: a volume
 * initialised before a service was added (or before topograph gave each service a role) catches up.
 */
function rerunSteps(dep: DependencyModel): string {
  return `echo ${shellQuote(`Starting ${dep.name} and applying its set-up (${dep.init!.path}, safe to run again)...`)}
compose up -d ${shellQuote(dep.name)}
wait_up ${shellQuote(`${dep.name}=healthy`)}
compose exec -T ${shellQuote(dep.name)} ${shellWords(dep.init!.rerun!)}
`;
}

/** "All services healthy: a b", or grouped by state when not all are health-checked. */
function readyLine(waits: ReadonlyArray<{ name: string; state: StartupState }>): string {
  const states: StartupState[] = ['healthy', 'running', 'completed'];
  const groups = states.map((state) => ({ state, names: waits.filter((w) => w.state === state).map((w) => w.name) })).filter((g) => g.names.length);
  if (groups.length <= 1) return `All services ${groups[0]?.state ?? 'healthy'}: ${groups[0]?.names.join(' ') ?? ''}`.trimEnd();
  return `All services up: ${groups.map((g) => `${g.names.join(' ')} (${g.state})`).join(', ')}`;
}

export function renderStopScript(topology: TopologyModel): string {
  return `${prelude(topology, `Stops '${shellName(topology.name)}'. Data volumes are kept; pass -v (--volumes) to delete them too.`)}
compose down --remove-orphans "$@"
echo "Stopped \${PROJECT}."
`;
}

export function renderLogsScript(topology: TopologyModel): string {
  return `${prelude(topology, `Shows logs of '${shellName(topology.name)}': ./logs.sh [--no-follow] [service...]`)}
follow=(-f)
if [ "\${1:-}" = "--no-follow" ]; then
  follow=()
  shift
fi
compose logs \${follow[@]+"\${follow[@]}"} --tail=200 "$@"
`;
}
