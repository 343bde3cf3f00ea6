package io.omniretail.notifications.policy;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The configured rules ({@link NotificationPolicyConfig}) as the pure rule classes take them; checked at start. */
@ApplicationScoped
public class NotificationPolicy {

    private final NotificationPolicyConfig config;
    private final List<FrequencyCap> caps;

    @Inject
    public NotificationPolicy(NotificationPolicyConfig config) {
        this.config = config;
        this.caps = config.frequencyCaps().entrySet().stream()
                .map(e -> new FrequencyCap(e.getKey(), e.getValue().max(), e.getValue().per(), e.getValue().channel())).toList();
        config.quietHours().values().forEach(w -> { // fails the start on a zero-length window
            new QuietHours(w.start(), w.end());
            w.channels().values().forEach(c -> new QuietHours(c.start(), c.end()));
        });
    }

    /** The quiet window of a purpose on a channel; empty when messages of that purpose may go at any hour there. */
    public Optional<QuietHours> quietHours(ConsentPurpose purpose, ContactChannel channel) {
        var window = config.quietHours().get(key(purpose == ConsentPurpose.TRANSACTIONAL ? purpose : ConsentPurpose.MARKETING));
        if (window == null || window.exemptChannels().orElse(List.of()).contains(channel)) {
            return Optional.empty();
        }
        NotificationPolicyConfig.Window own = window.channels().getOrDefault(key(channel), window);
        return Optional.of(new QuietHours(own.start(), own.end()));
    }

    /** Marketing caps; transactional messages are never capped. */
    public List<FrequencyCap> caps(ConsentPurpose purpose) {
        return purpose == ConsentPurpose.TRANSACTIONAL ? List.of() : caps;
    }

    public List<ContactChannel> fallbackOrder(ConsentPurpose purpose) {
        return config.fallbackOrder().getOrDefault(key(purpose == ConsentPurpose.TRANSACTIONAL ? purpose : ConsentPurpose.MARKETING),
                List.of(ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.LINE));
    }

    /** Dispatches per second on a channel, when its provider sets a pace. */
    public Optional<Double> rate(ContactChannel channel) {
        return Optional.ofNullable(config.channels().get(key(channel))).flatMap(NotificationPolicyConfig.ChannelConfig::ratePerSecond)
                .filter(rate -> rate > 0);
    }

    public Optional<String> sender(ContactChannel channel) {
        return Optional.ofNullable(config.channels().get(key(channel))).flatMap(NotificationPolicyConfig.ChannelConfig::sender);
    }

    public ZoneId shopZone() {
        return config.defaultTimeZone();
    }

    public java.time.Duration releaseSpread() {
        return config.releaseSpread();
    }

    private static String key(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
