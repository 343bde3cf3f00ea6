#!/usr/bin/env bash
# make bench-ingest: touchpoint-ingestion's edge alone (publishing to a scratch topic so the rest of the platform
# never sees the load) for Shopify orders, single analytics track calls and analytics batches, each against a bare
# Kafka producer for the same records. The other services
# are stopped for the run (make run starts them again). Appends the result to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/report.sh"
topic="bench.ingest.touchpoints.$(date +%s)"
step "stopping the services; starting touchpoint-ingestion alone, publishing to $topic"
tools/services.sh down >/dev/null
trap 'tools/services.sh down >/dev/null' EXIT
MP_MESSAGING_OUTGOING_TOUCHPOINTS_TOPIC="$topic" POS_CAPTURE_ENABLED=false tools/services.sh up touchpoint-ingestion
out="$(mktemp -d)"
"$JAVA_HOME/bin/java" -Xmx2g -Dbench.seconds="${BENCH_SECONDS:-20}" -Dbench.connections="${BENCH_CONNECTIONS:-32}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "tools/benchmarks/target/benchmarks.jar:$(ls services/service-kit/target/service-kit-*.jar | head -1)" io.omniretail.tools.bench.IngestBenchmark \
  "http://$STACK_HOST:$((SERVICE_PORT_BASE + 1))" "$KAFKA_BOOTSTRAP_SERVERS" "$SCHEMA_REGISTRY_URL" \
  "$topic" tools/shopify/samples tools/analytics/samples "$out/table.md"
tools/benchmarks/memory.sh > "$out/memory.md"
append_result "Ingestion edge: Shopify orders and analytics events (make bench-ingest)" "make bench-ingest" "$out/table.md" "$out/memory.md"
