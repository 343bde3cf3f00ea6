#!/usr/bin/env bash
# make bench-e2e: every service running (started if needed, as make run does), open-loop Shopify orders at rising
# rates through the whole chain to the e-mail dispatch record, a confirmation run at the highest sustained rate, and
# POS commits to the unified stream. Appends the result and the memory table to docs/benchmarks.md.
#   BENCH_RATES=25,50,100  BENCH_STEP_SECONDS=30  BENCH_CONFIRM_SECONDS=300 (0: none)  BENCH_POS_RATE=20
#   BENCH_WARMUP_SECONDS=90 (20 orders/s first, not reported: JIT warm-up of eight JVMs)
set -euo pipefail
source "$(dirname "$0")/report.sh"
tools/services.sh up
out="$(mktemp -d)"
"$JAVA_HOME/bin/java" -Xmx1g -Dbench.rates="${BENCH_RATES:-25,50,100,200,300,500,750,1000}" \
  -Dbench.step-seconds="${BENCH_STEP_SECONDS:-30}" -Dbench.confirm-seconds="${BENCH_CONFIRM_SECONDS:-300}" \
  -Dbench.statements-url="jdbc:postgresql://$STACK_HOST:$POSTGRES_PORT/postgres" -Dbench.statements-user="$POSTGRES_SUPERUSER" \
  -Dbench.pos-rate="${BENCH_POS_RATE:-20}" -Dbench.warmup-seconds="${BENCH_WARMUP_SECONDS:-90}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp tools/benchmarks/target/benchmarks.jar io.omniretail.tools.bench.EndToEndBenchmark \
  "http://$STACK_HOST:$((SERVICE_PORT_BASE + 1))" "$KAFKA_BOOTSTRAP_SERVERS" "$SCHEMA_REGISTRY_URL" \
  "jdbc:postgresql://$STACK_HOST:$POSTGRES_PORT/pos" pos "$POSTGRES_PASSWORD" tools/shopify/samples "$out/table.md" \
  "$STACK_RUN" "$STACK_DATA/postgres"
tools/benchmarks/memory.sh > "$out/memory.md"
append_result "Whole chain (make bench-e2e)" "make bench-e2e" "$out/table.md" "$out/memory.md"
