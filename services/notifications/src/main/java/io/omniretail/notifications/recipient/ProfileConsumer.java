package io.omniretail.notifications.recipient;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.customer.ChannelConsent;
import io.omniretail.events.customer.CustomerIdentifier;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.IdentifierType;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.notifications.dispatch.NotificationDispatcher;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps each customer's addresses, language, time zone and consents from the compacted profiles topic, and sends
 * what waited for the profile, under the customer's {@link NotificationDispatcher#RECIPIENT_LOCKS} lock, which the
 * kit's EventProcessor takes before {@link #apply} runs (why: see NotificationDispatcher). A tombstone (a customer
 * merged away or erased) and an erased profile delete that customer's addresses and consents here too.
 */
@ApplicationScoped
public class ProfileConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    NotificationDispatcher dispatcher;

    @Incoming("profiles")
    public Uni<Void> consume(KafkaRecordBatch<String, CustomerProfile> batch) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(NotificationDispatcher.RECIPIENT_LOCKS,
                CustomerProfile::getCustomerId), this::apply, this::delete);
    }

    Uni<Void> delete(String customerId) {
        return RecipientConsent.delete("key.customerId", customerId)
                .chain(() -> Recipient.deleteById(customerId)).replaceWithVoid();
    }

    Uni<Void> apply(CustomerProfile profile) {
        if (profile.getErased()) {
            return delete(profile.getCustomerId()); // the erased profile before its tombstone: nothing of it is kept
        }
        return Recipient.<Recipient>findById(profile.getCustomerId()).chain(existing -> {
            if (existing != null && existing.profileVersion > profile.getVersion()) {
                return Uni.createFrom().voidItem(); // an older version replayed: keep the newer one
            }
            Recipient recipient = existing != null ? existing : new Recipient();
            recipient.customerId = profile.getCustomerId();
            recipient.firstName = profile.getFirstName();
            recipient.lastName = profile.getLastName();
            recipient.locale = profile.getLocale();
            recipient.timeZone = profile.getTimeZone();
            recipient.preferredChannel = profile.getPreferredChannel();
            recipient.email = profile.getEmails().isEmpty() ? null : profile.getEmails().get(0);
            recipient.phone = profile.getPhones().isEmpty() ? null : profile.getPhones().get(0);
            recipient.lineUserId = identifier(profile, IdentifierType.LINE_USER_ID);
            recipient.pushToken = identifier(profile, IdentifierType.PUSH_TOKEN);
            recipient.accountId = identifier(profile, IdentifierType.ACCOUNT_ID);
            recipient.profileVersion = profile.getVersion();
            recipient.updatedAt = Instant.now();
            Uni<?> saved = existing != null ? Uni.createFrom().item(recipient) : recipient.persist();
            return saved.chain(() -> RecipientConsent.<RecipientConsent>list("key.customerId", profile.getCustomerId()))
                    .chain(known -> Multi.createFrom().iterable(profile.getConsents())
                            .onItem().transformToUniAndConcatenate((ChannelConsent c) -> apply(profile.getCustomerId(), c, known))
                            .collect().last())
                    .chain(() -> dispatcher.resumeAwaiting(recipient, profile.getMetadata()));
        });
    }

    /**
     * The profile's decision unless one taken later is known here: a preference changed in this service applies at once
     * and reaches the profile only after customer-360 has recorded it, so profiles published meanwhile carry the older
     * decision.
     */
    private static Uni<Void> apply(String customerId, ChannelConsent consent, List<RecipientConsent> known) {
        RecipientConsent.Key key = new RecipientConsent.Key(customerId, consent.getChannel(), consent.getPurpose());
        RecipientConsent existing = known.stream().filter(k -> k.key.equals(key)).findFirst().orElse(null);
        if (existing == null) {
            return RecipientConsent.of(customerId, consent.getChannel(), consent.getPurpose(), consent.getGranted(), consent.getUpdatedAt())
                    .persist().replaceWithVoid();
        }
        if (!consent.getUpdatedAt().isBefore(existing.decidedAt)) {
            existing.granted = consent.getGranted();
            existing.decidedAt = consent.getUpdatedAt();
        }
        return Uni.createFrom().voidItem();
    }

    private static String identifier(CustomerProfile profile, IdentifierType type) {
        return profile.getIdentifiers().stream().filter(id -> id.getType() == type).map(CustomerIdentifier::getValue)
                .findFirst().orElse(null);
    }
}
