#!/bin/sh
# Entrypoint of the redis stand-in, with the contract of the official image's: started as root
# (compose runs it so), it gives what is in /data to user redis, then runs as redis; redis writes
# its files with umask 0077. Started as another user (Kubernetes: runAsUser 999) it just runs.
set -eu
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . ! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$(umask)" = 0022 ]; then umask 0077; fi
exec "$@"
