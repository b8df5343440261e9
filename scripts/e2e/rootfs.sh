#!/usr/bin/env bash
# Builds a minimal Debian bookworm root filesystem tar with mmdebstrap (cached): the base of every
# stand-in image. Usage: rootfs.sh OUT.tar
set -euo pipefail
out="$1"
[ -s "$out" ] && exit 0
mkdir -p "$(dirname "$out")"
mirror="${E2E_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# shellcheck disable=SC2016 # "$1" in the hook is expanded by mmdebstrap (the root directory)
mmdebstrap --variant=minbase --quiet \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --aptopt='Apt::Install-Recommends "false"' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
  bookworm "$out.partial.tar" "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"
mv "$out.partial.tar" "$out"
