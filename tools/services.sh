#!/usr/bin/env bash
# Starts / stops every built service (and the channel gateway simulator) of the local stack as plain processes:
# PID files in $STACK_HOME/run, logs in $STACK_HOME/logs, readiness from /q/health/ready.
#   services.sh up [name...] | down | status   (up without names starts every built service)
# SERVICE_AOT=train (what `make run` uses) records a JDK AOT cache for a service that has none for its current build,
# written when the service stops; every start uses a matching cache when there is one (ADR 0009). SERVICE_AOT=off
# uses none.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"

# name:port-offset:module-dir (ports: SERVICE_PORT_BASE + offset, i.e. 29101.. by default)
SERVICES=(
  "touchpoint-ingestion:1:services/touchpoint-ingestion"
  "customer-360:2:services/customer-360"
  "orchestration:3:services/orchestration"
  "loyalty:4:services/loyalty"
  "promotions:5:services/promotions"
  "notifications:6:services/notifications"
  "returns:7:services/returns"
  "gateway-simulator:10:tools/gateway-simulator"
)

# Eight JVMs share two cores with the stack: C1 only and a small heap. The edge (touchpoint-ingestion) is the one
# place where throughput per core matters more than warm-up: it keeps C2, without which HMAC-SHA256 over each signed
# webhook runs without the JDK's SHA intrinsics (a third of its CPU under C1). SERVICE_JAVA_OPTS replaces both, e.g.
# for a profiling run (the flags measured for issue 7 are in docs/benchmarks.md and ADR 0009). The heap starts at 32 MB:
# on a large machine the default initial heap is the maximum, which keeps a 78 MB young generation resident (ADR 0016);
# MALLOC_ARENA_MAX=2 keeps glibc from holding freed memory in an arena per thread, and TrimNativeHeapInterval hands
# what the compilers and Netty freed back to the kernel every 30 s.
DEFAULT_JAVA_OPTS="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=30000"
EDGE_JAVA_OPTS="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=30000"

field() { echo "$1" | cut -d: -f"$2"; }
pid_file() { echo "$STACK_RUN/service-$1.pid"; }
running() { alive "$(cat "$(pid_file "$1")" 2>/dev/null || true)"; }
db_name() { echo "${1//-/}"; }
training_file() { echo "$STACK_RUN/service-$1.aot-training"; }

# The JDK's version when it can record and load AOT caches (JDK 25+, JEP 483/514/515); nothing otherwise.
aot_jdk() {
  [ "${SERVICE_AOT:-use}" != off ] || return 0
  [ "$("$JAVA_HOME/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -c ' AOTCacheOutput ')" = 1 ] || return 0
  "$JAVA_HOME/bin/java" -version 2>&1
}

# aot_opts NAME MODULE_DIR JAVA_OPTS JDK: the JVM options for the service's AOT cache, keyed by the JDK (aot_jdk; empty:
# none), the JVM options and every file of the build, so a rebuilt service never loads a stale cache.
aot_opts() {
  local name="$1" app="$REPO_ROOT/$2/target/quarkus-app" opts="$3" jdk="$4" key cache
  [ -n "$jdk" ] || return 0
  key="$({ echo "$jdk"; echo "$opts"; find "$app" -type f -printf '%P %s %T@\n' | sort; } | sha256sum | cut -c1-16)"
  cache="$STACK_HOME/aot/$name-$key.aot"
  if [ -s "$cache" ]; then
    echo "-XX:AOTCache=$cache"
  elif [ "${SERVICE_AOT:-use}" = train ]; then
    mkdir -p "$STACK_HOME/aot"
    rm -f "$STACK_HOME/aot/$name-"*
    touch "$(training_file "$name")"
    echo "-XX:AOTCacheOutput=$cache -Xlog:aot=error"
  fi
}

up() {
  require_java
  mkdir -p "$STACK_RUN" "$STACK_LOGS"
  local entry name port jar opts jdk started=() only=" $* "
  jdk="$(aot_jdk)" # asked once, not per service
  for entry in "${SERVICES[@]}"; do
    name="$(field "$entry" 1)"; port=$((SERVICE_PORT_BASE + $(field "$entry" 2)))
    [ "$#" -eq 0 ] || [[ "$only" == *" $name "* ]] || continue
    jar="$REPO_ROOT/$(field "$entry" 3)/target/quarkus-app/quarkus-run.jar"
    [ -f "$jar" ] || continue
    if running "$name"; then ok "$name already running"; continue; fi
    step "starting $name on http://$STACK_HOST:$port"
    rm -f "$(training_file "$name")"
    opts="$DEFAULT_JAVA_OPTS"
    [ "$name" != touchpoint-ingestion ] || opts="$EDGE_JAVA_OPTS"
    opts="${SERVICE_JAVA_OPTS:-$opts}"
    opts="$opts $(aot_opts "$name" "$(field "$entry" 3)" "$opts" "$jdk")"
    SERVICE_PORT="$port" SERVICE_HOST="$STACK_HOST" \
    DB_USER="$(db_name "$name")" DB_PASSWORD="$POSTGRES_PASSWORD" \
    DB_REACTIVE_URL="postgresql://$STACK_HOST:$POSTGRES_PORT/$(db_name "$name")" \
    DB_JDBC_URL="jdbc:postgresql://$STACK_HOST:$POSTGRES_PORT/$(db_name "$name")" \
      MALLOC_ARENA_MAX=2 nohup "$JAVA_HOME/bin/java" $opts -jar "$jar" \
      >> "$STACK_LOGS/$name.log" 2>&1 < /dev/null &
    echo $! > "$(pid_file "$name")"
    started+=("$name:$port")
  done
  local item deadline
  for item in "${started[@]}"; do
    name="${item%%:*}"; port="${item##*:}"
    deadline=$(( $(date +%s) + 90 ))
    until [ "$(http_status "$STACK_HOST" "$port" /q/health/ready)" = 200 ]; do
      running "$name" || { tail -n 20 "$STACK_LOGS/$name.log" >&2; die "$name exited during start-up (log: $STACK_LOGS/$name.log)"; }
      [ "$(date +%s)" -lt "$deadline" ] || die "$name not ready after 90s (log: $STACK_LOGS/$name.log)"
      sleep 0.5
    done
    ok "$name ready"
  done
}

down() {
  local entry name pid grace
  for entry in "${SERVICES[@]}"; do
    name="$(field "$entry" 1)"
    running "$name" || continue
    pid="$(cat "$(pid_file "$name")")"
    kill -TERM "$pid" 2>/dev/null || true
    grace=20
    # a training run writes its AOT cache on the way out (a child JVM assembles it: about 15 s)
    if [ -f "$(training_file "$name")" ]; then grace=180; step "$name: writing its AOT cache"; fi
    wait_until "$grace" "$name" bash -c "source $REPO_ROOT/tools/lib/common.sh; ! alive $pid" || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$(pid_file "$name")" "$(training_file "$name")"
    ok "$name stopped"
  done
}

status() {
  local entry name port state
  for entry in "${SERVICES[@]}"; do
    name="$(field "$entry" 1)"; port=$((SERVICE_PORT_BASE + $(field "$entry" 2)))
    [ -f "$REPO_ROOT/$(field "$entry" 3)/target/quarkus-app/quarkus-run.jar" ] || continue
    state=down
    if running "$name"; then
      state=starting
      [ "$(http_status "$STACK_HOST" "$port" /q/health/ready)" = 200 ] && state=up
    fi
    printf '%-22s %-9s http://%s:%s  (OpenAPI: /q/openapi, health: /q/health, metrics: /q/metrics)\n' "$name" "$state" "$STACK_HOST" "$port"
  done
}

case "${1:-status}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) die "usage: services.sh up [name...] | down | status" ;;
esac
