package io.omniretail.notifications.preferences;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.kit.persistence.audit.AboutCustomer;
import io.omniretail.notifications.recipient.Recipient;
import io.omniretail.notifications.recipient.RecipientConsent;
import io.smallrye.mutiny.Uni;

/**
 * What the preference centre shows: for each channel, whether we can reach the customer there, and their transactional
 * and marketing decisions with when they took them (null: never decided; marketing then does not go). Addresses are
 * not shown: the customer's link can be forwarded.
 */
public record Preferences(String customerId, String timeZone, String locale, ContactChannel preferredChannel,
        List<ChannelPreference> channels, String consentTextVersion) implements AboutCustomer {

    public record ChannelPreference(ContactChannel channel, boolean reachable, Boolean transactional, Boolean marketing,
            Instant decidedAt) {
    }

    static final List<ContactChannel> CHANNELS = List.of(ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.LINE,
            ContactChannel.PUSH, ContactChannel.CHAT, ContactChannel.VOICE);

    public static Uni<Preferences> of(Recipient recipient, ZoneId zone, String consentTextVersion) {
        return RecipientConsent.<RecipientConsent>list("key.customerId", recipient.customerId).map(consents -> {
            Map<ContactChannel, List<RecipientConsent>> byChannel = consents.stream().collect(Collectors.groupingBy(c -> c.key.channel()));
            List<ChannelPreference> channels = CHANNELS.stream().map(channel -> {
                List<RecipientConsent> decided = byChannel.getOrDefault(channel, List.of());
                return new ChannelPreference(channel, recipient.addressFor(channel) != null, decision(decided, ConsentPurpose.TRANSACTIONAL),
                        decision(decided, ConsentPurpose.MARKETING),
                        decided.stream().map(c -> c.decidedAt).max(Instant::compareTo).orElse(null));
            }).toList();
            return new Preferences(recipient.customerId, zone.getId(), recipient.locale, recipient.preferredChannel, channels,
                    consentTextVersion);
        });
    }

    private static Boolean decision(List<RecipientConsent> decided, ConsentPurpose purpose) {
        return Stream.ofNullable(decided).flatMap(List::stream).filter(c -> c.key.purpose() == purpose).map(c -> c.granted)
                .findFirst().orElse(null);
    }
}
