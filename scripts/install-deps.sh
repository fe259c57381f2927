#!/usr/bin/env bash
# Installs the Debian packages the e2e tests need, skipping apt entirely when every binary is present
# (apt-get update alone costs several seconds and CI runs this on every build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

busybox_static_installed() {
  # The test image copies /bin/busybox into an empty rootfs, so it must be the static build,
  # not the dynamically linked `busybox` package that provides the same path.
  [[ -x /bin/busybox ]] &&
    dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'
}

missing=()
have dockerd || missing+=(docker.io)
busybox_static_installed || missing+=(busybox-static)
have etcd || missing+=(etcd-server)
have ip || missing+=(iproute2)
have curl || missing+=(curl)
have unzip || missing+=(unzip)

if ((${#missing[@]} == 0)); then
  log "all packages present (dockerd, busybox-static, etcd, ip, curl, unzip); skipping apt"
  exit 0
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -o DPkg::Lock::Timeout=120)
as_root apt-get "${apt_opts[@]}" update
# Recommends of docker.io (git, apparmor, needrestart, ...) are not needed to run containers.
as_root apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
