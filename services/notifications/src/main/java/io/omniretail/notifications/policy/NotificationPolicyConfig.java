package io.omniretail.notifications.policy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How notifications treat people, as configured in omniretail.notifications.* (application.properties, overridable by
 * environment): languages, quiet hours, frequency caps, send rates, fallback order and the customer's links. Keys of
 * maps are lower case: purposes (marketing, transactional) and channels (sms, email, line, push, chat, voice).
 */
@ConfigMapping(prefix = "omniretail.notifications")
public interface NotificationPolicyConfig {

    /** Languages with templates; any other locale is served in {@link #fallbackLanguage()}. */
    List<String> languages();

    /** The shop's language: a template missing in the customer's language is rendered in it (and counted). */
    String fallbackLanguage();

    /** The shop's zone, for a customer whose profile names none (customer-360 says UTC when it knows nothing). */
    ZoneId defaultTimeZone();

    /** Quiet hours by purpose; a purpose without an entry is never held. */
    Map<String, QuietWindow> quietHours();

    /** Held messages leave over this span after the window opens, not as one burst. */
    @WithDefault("PT30M")
    Duration releaseSpread();

    /** How often held messages that fell due are looked for (a Quarkus scheduler period, e.g. 1s). */
    String releaseEvery();

    /** How often each paced channel's bucket is refilled and its queue drained. */
    @WithDefault("PT0.1S")
    Duration paceTick();

    /** Marketing frequency caps by name (transactional messages are never capped). */
    Map<String, Cap> frequencyCaps();

    /** Per channel: its send rate and sender. */
    Map<String, ChannelConfig> channels();

    /** The channels tried for each purpose, best first, after the requested and the preferred channel. */
    Map<String, List<ContactChannel>> fallbackOrder();

    Links links();

    /** The template catalogue: every template requests may name, with its purpose and sample parameters for previews. */
    Map<String, TemplateConfig> templates();

    interface TemplateConfig {
        ConsentPurpose purpose();

        String description();

        /** Parameters a preview uses when the caller gives none. */
        Map<String, String> sample();
    }

    interface QuietWindow extends Window {
        /** Channels where this purpose is not held (e.g. in-app chat, which the customer opens themselves). */
        Optional<List<ContactChannel>> exemptChannels();

        /** A channel's own window for this purpose (e.g. voice calls: a longer night), by lower-case channel. */
        Map<String, Window> channels();
    }

    interface Window {
        LocalTime start();

        LocalTime end();
    }

    interface Cap {
        int max();

        Duration per();

        /** Only messages on this channel count and are capped; empty: across channels. */
        Optional<ContactChannel> channel();
    }

    interface ChannelConfig {
        /** Dispatches per second for the channel's sender (the carrier's or provider's limit); empty: unpaced. */
        Optional<Double> ratePerSecond();

        /** The sender id, number or account the rate belongs to. */
        Optional<String> sender();
    }

    interface Links {
        /** Where customers reach this service's public links (the preference centre and unsubscribe). */
        String baseUrl();

        /** HMAC key of the links (at least 16 characters); changing it revokes every link sent. */
        String secret();

        @WithDefault("P90D")
        Duration validity();

        /** The version of the consent wording the preference centre shows, kept as evidence with each decision. */
        String consentTextVersion();

    }
}
