# omniretail: the two commands are `make run` and `make test`; everything else is for when you need it.
# Maven goes through tools/mvn (finds a JDK 21+); the local stack through tools/stack/stack.sh.
SHELL := /bin/bash
.DEFAULT_GOAL := help
MVN := tools/mvn -B
STACK := tools/stack/stack.sh
STACK_CLI_JAR := tools/stack-cli/target/stack-cli.jar
STACK_CLI_SOURCES := $(shell find tools/stack-cli/src/main schemas/src/main tools/stack-cli/pom.xml schemas/pom.xml platform-bom/pom.xml pom.xml -type f 2>/dev/null)

.PHONY: help run test test-faults build up down status clean nuke deploy-topics dlq-replay quarantine-replay release-schemas bench-producer bench-ingest bench-e2e bench-predictions tap token journey-dry-run shopify-order shopify-refund shopify-webhook pos-sale

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: build up ## build, start the stack (and every service that exists), print what runs where
	@tools/run.sh

test: ## unit + integration tests against the real stack (starts it if needed, stops what it started)
	@tools/test.sh

test-faults: ## kill -9 each component under load and reconcile every effect; 10,000 hostile requests (docs/reliability.md)
	@tools/faults.sh

build: ## compile and package everything (no tests)
	$(MVN) -q package -DskipTests

$(STACK_CLI_JAR): $(STACK_CLI_SOURCES)
	$(MVN) -q -pl tools/stack-cli -am package -DskipTests

up: $(STACK_CLI_JAR) ## start PostgreSQL, Kafka, the registry and Kafka Connect (idempotent)
	@$(STACK) up

down: ## stop the services and the local stack
	@tools/services.sh down
	@$(STACK) down

status: ## what runs, where, and whether it answers
	@$(STACK) status || true
	@tools/services.sh status

clean: ## stop the stack and wipe its data and logs (downloads are kept)
	@$(STACK) clean

nuke: clean ## also delete downloaded servers and build output
	rm -rf .stack
	$(MVN) -q clean

deploy-topics: $(STACK_CLI_JAR) ## regenerate the Strimzi topics and the README topic diagram from the catalog
	@source tools/lib/common.sh && require_java && java -jar $(STACK_CLI_JAR) render-strimzi-topics \
	  --output deploy/base/kafka/topics.generated.yaml schemas/topics.yaml && \
	  java -jar $(STACK_CLI_JAR) render-topic-diagram --readme README.md schemas/topics.yaml

release-schemas: ## record the current schemas as the released baseline of the compatibility gate
	rm -rf schemas/released/*/ && cp -r schemas/src/main/avro/. schemas/released/

bench-producer: up ## Kafka producer throughput for ~1 KB Avro records, acks=all (see docs/benchmarks.md)
	@tools/benchmarks/producer.sh

bench-ingest: build up ## the ingestion edge alone at its peak (Shopify orders, analytics calls and batches), against a bare producer for the same records
	@tools/benchmarks/ingest.sh

bench-e2e: build up ## open-loop orders through every service to the dispatch record, rising rates + 5 min; POS commit → unified
	@tools/benchmarks/e2e.sh

bench-predictions: build ## fit BG/NBD and Gamma-Gamma and score 100k customers drawn from the models (no stack needed)
	@tools/benchmarks/predictions.sh

tap: $(STACK_CLI_JAR) ## decode a topic as JSON lines: make tap TOPIC=retail.touchpoints.v1 [FROM=beginning]
	@source tools/lib/common.sh && source tools/stack/env.sh && require_java && \
	  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar $(STACK_CLI_JAR) tap --bootstrap "$$KAFKA_BOOTSTRAP_SERVERS" \
	  --registry "$$SCHEMA_REGISTRY_URL" --from "$(or $(FROM),end)" "$(TOPIC)"

token: $(STACK_CLI_JAR) ## a demo user's access token: curl -H "Authorization: Bearer $$(make -s token AS=manager)" ...
	@source tools/lib/common.sh && source tools/stack/env.sh && require_java && \
	  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar $(STACK_CLI_JAR) token --issuer "$$OIDC_AUTH_SERVER_URL" \
	  --user "$(or $(AS),associate)" $(if $(PASSWORD),--password "$(PASSWORD)")

journey-dry-run: $(STACK_CLI_JAR) ## a journey over recorded events, nothing sent: make journey-dry-run JOURNEY=welcome [VERSION=1] | FILE=draft.yaml [SINCE=P1D | FROM=.. TO=..] [CUSTOMERS=a,b] [JSON=1]
	@source tools/lib/common.sh && source tools/stack/env.sh && require_java && \
	  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar $(STACK_CLI_JAR) journey-dry-run --issuer "$$OIDC_AUTH_SERVER_URL" \
	  --orchestration "http://$$STACK_HOST:$$(( SERVICE_PORT_BASE + 3 ))" \
	  $(if $(JOURNEY),--journey "$(JOURNEY)") $(if $(VERSION),--version "$(VERSION)") $(if $(FILE),--file "$(abspath $(FILE))") \
	  $(if $(SINCE),--since "$(SINCE)") $(if $(FROM),--from "$(FROM)") $(if $(TO),--to "$(TO)") \
	  $(if $(CUSTOMERS),--customers "$(CUSTOMERS)") $(if $(JSON),--json)

dlq-replay: $(STACK_CLI_JAR) ## after a fix, re-deliver dead letters: make dlq-replay TOPIC=retail.customers.unified.v1 [CONSUMER=loyalty]
	@source tools/lib/common.sh && source tools/stack/env.sh && require_java && \
	  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar $(STACK_CLI_JAR) dlq-replay --bootstrap "$$KAFKA_BOOTSTRAP_SERVERS" \
	  --topic "$(TOPIC)" $(if $(CONSUMER),--consumer "$(CONSUMER)")

quarantine-replay: $(STACK_CLI_JAR) ## after a mapping fix, deliver quarantined Shopify and LINE webhooks to touchpoint-ingestion again, signed like their source
	@source tools/lib/common.sh && source tools/stack/env.sh && require_java && \
	  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar $(STACK_CLI_JAR) quarantine-replay --bootstrap "$$KAFKA_BOOTSTRAP_SERVERS" \
	  --ingestion-url "$(or $(URL),http://$$STACK_HOST:$$((SERVICE_PORT_BASE + 1)))" \
	  --shopify-secrets "$${SHOPIFY_WEBHOOK_SECRETS:-demo-shop.myshopify.com=demo-shop-secret}" \
	  --line-secrets "$${LINE_CHANNEL_SECRETS:-demo=demo-line-channel-secret}"

shopify-order: ## post the signed sample orders/create webhook to touchpoint-ingestion
	@source tools/lib/common.sh && require_java && java tools/shopify/PostWebhook.java tools/shopify/samples/orders-create.json

shopify-refund: ## post the signed sample refunds/create webhook (refunds the sample order)
	@source tools/lib/common.sh && require_java && java tools/shopify/PostWebhook.java tools/shopify/samples/refunds-create.json

shopify-webhook: ## post any signed sample of tools/shopify/samples, e.g. make shopify-webhook SAMPLE=fulfillments-update-failure
	@test -n "$(SAMPLE)" || { echo "usage: make shopify-webhook SAMPLE=<file in tools/shopify/samples without .json>"; ls tools/shopify/samples | sed -n 's/\.json$$//p'; exit 2; }
	@source tools/lib/common.sh && require_java && java tools/shopify/PostWebhook.java tools/shopify/samples/$(SAMPLE).json

pos-sale: $(STACK_CLI_JAR) ## ring up a sale with two lines at store-042 for loyalty card 4900000000017
	@source tools/lib/common.sh && source tools/stack/env.sh && require_java && java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
	  -jar $(STACK_CLI_JAR) run-sql --jdbc-url "jdbc:postgresql://$$STACK_HOST:$$POSTGRES_PORT/pos" --user pos \
	  --password "$$POSTGRES_PASSWORD" tools/pos-demo/sample-sale.sql
