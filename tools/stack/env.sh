# The local stack's addresses and folders: sourced by tools/stack/*.sh, the Makefile and CI.
# Everything sits in one dedicated port range (STACK_PORT_BASE, default 29000) so it never collides
# with a developer's own Kafka (9092), PostgreSQL (5432) or registry (8081). Override any variable.

: "${STACK_PORT_BASE:=29000}"
: "${STACK_HOST:=127.0.0.1}"
: "${STACK_HOME:=${REPO_ROOT}/.stack}"

: "${KAFKA_PORT:=$((STACK_PORT_BASE + 92))}"
: "${KAFKA_CONTROLLER_PORT:=$((STACK_PORT_BASE + 93))}"
: "${REGISTRY_PORT:=$((STACK_PORT_BASE + 81))}"
# the registry's Quarkus management interface (health) would otherwise take 0.0.0.0:9000
: "${REGISTRY_MANAGEMENT_PORT:=$((STACK_PORT_BASE + 82))}"
: "${CONNECT_PORT:=$((STACK_PORT_BASE + 83))}"
: "${POSTGRES_PORT:=$((STACK_PORT_BASE + 432))}"
# Keycloak, the local OIDC provider (ADR 0017): the realm's issuer and its management interface (health)
: "${KEYCLOAK_PORT:=$((STACK_PORT_BASE + 180))}"
: "${KEYCLOAK_MANAGEMENT_PORT:=$((STACK_PORT_BASE + 181))}"
: "${KEYCLOAK_REALM:=omniretail}"
# services take STACK_PORT_BASE+101.. (see services.sh); the gateway simulator +110
: "${SERVICE_PORT_BASE:=$((STACK_PORT_BASE + 100))}"

: "${POSTGRES_SUPERUSER:=postgres}"
: "${POSTGRES_PASSWORD:=omniretail}"
# one database (and owner role of the same name) per stateful service, plus the registry's, Keycloak's, the demo POS and the kit's tests
: "${STACK_DATABASES:=customer360 orchestration loyalty promotions notifications returns registry keycloak pos kit}"

export STACK_PORT_BASE STACK_HOST STACK_HOME KAFKA_PORT KAFKA_CONTROLLER_PORT REGISTRY_PORT REGISTRY_MANAGEMENT_PORT CONNECT_PORT \
       KEYCLOAK_PORT KEYCLOAK_MANAGEMENT_PORT KEYCLOAK_REALM POSTGRES_PORT SERVICE_PORT_BASE POSTGRES_SUPERUSER POSTGRES_PASSWORD STACK_DATABASES

# What clients (tests, services, tools) read. Same names in docker-compose.yml and deploy/.
export KAFKA_BOOTSTRAP_SERVERS="${STACK_HOST}:${KAFKA_PORT}"
export SCHEMA_REGISTRY_URL="http://${STACK_HOST}:${REGISTRY_PORT}/apis/registry/v3"
export SCHEMA_REGISTRY_CCOMPAT_URL="http://${STACK_HOST}:${REGISTRY_PORT}/apis/ccompat/v7"
export KAFKA_CONNECT_URL="http://${STACK_HOST}:${CONNECT_PORT}"
export POSTGRES_HOST="${STACK_HOST}"
# the issuer every service checks bearer tokens against (quarkus.oidc.auth-server-url)
export OIDC_AUTH_SERVER_URL="http://${STACK_HOST}:${KEYCLOAK_PORT}/realms/${KEYCLOAK_REALM}"

STACK_DIST="${STACK_HOME}/dist"
STACK_DATA="${STACK_HOME}/data"
STACK_LOGS="${STACK_HOME}/logs"
STACK_RUN="${STACK_HOME}/run"
