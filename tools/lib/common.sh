# Shared shell helpers for tools/*: sourced, never executed.
# Only bash, coreutils and a JDK are assumed (no curl, no psql): HTTP checks use bash's /dev/tcp.

REPO_ROOT="${REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

if [ -t 1 ]; then _B=$'\e[1m'; _G=$'\e[32m'; _R=$'\e[31m'; _Y=$'\e[33m'; _N=$'\e[0m'; else _B=; _G=; _R=; _Y=; _N=; fi
step()  { printf '%s==>%s %s\n' "$_B" "$_N" "$*"; }
ok()    { printf '    %sok%s %s\n' "$_G" "$_N" "$*"; }
warn()  { printf '    %s!!%s %s\n' "$_Y" "$_N" "$*" >&2; }
die()   { printf '%sERROR:%s %s\n' "$_R" "$_N" "$*" >&2; exit 1; }

# java_major <java-binary>: prints the feature version (17, 21, 25...) or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

# find_java_home: prints a JDK >= 21 (the registry needs it; the whole build and stack use the same one).
# Order: $JAVA_HOME, java on PATH, then the newest JDK under /usr/lib/jvm, /opt, /usr/local, ~/.sdkman, ~/.jdks.
find_java_home() {
  local candidates=() c major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/*jdk* /usr/local/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$c/bin/javac" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major="$(java_major "$c/bin/java")"; major="${major%%.*}"
    [ -n "$major" ] && [ "$major" -ge 21 ] || continue
    # JAVA_HOME, when set and good enough, wins; otherwise the newest
    if [ "$c" = "${JAVA_HOME:-}" ]; then echo "$c"; return 0; fi
    if [ "$major" -gt "$best_major" ]; then best="$c"; best_major="$major"; fi
  done
  [ -n "$best" ] || return 1
  echo "$best"
}

require_java() {
  JAVA_HOME="$(find_java_home)" || die "no JDK 21+ found. Install one (e.g. Temurin 21 or 25) and set JAVA_HOME."
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}

# http_status HOST PORT PATH: prints the HTTP status code (000 when nothing answers).
http_status() {
  local host="$1" port="$2" path="$3" line
  line="$( (exec 3<>"/dev/tcp/$host/$port" || exit 1
           printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
           timeout 5 head -n1 <&3) 2>/dev/null )" || { echo 000; return; }
  set -- $line
  echo "${2:-000}"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls every 0.5 s.
wait_until() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# alive PID: the process exists and is not a zombie (a killed process whose parent has not reaped it yet still
# answers kill -0; treating it as running would skip its restart)
alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
  local state; state="$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /\)$/) { print $(i + 1); exit }}' "/proc/$1/stat" 2>/dev/null || true)"
  [ "$state" != Z ] && [ "$state" != X ]
}
