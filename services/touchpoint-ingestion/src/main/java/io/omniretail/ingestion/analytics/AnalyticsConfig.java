package io.omniretail.ingestion.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The analytics events API (Segment / RudderStack tracking spec) as configured in omniretail.analytics.*. */
@ConfigMapping(prefix = "omniretail.analytics")
public interface AnalyticsConfig {

    /** Sources and their write keys: "web=key1|key2;ios-app=key3" (two keys while one is rotated). */
    String writeKeys();

    /**
     * Sources that call from the retailer's own servers: their userId is asserted by a login, so it is a verified
     * identifier. A browser's or an app's write key is public, so their calls never are.
     */
    Optional<List<String>> trustedSources();

    /** Segment's limits: 32 KB a call, 500 KB a batch (larger: 413 problem+json). */
    @WithDefault("32768")
    int maxEventBytes();

    @WithDefault("512000")
    int maxBatchBytes();

    /** Currency of product prices whose event names none; country phones in traits are read in. */
    @WithDefault("JPY")
    String defaultCurrency();

    @WithDefault("JP")
    String defaultCountry();

    /** How long Kafka gets to acknowledge before the answer is 503 with Retry-After (the SDKs retry). */
    @WithDefault("PT3S")
    Duration publishTimeout();
}
