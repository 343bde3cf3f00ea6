#!/usr/bin/env bash
# make bench-producer: raw Kafka producer throughput for ~1 KB Avro records with acks=all against the local
# stack (which make starts first). Prints the machine it ran on; copy the result into docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"
require_java
cd "$REPO_ROOT"
tools/mvn -q -B -pl tools/benchmarks -am package -DskipTests
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(date -u +%F)"
"$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -Dbench.compression="${BENCH_COMPRESSION:-none}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar tools/benchmarks/target/benchmarks.jar \
  "$KAFKA_BOOTSTRAP_SERVERS" "$SCHEMA_REGISTRY_URL" "${BENCH_RECORDS:-300000}" "${BENCH_MODE:-both}"
