package io.omniretail.ingestion.line;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** LINE Messaging API webhooks and account linking, as configured in omniretail.line.*. */
@ConfigMapping(prefix = "omniretail.line")
public interface LineConfig {

    /**
     * The retailer's LINE channels (official accounts) and their channel secrets, "main=secret1|secret2;jp-stores=secret3";
     * the channel name is the last segment of the webhook URL ({@code /webhooks/line/main}).
     */
    String channelSecrets();

    /** Key of the account-link nonces (HMAC-SHA256, at least 32 characters); unset, account linking is off. */
    Optional<String> linkSecret();

    /** How long an account-link nonce stays valid (LINE's link token itself lives 10 minutes). */
    @WithDefault("PT10M")
    Duration linkNonceTtl();

    /** LINE sends at most a few events per delivery; 1 MB leaves ample room (larger: 413). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How long Kafka gets to acknowledge before the answer is 503 (LINE redelivers when redelivery is on). */
    @WithDefault("PT3S")
    Duration publishTimeout();
}
