#!/usr/bin/env bash
# make test: unit and integration tests against the real stack. Starts the stack when it is not running and
# stops, at the end, only what it started itself (a stack you started by hand stays up).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"
require_java
cd "$REPO_ROOT"
t0=$(date +%s)

step "building the stack tooling"
tools/mvn -q -B -pl tools/stack-cli -am package -DskipTests

started="$(mktemp)"
stop_started() {
  if [ -s "$started" ]; then tools/stack/stack.sh down $(cat "$started") || true; fi
  rm -f "$started"
}
trap stop_started EXIT
tools/stack/stack.sh up --record "$started"

step "unit and integration tests (mvnw verify)"
tools/mvn -B verify "$@"
ok "make test passed in $(( $(date +%s) - t0 ))s"
