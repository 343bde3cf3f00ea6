package io.omniretail.testing;

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

    public static String kafkaConnectUrl() {
        return setting("KAFKA_CONNECT_URL", "http://127.0.0.1:29083");
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
