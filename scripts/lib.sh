# Helpers shared by .ci/run and the scripts in this folder. Source it; running it does nothing.
# Output goes to stderr so scripts can keep stdout for values their callers capture.

section() { printf '\n==== %s ====\n' "$*" >&2; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# Developers run these scripts as themselves; CI runs them as root without sudo installed.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Polls `check` once a second until it succeeds. Gives up after `seconds`, or as soon as
# process `pid` (when given) has exited, since a dead daemon will never become ready.
wait_until() {
  local what=$1 seconds=$2 pid=$3 check=$4
  local deadline=$((SECONDS + seconds))
  until "$check"; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "$what: process $pid exited before becoming ready"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "$what: not ready after ${seconds}s"
      return 1
    fi
    sleep 1
  done
}
