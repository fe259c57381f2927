#!/usr/bin/env bash
# Starts, stops and reports the two daemons the e2e tests talk to: a Docker engine and an etcd
# on 127.0.0.1:2379. Used by .ci/run and by developers:
#   bash scripts/services.sh start|stop|status
# Starting is a no-op for a service that already answers, whoever started it; stopping only
# touches processes this script started (recorded in pid files).
#
# Environment:
#   KUBERNEL_SERVICES_DIR  logs, pid files and etcd data (default /tmp/kubernel-services)
#   KUBERNEL_DOCKERD_FLAGS extra dockerd flags; when set, the vfs/no-iptables fallback is skipped
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE_DIR=${KUBERNEL_SERVICES_DIR:-/tmp/kubernel-services}
DOCKERD_LOG=$STATE_DIR/dockerd.log
DOCKERD_PIDFILE=$STATE_DIR/dockerd.pid
ETCD_LOG=$STATE_DIR/etcd.log
ETCD_PIDFILE=$STATE_DIR/etcd.pid
ETCD_URL=http://127.0.0.1:2379
READY_TIMEOUT=60

# Runs a daemon in its own session with every standard stream on a file, so that neither a
# Ctrl-C in the caller's terminal nor a CI runner waiting for the pipes to close is tied to it.
launch() {
  local log=$1 pidfile=$2
  shift 2
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >"$pidfile"
  echo $!
}

pid_from() { [[ -f $1 ]] && cat "$1" || true; }

docker_ready() { timeout 10 docker info >/dev/null 2>&1; }

start_dockerd_with() {
  local pid
  log "starting dockerd${*:+ $*} (log: $DOCKERD_LOG)"
  printf '\n---- %s dockerd %s ----\n' "$(date -Is)" "$*" >>"$DOCKERD_LOG"
  pid=$(launch "$DOCKERD_LOG" "$DOCKERD_PIDFILE" dockerd "$@")
  wait_until dockerd "$READY_TIMEOUT" "$pid" docker_ready
}

start_docker() {
  if docker_ready; then
    log "Docker engine already answers; not starting dockerd"
    return 0
  fi
  have dockerd || die "dockerd is not installed; run: bash scripts/install-deps.sh"
  have docker || die "the docker client is not installed; run: bash scripts/install-deps.sh"
  [[ $EUID -eq 0 ]] || die "starting dockerd needs root; run: sudo bash scripts/services.sh start"
  # A pid file left by a killed daemon makes dockerd refuse to start.
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  local -a flags
  read -r -a flags <<<"${KUBERNEL_DOCKERD_FLAGS:-}"
  if start_dockerd_with "${flags[@]}"; then
    log "Docker engine ready (dockerd pid $(pid_from "$DOCKERD_PIDFILE"))"
    return 0
  fi
  if [[ -z ${KUBERNEL_DOCKERD_FLAGS:-} ]]; then
    # Nested sandboxes often lack overlayfs or iptables; these flags need neither.
    stop_pidfile dockerd "$DOCKERD_PIDFILE"
    log "retrying with the sandbox fallback flags"
    if start_dockerd_with --storage-driver=vfs --iptables=false; then
      log "Docker engine ready with vfs/no-iptables (dockerd pid $(pid_from "$DOCKERD_PIDFILE"))"
      return 0
    fi
  fi
  tail -n 40 "$DOCKERD_LOG" >&2 || true
  die "Docker engine did not come up; see $DOCKERD_LOG"
}

etcd_answers() { curl -s -m 2 -o /dev/null "$ETCD_URL/health"; }
etcd_healthy() { curl -fs -m 2 "$ETCD_URL/health" 2>/dev/null | grep -q '"health": *"true"'; }

start_etcd() {
  if etcd_answers; then
    log "something already answers on $ETCD_URL; not starting etcd"
    wait_until etcd "$READY_TIMEOUT" "" etcd_healthy || die "the etcd on $ETCD_URL is not healthy"
    return 0
  fi
  have etcd || die "etcd is not installed; run: bash scripts/install-deps.sh"
  # A fresh data dir per start: tests expect an empty store, and a stale member id would clash.
  local data pid
  rm -rf "$STATE_DIR"/etcd-data.* # left by earlier etcds, which are gone since nothing answers
  data=$(mktemp -d "$STATE_DIR/etcd-data.XXXXXX")
  # etcd 3.4 refuses to run on arm64 unless told that is intended.
  [[ $(uname -m) == aarch64 ]] && export ETCD_UNSUPPORTED_ARCH=arm64
  log "starting etcd (data: $data, log: $ETCD_LOG)"
  printf '\n---- %s etcd ----\n' "$(date -Is)" >>"$ETCD_LOG"
  pid=$(launch "$ETCD_LOG" "$ETCD_PIDFILE" etcd \
    --name kubernel --data-dir "$data" --logger zap \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster kubernel=http://127.0.0.1:2380)
  if ! wait_until etcd "$READY_TIMEOUT" "$pid" etcd_healthy; then
    tail -n 40 "$ETCD_LOG" >&2 || true
    die "etcd did not become healthy; see $ETCD_LOG"
  fi
  log "etcd healthy on $ETCD_URL (pid $pid)"
}

stop_pidfile() {
  local name=$1 pidfile=$2 pid
  pid=$(pid_from "$pidfile")
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
    log "$name: not running from this script"
    rm -f "$pidfile"
    return 0
  fi
  log "stopping $name (pid $pid)"
  kill "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$pidfile"
}

status() {
  local pid
  if docker_ready; then pid=$(pid_from "$DOCKERD_PIDFILE"); log "docker: up${pid:+ (pid $pid)} log: $DOCKERD_LOG"; else log "docker: down"; fi
  if etcd_healthy; then pid=$(pid_from "$ETCD_PIDFILE"); log "etcd: healthy${pid:+ (pid $pid)} log: $ETCD_LOG"; else log "etcd: down"; fi
}

main() {
  mkdir -p "$STATE_DIR"
  case "${1:-}" in
    start) start_docker; start_etcd; status ;;
    stop) stop_pidfile etcd "$ETCD_PIDFILE"; stop_pidfile dockerd "$DOCKERD_PIDFILE" ;;
    status) status ;;
    *) die "usage: $0 start|stop|status" ;;
  esac
}

main "$@"
