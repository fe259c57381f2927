#!/usr/bin/env bash
# Builds the container image the e2e tests run, without any registry (CI only reaches npm and
# Debian): a rootfs holding Debian's static busybox and its applet links, imported with
# `docker import`. Tags: kubernel/busybox:latest plus the busybox version (e.g. 1.35.0 and 1.35).
# Tests should prefer a version tag: Kubernetes defaults imagePullPolicy to Always for :latest.
#
# Idempotent: the image carries a label hashing its inputs (the busybox binary and this
# script); when the label matches, only missing tags are added.
#
# Environment: KUBERNEL_TEST_IMAGE_REPO (default kubernel/busybox), BUSYBOX (default /bin/busybox)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IMAGE_REPO=${KUBERNEL_TEST_IMAGE_REPO:-kubernel/busybox}
BUSYBOX=${BUSYBOX:-/bin/busybox}
HASH_LABEL=org.kubernel.content-hash
SELF=${BASH_SOURCE[0]}

have docker || die "the docker client is not installed; run: bash scripts/install-deps.sh"
timeout 10 docker info >/dev/null 2>&1 ||
  die "no Docker engine answers (docker info failed); start one with: sudo bash scripts/services.sh start"
[[ -x $BUSYBOX ]] || die "$BUSYBOX not found; run: bash scripts/install-deps.sh (package busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  die "$BUSYBOX is dynamically linked and would not run in an empty rootfs; install busybox-static"
fi

# "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary." -> 1.35.0
# sed reads all of it: `head -n 1` closing the pipe early could kill busybox with SIGPIPE, failing the pipeline (141).
version=$("$BUSYBOX" 2>/dev/null | sed -n '1s/^BusyBox v\([0-9][0-9.]*\).*/\1/p')
[[ -n $version ]] || die "cannot read the version of $BUSYBOX"
tags=(latest "$version" "${version%.*}")
content_hash=$(cat "$BUSYBOX" "$SELF" | sha256sum | cut -d ' ' -f 1)

image_hash() {
  docker image inspect --format "{{with .Config.Labels}}{{index . \"$HASH_LABEL\"}}{{end}}" \
    "$IMAGE_REPO:latest" 2>/dev/null || true
}

# Users and groups match the upstream busybox image, so runAsUser/fsGroup tests see the same ids.
write_rootfs() {
  local root=$1 applet
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,tmp,var/www,proc,sys,dev}
  install -m 0755 "$BUSYBOX" "$root/bin/busybox"
  # --install -s would link to the host's path of busybox (/usr/bin/busybox on merged-usr
  # Debian), which does not exist in the image; absolute links to /bin/busybox do.
  while read -r applet; do
    [[ -e $root/$applet || -L $root/$applet ]] || ln -s /bin/busybox "$root/$applet"
  done < <("$BUSYBOX" --list-full)
  cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
PASSWD
  cat >"$root/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
GROUP
  chmod 1777 "$root/tmp"
  chmod 0700 "$root/root"
}

if [[ $(image_hash) == "$content_hash" ]]; then
  log "$IMAGE_REPO:latest is up to date (content hash ${content_hash:0:12})"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  write_rootfs "$work/rootfs"
  log "importing $IMAGE_REPO:latest (busybox $version, $(find "$work/rootfs" | wc -l) files)"
  tar -C "$work/rootfs" --numeric-owner --owner=0 --group=0 -c . |
    docker import \
      --change 'CMD ["sh"]' \
      --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "LABEL $HASH_LABEL=$content_hash" \
      --message "kubernel test image: Debian busybox-static $version" \
      - "$IMAGE_REPO:latest" >/dev/null
fi

for tag in "${tags[@]:1}"; do
  docker tag "$IMAGE_REPO:latest" "$IMAGE_REPO:$tag"
done
log "test images: $(printf "$IMAGE_REPO:%s " "${tags[@]}")"
