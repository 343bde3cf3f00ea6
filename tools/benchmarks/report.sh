# Sourced by the bench-* scripts: the stack's coordinates, the benchmark jar built, where a result was measured, and
# appending it to docs/benchmarks.md.
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"
require_java
cd "$REPO_ROOT"
# quarkus.build.skip: the benchmark needs customer-360's classes, not a repackaged service; repackaging would replace
# the jars of a running service and, with them, the key of its AOT cache (tools/services.sh)
tools/mvn -q -B -pl tools/benchmarks -am package -DskipTests -Dquarkus.build.skip=true

# machine_line: cores, memory, CPU, JDK and date of this run
machine_line() {
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
}

# append_result <title> <command> <table-file> [memory-file]: a dated, attributed section at the end of docs/benchmarks.md
append_result() {
  local title="$1" command="$2" table="$3" memory="${4:-}" revision
  revision="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  # the report file itself does not count: an earlier benchmark of the same session may just have appended to it
  git -C "$REPO_ROOT" diff --quiet HEAD -- . ':!docs/benchmarks.md' 2>/dev/null || revision="$revision (with uncommitted changes)"
  {
    echo
    echo "### $title: $(date -u '+%F %H:%M') UTC, revision $revision"
    echo
    echo "\`$command\` on $(machine_line); the stack, the services and the load generator share the machine."
    echo
    cat "$table"
    if [ -n "$memory" ]; then
      echo
      echo "Resident memory right after the run (\`tools/benchmarks/memory.sh\`):"
      echo
      cat "$memory"
    fi
  } >> "$REPO_ROOT/docs/benchmarks.md"
  ok "appended to docs/benchmarks.md"
}
