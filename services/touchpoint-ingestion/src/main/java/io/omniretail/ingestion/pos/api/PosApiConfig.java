package io.omniretail.ingestion.pos.api;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The POS API as configured in omniretail.pos-api.* (application.properties, overridable by environment). */
@ConfigMapping(prefix = "omniretail.pos-api")
public interface PosApiConfig {

    /** Stores and their API keys: "store-042=key1|key2;store-043=key3" (two keys while one is rotated). */
    String keys();

    /** ISO 3166-1 alpha-2 country phones are read in (stores give national numbers). */
    @WithDefault("JP")
    String defaultCountry();

    /** How long Kafka gets to acknowledge before the answer is 503 with Retry-After. */
    @WithDefault("PT3S")
    Duration publishTimeout();
}
