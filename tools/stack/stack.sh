#!/usr/bin/env bash
# The local stack without Docker: real PostgreSQL, Kafka (KRaft), Apicurio Registry, Kafka Connect with
# Debezium and Keycloak (the OIDC provider of the services' REST APIs), each a separate process with a PID file under $STACK_HOME/run and a log under $STACK_HOME/logs.
#   stack.sh up [--record FILE]   start what is not running (FILE gets the names this call started)
#   stack.sh down [NAME...]       stop everything, or only the named components
#   stack.sh status               what runs, where, and whether it answers
#   stack.sh clean                down, then wipe data and logs (downloads in $STACK_HOME/dist stay)
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"

COMPONENTS=(postgres kafka registry connect keycloak)
STACK_CLI_JAR="$REPO_ROOT/tools/stack-cli/target/stack-cli.jar"
CATALOG="$REPO_ROOT/schemas/topics.yaml"
RECORD_FILE=""

pid_file() { echo "$STACK_RUN/$1.pid"; }
pid_of() {
  if [ "$1" = postgres ]; then head -n1 "$(pg_data)/postmaster.pid" 2>/dev/null || true
  else cat "$(pid_file "$1")" 2>/dev/null || true; fi
}
running() { alive "$(pid_of "$1")"; }
started() { [ -n "$RECORD_FILE" ] && echo "$1" >> "$RECORD_FILE"; return 0; }

launch() { # name: starts "$@" (after the name) in the background with its log and PID file
  local name="$1"; shift
  mkdir -p "$STACK_LOGS" "$STACK_RUN"
  echo "---- start $(date -Is) ----" >> "$STACK_LOGS/$name.log"
  MALLOC_ARENA_MAX=2 nohup "$@" >> "$STACK_LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

await() { # name seconds check-command...
  local name="$1" secs="$2"; shift 2
  local t0 deadline; t0=$(date +%s); deadline=$(( t0 + secs ))
  until "$@"; do
    if ! running "$name"; then
      grep -E "ERROR|Exception|Caused by" "$STACK_LOGS/$name.log" | tail -n 8 >&2 || true
      die "$name exited during start-up (log: $STACK_LOGS/$name.log)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 30 "$STACK_LOGS/$name.log" >&2
      die "$name not ready after ${secs}s (log: $STACK_LOGS/$name.log)"
    fi
    sleep 0.5
  done
  ok "$name ready in $(( $(date +%s) - t0 ))s"
}

# ---------------------------------------------------------------- PostgreSQL
# PostgreSQL refuses to run as root. As root we run it as 'nobody', and if 'nobody' cannot reach
# $STACK_HOME (e.g. a clone under /root), its binaries and data live under /var/tmp instead.
pg_home() {
  if [ "$(id -u)" != 0 ] || as_pg_user test -x "$STACK_DIST/postgres/bin/postgres"; then echo "$STACK_HOME"
  else echo "/var/tmp/omniretail-stack-$(printf %s "$STACK_HOME" | cksum | cut -d' ' -f1)"; fi
}
pg_data() { echo "$(pg_home)/data/postgres"; }
pg_log() { local home; home="$(pg_home)"; if [ "$home" = "$STACK_HOME" ]; then echo "$STACK_LOGS/postgres.log"; else echo "$home/logs/postgres.log"; fi; }
# the binaries: the download itself, or its copy under pg_home when nobody cannot reach the checkout
pg_bin() { local home; home="$(pg_home)"; if [ "$home" = "$STACK_HOME" ]; then echo "$STACK_DIST/postgres/bin"; else echo "$home/dist/postgres/bin"; fi; }
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi
}

start_postgres() {
  local home bin data log
  home="$(pg_home)"; data="$home/data/postgres"; log="$(pg_log)"
  if [ "$home" != "$STACK_HOME" ] && [ ! -x "$home/dist/postgres/bin/postgres" ]; then
    mkdir -p "$home/dist"; cp -a "$STACK_DIST/postgres/." "$home/dist/postgres"; chmod -R o+rX "$home"
  fi
  bin="$(pg_bin)"
  mkdir -p "$STACK_LOGS" "$(dirname "$data")" "$(dirname "$log")"; touch "$log"
  # the server writes its log as 'nobody': outside a checkout nobody cannot enter, linked from the usual place
  [ "$log" = "$STACK_LOGS/postgres.log" ] || ln -sfn "$log" "$STACK_LOGS/postgres.log"
  if [ "$(id -u)" = 0 ]; then chown 65534:65534 "$log" "$(dirname "$data")"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    step "initialising PostgreSQL in $data"
    local pwfile; pwfile="$(dirname "$data")/.pwfile"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"; chmod 644 "$pwfile"
    as_pg_user "$bin/initdb" -D "$data" -U "$POSTGRES_SUPERUSER" --auth=scram-sha-256 --pwfile="$pwfile" \
      -E UTF8 --locale=C >> "$log" 2>&1 || { rm -f "$pwfile"; die "initdb failed (log: $log)"; }
    rm -f "$pwfile"
    # logical WAL for Debezium; connections for 7 services x pool + Connect + registry
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '$STACK_HOST'
unix_socket_directories = ''
wal_level = logical
max_replication_slots = 10
max_wal_senders = 10
max_connections = 200
synchronous_commit = on
# 64 MB, not PostgreSQL's default 128 MB: the pages of the local databases beyond it stay in the OS page cache, which
# the kernel can reclaim, where shared buffers stay resident (ADR 0016)
shared_buffers = 64MB
log_min_messages = warning
# statements per database for make bench-e2e (top level: what the services send)
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
CONF
  fi
  # after a crash (kill -9) the old postmaster may not be reaped yet and its backends may still hold the shared
  # memory: PostgreSQL refuses to start until both are gone, so wait for that instead of failing
  local stale; stale="$(head -n1 "$data/postmaster.pid" 2>/dev/null || true)"
  if [ -n "$stale" ] && ! alive "$stale"; then
    wait_until 20 "the crashed postmaster to be gone" bash -c "! kill -0 $stale 2>/dev/null" \
      || { warn "postmaster $stale was never reaped: removing its pid file"; rm -f "$data/postmaster.pid"; }
  fi
  step "starting PostgreSQL on $STACK_HOST:$POSTGRES_PORT"
  local attempt
  for attempt in 1 2 3 4 5; do
    as_pg_user "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "-p $POSTGRES_PORT" start > /dev/null && break
    [ "$attempt" -lt 5 ] || { tail -n 20 "$log" >&2; die "PostgreSQL did not start (log: $log)"; }
    warn "PostgreSQL did not start yet (attempt $attempt; backends of a crashed server may still be exiting); retrying"
    sleep 2
  done
  ok "postgres ready"
}

stop_postgres() {
  as_pg_user "$(pg_bin)/pg_ctl" -D "$(pg_data)" -m fast -w -t 60 stop > /dev/null
}

# ---------------------------------------------------------------- Kafka (KRaft, broker + controller)
start_kafka() {
  local conf="$STACK_DATA/kafka/server.properties" logs="$STACK_DATA/kafka/logs"
  mkdir -p "$logs"
  cat > "$conf" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$STACK_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$STACK_HOST:$KAFKA_PORT,CONTROLLER://$STACK_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$STACK_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$logs
# topics come from schemas/topics.yaml only
auto.create.topics.enable=false
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# The log cleaner's key map for compacted topics (offsets, Connect's state) is allocated on the heap at start: 128 MB
# by default, sized for production partitions. 16 MB holds about 650,000 keys per cleaning pass (ADR 0016).
log.cleaner.dedupe.buffer.size=16777216
CONF
  local cp="$STACK_DIST/kafka/libs/*"
  local jvm=(-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=30000 -Djava.awt.headless=true
             -Dlog4j2.configurationFile="$REPO_ROOT/tools/stack/conf/log4j2-server.properties")
  if [ ! -f "$logs/meta.properties" ]; then
    step "formatting Kafka storage in $logs"
    "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format \
      -t "$("$JAVA_HOME/bin/java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
      -c "$conf" >> "$STACK_LOGS/kafka.log" 2>&1 || die "Kafka storage format failed (log: $STACK_LOGS/kafka.log)"
  fi
  step "starting Kafka on $KAFKA_BOOTSTRAP_SERVERS"
  launch kafka "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" kafka.Kafka "$conf"
  await kafka 90 port_open "$STACK_HOST" "$KAFKA_PORT"
}

# ---------------------------------------------------------------- Apicurio Registry (Confluent-compatible API)
# health lives on the management interface; the API port must answer too
registry_ready() {
  [ "$(http_status "$STACK_HOST" "$REGISTRY_MANAGEMENT_PORT" /health/ready)" = 200 ] &&
  [ "$(http_status "$STACK_HOST" "$REGISTRY_PORT" /apis/ccompat/v7/subjects)" = 200 ]
}
start_registry() {
  step "starting Apicurio Registry on http://$STACK_HOST:$REGISTRY_PORT (storage: PostgreSQL database 'registry')"
  # Stored in PostgreSQL so that schema ids survive restarts together with the Kafka data that carries them. Clients
  # cache schemas, so the registry sees few requests: a heap that starts small and 2 pooled connections, not the
  # distribution's 20 (each an idle PostgreSQL backend; ADR 0016).
  launch registry "$JAVA_HOME/bin/java" -Xms32m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=30000 \
    -Dapicurio.datasource.jdbc.initial-size=2 -Dapicurio.datasource.jdbc.min-size=2 -Dapicurio.datasource.jdbc.max-size=20 \
    -Dquarkus.http.host="$STACK_HOST" -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host="$STACK_HOST" -Dquarkus.management.port="$REGISTRY_MANAGEMENT_PORT" \
    -Dquarkus.log.level=WARN -Dquarkus.log.category.\"io.apicurio\".level=INFO \
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=postgresql \
    -Dapicurio.datasource.url="jdbc:postgresql://$STACK_HOST:$POSTGRES_PORT/registry" \
    -Dapicurio.datasource.username=registry -Dapicurio.datasource.password="$POSTGRES_PASSWORD" \
    -jar "$STACK_DIST/registry/quarkus-run.jar"
  await registry 120 registry_ready
}

# ---------------------------------------------------------------- Kafka Connect + Debezium
connect_ready() { [ "$(http_status "$STACK_HOST" "$CONNECT_PORT" /connectors)" = 200 ]; }
start_connect() {
  local conf="$STACK_DATA/connect/connect-distributed.properties"
  mkdir -p "$STACK_DATA/connect"
  cat > "$conf" <<CONF
bootstrap.servers=$KAFKA_BOOTSTRAP_SERVERS
group.id=omniretail-connect
listeners=http://$STACK_HOST:$CONNECT_PORT
# CDC topics carry Debezium's JSON envelope; only touchpoint-ingestion reads them (ADR 0004)
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false
config.storage.topic=_connect.configs
offset.storage.topic=_connect.offsets
status.storage.topic=_connect.status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.flush.interval.ms=1000
plugin.path=$STACK_DIST/connect-plugins,$STACK_DIST/connect-converters
plugin.discovery=service_load
# connector JSON files (deploy/connectors) read database coordinates from the environment, as in Kubernetes
config.providers=env
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
CONF
  step "starting Kafka Connect on $KAFKA_CONNECT_URL (plugins: $(ls "$STACK_DIST/connect-plugins" "$STACK_DIST/connect-converters" | grep -v ':$' | tr '\n' ' '))"
  # Connect's live data after a load is about 30 MB, and SerialGC grows the tenured space towards the maximum
  # before it collects it: a 256 MB maximum, not 512 (ADR 0016).
  POS_DB_HOST="$STACK_HOST" POS_DB_PORT="$POSTGRES_PORT" POS_DB_NAME=pos POS_DB_USER=debezium \
  POS_DB_PASSWORD="$POSTGRES_PASSWORD" REGISTRY_URL="http://$STACK_HOST:$REGISTRY_PORT/apis/registry/v2" \
  launch connect "$JAVA_HOME/bin/java" -Xms64m -Xmx256m -XX:MaxNewSize=48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=30000 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$REPO_ROOT/tools/stack/conf/log4j2-server.properties" \
    -cp "$STACK_DIST/connect/libs/*" org.apache.kafka.connect.cli.ConnectDistributed "$conf"
  await connect 120 connect_ready
}

# ---------------------------------------------------------------- Keycloak (OIDC provider, ADR 0017)
# The demo realm (roles associate < manager < admin, one user per role and one without any) is imported on the first
# start, into Keycloak's own PostgreSQL database; later starts keep what an admin changed in it.
keycloak_ready() { [ "$(http_status "$STACK_HOST" "$KEYCLOAK_MANAGEMENT_PORT" /health/ready)" = 200 ]; }
start_keycloak() {
  local home="$STACK_DIST/keycloak"
  mkdir -p "$home/data/import"
  cp "$REPO_ROOT/tools/stack/conf/keycloak/omniretail-realm.json" "$home/data/import/"
  step "starting Keycloak on http://$STACK_HOST:$KEYCLOAK_PORT (realm $KEYCLOAK_REALM, storage: PostgreSQL database 'keycloak')"
  # Built once with its build-time options (fetch.sh), so `start --optimized` skips the re-augmentation. JAVA_OPTS
  # replaces kc.sh's defaults (G1, a heap of 70% of the machine): a small heap, SerialGC and C1 only for one realm and
  # a handful of users (ADR 0016, ADR 0017; docs/benchmarks.md "Issue 10").
  KC_DB_URL="jdbc:postgresql://$STACK_HOST:$POSTGRES_PORT/keycloak" KC_DB_USERNAME=keycloak KC_DB_PASSWORD="$POSTGRES_PASSWORD" \
  KC_DB_POOL_INITIAL_SIZE=1 KC_DB_POOL_MIN_SIZE=1 KC_DB_POOL_MAX_SIZE=10 \
  KC_HTTP_ENABLED=true KC_HTTP_HOST="$STACK_HOST" KC_HTTP_PORT="$KEYCLOAK_PORT" KC_HTTP_MANAGEMENT_PORT="$KEYCLOAK_MANAGEMENT_PORT" \
  KC_HOSTNAME="http://$STACK_HOST:$KEYCLOAK_PORT" KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin KC_BOOTSTRAP_ADMIN_PASSWORD="$POSTGRES_PASSWORD" \
  JAVA_OPTS="-Xms32m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=30000 -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=256m -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8" \
  launch keycloak "$home/bin/kc.sh" start --optimized --import-realm
  await keycloak 180 keycloak_ready
}

stack_cli() { "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$STACK_CLI_JAR" "$@"; }

# ---------------------------------------------------------------- commands
up() {
  require_java
  [ -f "$STACK_CLI_JAR" ] || die "missing $STACK_CLI_JAR: build it first (make up does)"
  "$REPO_ROOT/tools/stack/fetch.sh"
  mkdir -p "$STACK_DATA" "$STACK_LOGS" "$STACK_RUN"
  local t0; t0=$(date +%s)

  if running postgres; then ok "postgres already running"; else start_postgres; started postgres; fi
  step "provisioning databases: $STACK_DATABASES"
  stack_cli provision-databases --jdbc-url "jdbc:postgresql://$STACK_HOST:$POSTGRES_PORT/postgres" \
    --user "$POSTGRES_SUPERUSER" --password "$POSTGRES_PASSWORD" --owner-password "$POSTGRES_PASSWORD" \
    --replication-user debezium --cdc-database pos $STACK_DATABASES
  if running kafka; then ok "kafka already running"; else start_kafka; started kafka; fi
  step "creating topics from schemas/topics.yaml"
  stack_cli create-topics --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" "$CATALOG"
  if running registry; then ok "registry already running"; else start_registry; started registry; fi
  stack_cli configure-registry --url "$SCHEMA_REGISTRY_CCOMPAT_URL" --compatibility BACKWARD
  if running connect; then ok "connect already running"; else start_connect; started connect; fi
  step "demo store POS database and its Debezium connector"
  stack_cli run-sql --jdbc-url "jdbc:postgresql://$STACK_HOST:$POSTGRES_PORT/pos" --user pos --password "$POSTGRES_PASSWORD" \
    "$REPO_ROOT/tools/pos-demo/schema.sql" "$REPO_ROOT/tools/pos-demo/seed.sql"
  stack_cli register-connector --connect-url "$KAFKA_CONNECT_URL" "$REPO_ROOT/deploy/connectors/pos-postgres.json"
  if running keycloak; then ok "keycloak already running"; else start_keycloak; started keycloak; fi
  ok "stack up in $(( $(date +%s) - t0 ))s"
  # each component answered when it started; one busy with a neighbour's start-up (Keycloak's is CPU-heavy) may miss
  # a health check for a few seconds, so the final report waits for all of them before it judges
  wait_until 60 "every component to answer" bash -c "'$REPO_ROOT/tools/stack/stack.sh' status > /dev/null" || true
  status
}

stop_one() {
  local name="$1" pid
  running "$name" || return 0
  if [ "$name" = postgres ]; then stop_postgres; ok "postgres stopped"; return; fi
  pid="$(pid_of "$name")"
  kill -TERM "$pid" 2>/dev/null || true
  wait_until 30 "$name stop" bash -c "source $REPO_ROOT/tools/lib/common.sh; ! alive $pid" || { warn "$name did not stop in 30s: killing"; kill -KILL "$pid" 2>/dev/null || true; }
  rm -f "$(pid_file "$name")"
  ok "$name stopped"
}

down() {
  local names=("$@") i
  [ ${#names[@]} -gt 0 ] || names=("${COMPONENTS[@]}")
  step "stopping: ${names[*]}"
  # reverse start order
  for (( i=${#COMPONENTS[@]}-1; i>=0; i-- )); do
    [[ " ${names[*]} " == *" ${COMPONENTS[$i]} "* ]] && stop_one "${COMPONENTS[$i]}"
  done
  return 0
}

status() {
  local name state all=0
  printf '%-10s %-8s %-8s %s\n' COMPONENT STATE PID ADDRESS
  for name in "${COMPONENTS[@]}"; do
    state=down
    if running "$name"; then
      state=up
      case "$name" in
        registry) registry_ready || state=starting ;;
        connect)  connect_ready  || state=starting ;;
        kafka)    port_open "$STACK_HOST" "$KAFKA_PORT" || state=starting ;;
        keycloak) keycloak_ready || state=starting ;;
      esac
    fi
    [ "$state" = up ] || all=1
    case "$name" in
      postgres) addr="postgresql://$STACK_HOST:$POSTGRES_PORT (databases: $STACK_DATABASES)" ;;
      kafka)    addr="$KAFKA_BOOTSTRAP_SERVERS" ;;
      registry) addr="http://$STACK_HOST:$REGISTRY_PORT  (Confluent API: $SCHEMA_REGISTRY_CCOMPAT_URL)" ;;
      connect)  addr="$KAFKA_CONNECT_URL" ;;
      keycloak) addr="$OIDC_AUTH_SERVER_URL  (admin console: http://$STACK_HOST:$KEYCLOAK_PORT/admin, kcadmin)" ;;
    esac
    printf '%-10s %-8s %-8s %s\n' "$name" "$state" "$(pid_of "$name")" "$addr"
  done
  echo "logs: $STACK_LOGS"
  return $all
}

clean() {
  down
  step "wiping $STACK_DATA, $STACK_LOGS and $STACK_RUN (downloads in $STACK_DIST are kept)"
  rm -rf "$STACK_DATA" "$STACK_LOGS" "$STACK_RUN" "$(pg_home)/data"
  [ "$(pg_home)" = "$STACK_HOME" ] || rm -rf "$(pg_home)/logs"
  ok "clean"
}

cmd="${1:-status}"; shift || true
case "$cmd" in
  up)
    if [ "${1:-}" = --record ]; then RECORD_FILE="$2"; : > "$RECORD_FILE"; fi
    up ;;
  down)   down "$@" ;;
  status) status ;;
  clean)  clean ;;
  *) die "usage: stack.sh up [--record FILE] | down [NAME...] | status | clean" ;;
esac
