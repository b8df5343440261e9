/**
 * start.sh / stop.sh / logs.sh. Each works with `docker compose`, `docker-compose`, `podman compose`
 * or `podman-compose` (override with COMPOSE="…"), from any working directory.
 */
import { shellName, shellQuote, shellWord } from '../escape';
import type { TopologyModel } from '../model';
import { COMPOSE_FILE } from './compose';
import { GENERATED_MARKER } from './marker';

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
  const waitFor = topology.order.filter((name) => {
    const service = topology.services.find((s) => s.name === name);
    if (service) return service.containerized && service.longRunning;
    return !topology.dependencies.find((d) => d.name === name)?.external;
  });
  const urls = topology.services
    .filter((s) => s.archetype === 'web-service' && s.port !== undefined)
    .map((s) => `  ${s.name}: http://127.0.0.1:${s.port}${s.health?.path ?? ''}`);
  const name = shellName(topology.name);
  const secrets = topology.secrets.map((s) => s.name);
  return `${prelude(topology, `Builds and starts '${name}', then waits until every service is healthy.`)}
TIMEOUT="\${TOPOGRAPH_START_TIMEOUT:-300}"
SERVICES=(${waitFor.map(shellWord).join(' ')})
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

echo "Building images..."
compose build
echo "Starting \${PROJECT}..."
compose up -d

health_of() {
  local id
  id="$(compose ps -q "$1" 2>/dev/null | head -n 1)"
  if [ -z "$id" ]; then echo "missing"; return; fi
  "$ENGINE" inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || echo "unknown"
}

last_check_output() {
  local id
  id="$(compose ps -q "$1" 2>/dev/null | head -n 1)"
  [ -n "$id" ] || return 0
  "$ENGINE" inspect --format '{{if .State.Health}}{{range .State.Health.Log}}{{.Output}}{{end}}{{end}}' "$id" 2>/dev/null | tail -n 3 || true
}

echo "Waiting up to \${TIMEOUT}s for: \${SERVICES[*]}"
deadline=$((SECONDS + TIMEOUT))
while :; do
  pending=()
  for service in \${SERVICES[@]+"\${SERVICES[@]}"}; do
    status="$(health_of "$service")"
    [ "$status" = "healthy" ] || pending+=("$service=$status")
  done
  if [ -z "\${pending[*]-}" ]; then break; fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "ERROR: not healthy after \${TIMEOUT}s:" >&2
    for entry in \${pending[@]+"\${pending[@]}"}; do
      service="\${entry%%=*}"
      echo "  \${service}: \${entry#*=}" >&2
      last_check_output "$service" | sed 's/^/      last check: /' >&2
    done
    echo "Action: inspect with ./logs.sh <service>; raise TOPOGRAPH_START_TIMEOUT if it is only slow." >&2
    exit 1
  fi
  sleep 2
done

echo ""
echo "All services healthy: \${SERVICES[*]}"
${urls.length ? `echo "Endpoints:"\n${urls.map((u) => `echo ${shellQuote(u)}`).join('\n')}\n` : ''}echo "Logs: ./logs.sh [service]   Stop: ./stop.sh"
`;
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
