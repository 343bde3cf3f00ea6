#!/usr/bin/env bash
# make test-faults: the whole fault suite (every stateful service, the broker, Kafka Connect and PostgreSQL killed
# with SIGKILL under load, restarted by the project's scripts, every input reconciled) and 10,000 seeded hostile
# requests, against the stack and services started here (or already running). Rewrites docs/reliability.md.
#   FAULTS=a,b  FAULT_ORDERS=N  HOSTILE_REQUESTS=N  to change the run
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"
require_java
cd "$REPO_ROOT"

: "${FAULTS:=touchpoint-ingestion,customer-360,orchestration,loyalty,promotions,notifications,returns,kafka,connect,postgres}"
: "${FAULT_ORDERS:=60}"
: "${HOSTILE_REQUESTS:=10000}"

step "building"
tools/mvn -q -B install -DskipTests
tools/stack/stack.sh up
tools/services.sh up

report="$REPO_ROOT/docs/reliability.md"
# the revision measured, read before this run rewrites the report itself
revision="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':(exclude)docs/reliability.md' || echo ' (with uncommitted changes)')"
cat > "$report" <<MD
# Reliability

Written by \`make test-faults\` (tools/faults.sh); \`make test\` runs a smaller version of the same suites on every
change (faults: customer-360, kafka, postgres; 3,000 hostile requests). Every component runs co-located on one
machine; each fault is a SIGKILL in the middle of a load of fresh orders (8/s), refunds and POS sales, followed by the
project's own script (\`tools/services.sh up\` or \`tools/stack/stack.sh up\`). "Effects" counts what the service
databases hold for the acknowledged inputs: a profile, the points entry, the welcome coupon and the thank-you per
purchase, the reversal and the return case per refund. "Recovery" is from the kill until every acknowledged input
had all its effects; "slowest webhook answer" is the longest the edge took to answer (acknowledged or not) during
the fault (Shopify waits 5 s).

- date: $(date -u +%Y-%m-%dT%H:%MZ)
- git revision: ${revision}
- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)
- load per fault: ${FAULT_ORDERS} orders
MD

step "fault suite ($FAULTS) and $HOSTILE_REQUESTS hostile requests"
tools/mvn -B -pl tools/end-to-end verify -DskipITs=false -Dit.test='FaultSuiteE2EIT,HostileRequestsE2EIT' \
  -Dfaults="$FAULTS" -Dfaults.orders="$FAULT_ORDERS" -Dhostile.requests="$HOSTILE_REQUESTS" -Dreliability.report="$report"
ok "report: $report"
