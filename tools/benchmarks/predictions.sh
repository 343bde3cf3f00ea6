#!/usr/bin/env bash
# make bench-predictions: the time to fit the customer-base models (BG/NBD, Gamma-Gamma) and score 100k customers with
# customer-360's own classes, no stack needed; appended to docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/report.sh"
out="$(mktemp -d)"
"$JAVA_HOME/bin/java" -Xmx1g -cp "tools/benchmarks/target/benchmarks.jar:$(ls services/customer-360/target/customer-360-*.jar | head -1)" \
  io.omniretail.tools.bench.PredictionBenchmark "${BENCH_CUSTOMERS:-100000}" "${BENCH_RUNS:-3}" "$out/table.md"
append_result "Customer-base models: fit and score (make bench-predictions)" "make bench-predictions" "$out/table.md"
