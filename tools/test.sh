#!/usr/bin/env bash
# make test: unit and integration tests against the real stack, then the end-to-end suite with every service
# running as its own process. Starts the stack when it is not running and stops, at the end, only what it
# started itself (a stack you started by hand stays up).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"
require_java
cd "$REPO_ROOT"
t0=$(date +%s)

if tools/services.sh status 2>/dev/null | grep -qE " (up|starting) "; then
  die "services started by 'make run' are running: stop them first (tools/services.sh down); the tests' own service instances must not share their consumer groups"
fi

step "building the stack tooling"
tools/mvn -q -B -pl tools/stack-cli -am package -DskipTests

started="$(mktemp)"
cleanup() {
  tools/services.sh down > /dev/null 2>&1 || true
  if [ -s "$started" ]; then tools/stack/stack.sh down $(cat "$started") || true; fi
  rm -f "$started"
}
trap cleanup EXIT
tools/stack/stack.sh up --record "$started"

step "unit and integration tests of every module (mvnw install)"
tools/mvn -B install "$@"

step "end-to-end: every service as a process against the same stack"
tools/services.sh up
tools/mvn -B -pl tools/end-to-end verify -DskipITs=false "$@"
ok "make test passed in $(( $(date +%s) - t0 ))s"
