#!/usr/bin/env bash
# make run: the stack is up (make ran `build` and `up` first); start every service that exists and say where
# everything is.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"

# the first run of a build records each service's AOT cache (written at `make down`), which later starts load
SERVICE_AOT=train "$REPO_ROOT/tools/services.sh" up

cat <<INFO

${_B}omniretail is running${_N}
  Kafka bootstrap       $KAFKA_BOOTSTRAP_SERVERS
  Schema registry       http://$STACK_HOST:$REGISTRY_PORT   (Confluent API: $SCHEMA_REGISTRY_CCOMPAT_URL)
  Kafka Connect         $KAFKA_CONNECT_URL/connectors
  PostgreSQL            $STACK_HOST:$POSTGRES_PORT  user $POSTGRES_SUPERUSER / $POSTGRES_PASSWORD
  Keycloak (OIDC)       $OIDC_AUTH_SERVER_URL   (admin console http://$STACK_HOST:$KEYCLOAK_PORT/admin: kcadmin / $POSTGRES_PASSWORD)
  Logs                  $STACK_LOGS


${_B}demo logins${_N} (realm $KEYCLOAK_REALM; every REST API needs one of these roles, webhooks their signatures)
  associate / associate-demo   customer view and timeline, notes and tags, one-to-one messages, coupons, loyalty, return requests
  manager   / manager-demo     + assigning associates, return approvals and refunds, campaigns
  admin     / admin-demo       + journey instances, trait refresh, erase and export, access audit
  guest     / guest-demo       logged in, no platform role (every API answers 403)

${_B}services${_N}
$("$REPO_ROOT/tools/services.sh" status)

${_B}try it${_N}
  Online order (signed Shopify webhook):   make shopify-order
  Refund of that order:                    make shopify-refund
  Store sale through the POS database:     make pos-sale        (Debezium -> the same customer)
  What the customer was sent:              http://$STACK_HOST:$((SERVICE_PORT_BASE + 10))/gateway/messages
  The customer (single view, as associate): curl -H "Authorization: Bearer \$(make -s token AS=associate)" \\
                                             'http://$STACK_HOST:$((SERVICE_PORT_BASE + 2))/customers?type=EMAIL&value=hana.yamada@example.jp'
  Tap a topic:                             make tap TOPIC=retail.notifications.dispatch.email.v1 FROM=beginning
  Status / stop:                           make status / make down
INFO
