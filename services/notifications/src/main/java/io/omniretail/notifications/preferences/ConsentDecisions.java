package io.omniretail.notifications.preferences;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.omniretail.events.Topics;
import io.omniretail.events.customer.ConsentDecision;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ConsentSource;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.notifications.dispatch.NotificationDispatcher;
import io.omniretail.notifications.policy.NotificationPolicy;
import io.omniretail.notifications.policy.NotificationPolicyConfig;
import io.omniretail.notifications.recipient.Recipient;
import io.omniretail.notifications.recipient.RecipientConsent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;

/**
 * Records a customer's consent decisions taken here (preference centre, one-click unsubscribe, staff on the customer's
 * word): they apply to this service's copy at once (the next message already obeys), and go to customer-360, the owner
 * of consent, as ConsentDecisions with their evidence (source, time, text version, actor) in the same transaction's
 * outbox; the profile it then publishes carries them back. Runs under the customer's recipient lock, like requests
 * and profiles, in the caller's transaction. A decision's event id derives from the customer, channel, purpose and
 * time, so a retried transaction publishes the same event.
 */
@ApplicationScoped
public class ConsentDecisions {

    /** One decision: the customer's consent for a channel and purpose, given or withdrawn. */
    public record Change(@NotNull ContactChannel channel, @NotNull ConsentPurpose purpose, boolean granted) {
    }

    @Inject
    AdvisoryLocks locks;
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    NotificationPolicy policy;
    @Inject
    NotificationPolicyConfig config;

    /** What the preference centre shows of a customer; 404 problem when notifications has no profile of them. */
    public Uni<Preferences> preferences(String customerId) {
        return Recipient.required(customerId).chain(this::preferences);
    }

    /** Applies the changes; the customer's preferences after them; 404 problem when notifications has no profile of them. */
    public Uni<Preferences> record(String customerId, List<Change> changes, ConsentSource source, String textVersion, String actor) {
        Instant now = clock.instant();
        return locks.lockForTransaction(NotificationDispatcher.RECIPIENT_LOCKS, customerId)
                .chain(() -> Recipient.required(customerId))
                .call(recipient -> Multi.createFrom().iterable(changes)
                        .onItem().transformToUniAndConcatenate(change -> apply(customerId, change, now)
                                .chain(() -> outbox.enqueue(Topics.NOTIFICATIONS_CONSENTS, customerId, ConsentDecision.newBuilder()
                                        .setMetadata(EventMetadataFactory.origin(EventMetadataFactory.derivedId("consent", customerId,
                                                change.channel().name(), change.purpose().name(), Long.toString(now.toEpochMilli())),
                                                now, "notifications:" + source.name().toLowerCase()))
                                        .setCustomerId(customerId).setChannel(change.channel()).setPurpose(change.purpose())
                                        .setGranted(change.granted()).setDecidedAt(now).setSource(source)
                                        .setTextVersion(textVersion).setActor(actor).build())))
                        .collect().last())
                .chain(this::preferences);
    }

    private Uni<Preferences> preferences(Recipient recipient) {
        return Preferences.of(recipient, recipient.zone(policy.shopZone()), config.links().consentTextVersion());
    }

    private static Uni<Void> apply(String customerId, Change change, Instant now) {
        return RecipientConsent.<RecipientConsent>findById(new RecipientConsent.Key(customerId, change.channel(), change.purpose()))
                .chain(existing -> {
                    if (existing == null) {
                        return RecipientConsent.of(customerId, change.channel(), change.purpose(), change.granted(), now).persist()
                                .replaceWithVoid();
                    }
                    existing.granted = change.granted();
                    existing.decidedAt = now;
                    return Uni.createFrom().voidItem();
                });
    }
}
