#!/usr/bin/env bash
# Installs podman, Debian's docker-compose and mmdebstrap from Debian packages when any is missing.
set -euo pipefail
packages=(podman runc conmon netavark aardvark-dns iptables catatonit slirp4netns fuse-overlayfs uidmap
  mmdebstrap docker-compose docker-registry curl ca-certificates)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ERROR: the end-to-end suite needs these Debian packages: ${missing[*]}" >&2
  echo "Action: run as root, or install them: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "Installing from Debian: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
