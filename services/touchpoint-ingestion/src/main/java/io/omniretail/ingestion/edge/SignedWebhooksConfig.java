package io.omniretail.ingestion.edge;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The platform's own signed webhooks ({@link TimestampedSignature}) for senders without a signing scheme of their own:
 * chat and contact-centre platforms, survey and review tools. Configured in omniretail.signed-webhooks.*.
 */
@ConfigMapping(prefix = "omniretail.signed-webhooks")
public interface SignedWebhooksConfig {

    /** Chat and contact-centre senders and their secrets, "zendesk=secret1|secret2;genesys=secret3" (/webhooks/chat/zendesk). */
    @WithDefault("")
    String chatSecrets();

    /** Survey and review senders and their secrets, "delighted=secret" (/webhooks/surveys/delighted). */
    @WithDefault("")
    String surveySecrets();

    /** How far the signed timestamp may be from now: a captured request replays for no longer (Stripe's default). */
    @WithDefault("PT5M")
    Duration tolerance();

    @WithDefault("262144")
    int maxBodyBytes();

    @WithDefault("PT3S")
    Duration publishTimeout();
}
