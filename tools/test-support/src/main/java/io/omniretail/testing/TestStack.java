package io.omniretail.testing;

import java.util.Map;

/**
 * Addresses of the real stack the integration tests run against. They come from the environment that
 * tools/stack/env.sh exports (make test sources it), so the same tests run against any stack: the local one,
 * docker-compose, or a cluster. Defaults are the local stack's default ports.
 */
public final class TestStack {

    private TestStack() {
    }

    public static String kafkaBootstrapServers() {
        return setting("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092");
    }

    /** Apicurio core API, used by the Apicurio serdes. */
    public static String registryUrl() {
        return setting("SCHEMA_REGISTRY_URL", "http://127.0.0.1:29081/apis/registry/v3");
    }

    /** The Confluent-compatible API of the same registry. */
    public static String registryCcompatUrl() {
        return setting("SCHEMA_REGISTRY_CCOMPAT_URL", "http://127.0.0.1:29081/apis/ccompat/v7");
    }

    /**
     * The platform's Avro serde settings (ADR 0003, as service-kit configures the services): Confluent wire format
     * with the content id, no headers, self-contained schemas, generated classes on read.
     */
    public static Map<String, Object> avroSerde() {
        return Map.of(
                "apicurio.registry.url", registryUrl(),
                "apicurio.registry.auto-register", true,
                "apicurio.registry.headers.enabled", false,
                "apicurio.registry.use-id", "contentId",
                "apicurio.registry.dereference-schema", true,
                "apicurio.registry.use-specific-avro-reader", true);
    }

    public static String kafkaConnectUrl() {
        return setting("KAFKA_CONNECT_URL", "http://127.0.0.1:29083");
    }

    /** The issuer of the services' bearer tokens: the local stack's Keycloak realm (ADR 0017). */
    public static String oidcIssuer() {
        return setting("OIDC_AUTH_SERVER_URL", "http://127.0.0.1:29180/realms/omniretail");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + setting("POSTGRES_HOST", "127.0.0.1") + ":" + setting("POSTGRES_PORT", "29432")
                + "/" + database;
    }

    public static String postgresPassword() {
        return setting("POSTGRES_PASSWORD", "omniretail");
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
