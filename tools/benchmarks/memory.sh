#!/usr/bin/env bash
# Prints a Markdown table of the resident memory of the local stack and the services: PSS (proportional set size,
# shared pages divided among the processes that map them, so the column adds up) and RSS per component. PostgreSQL
# is the postmaster with all its backends; Keycloak is kc.sh with its JVM. Linux only (/proc/PID/smaps_rollup).
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"

# kb <field> <pid...>: the field of smaps_rollup summed over the pids, in KiB
kb() {
  local field="$1" pid total=0 value; shift
  for pid in "$@"; do
    value="$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)"
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

rows=() pss_total=0 rss_total=0
add() { # add <name> <pid...>
  local name="$1"; shift
  [ "$#" -gt 0 ] || return 0
  local pss rss; pss="$(kb Pss "$@")"; rss="$(kb Rss "$@")"
  [ "$rss" -gt 0 ] || return 0
  pss_total=$((pss_total + pss)); rss_total=$((rss_total + rss))
  rows+=("$(printf '| %s | %d | %d |' "$name" $((pss / 1024)) $((rss / 1024)))")
}

for name in kafka connect registry; do
  pid="$(cat "$STACK_RUN/$name.pid" 2>/dev/null || true)"
  [ -n "$pid" ] && alive "$pid" && add "$name" "$pid"
done
# Keycloak's PID file names kc.sh, which runs the JVM as its child
kc="$(cat "$STACK_RUN/keycloak.pid" 2>/dev/null || true)"
if [ -n "$kc" ] && alive "$kc"; then
  mapfile -t keycloak < <(echo "$kc"; pgrep -P "$kc" || true)
  add "keycloak" "${keycloak[@]}"
fi
postmaster="$(head -1 "$STACK_DATA/postgres/postmaster.pid" 2>/dev/null || true)"
if [ -n "$postmaster" ] && alive "$postmaster"; then
  mapfile -t pg < <(echo "$postmaster"; pgrep -P "$postmaster" || true)
  add "postgresql (postmaster + ${#pg[@]} processes)" "${pg[@]}"
fi
for file in "$STACK_RUN"/service-*.pid; do
  [ -f "$file" ] || continue
  pid="$(cat "$file")"; name="$(basename "$file" .pid)"
  alive "$pid" && add "${name#service-}" "$pid"
done

echo "| component | PSS MB | RSS MB |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
printf '| **total** | **%d** | %d |\n' $((pss_total / 1024)) $((rss_total / 1024))
