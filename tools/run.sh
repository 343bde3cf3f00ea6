#!/usr/bin/env bash
# make run: the stack is up (make ran `build` and `up` first); start every service that exists and say where
# everything is.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"

if [ -x "$REPO_ROOT/tools/services.sh" ]; then "$REPO_ROOT/tools/services.sh" up; fi

cat <<INFO

${_B}omniretail is running${_N}
  Kafka bootstrap       $KAFKA_BOOTSTRAP_SERVERS
  Schema registry       http://$STACK_HOST:$REGISTRY_PORT   (Confluent API: $SCHEMA_REGISTRY_CCOMPAT_URL)
  Kafka Connect         $KAFKA_CONNECT_URL/connectors
  PostgreSQL            $STACK_HOST:$POSTGRES_PORT  user $POSTGRES_SUPERUSER / $POSTGRES_PASSWORD
  Logs                  $STACK_LOGS

  Tap a topic:          make tap TOPIC=retail.touchpoints.v1 FROM=beginning
  Status / stop:        make status / make down
INFO
