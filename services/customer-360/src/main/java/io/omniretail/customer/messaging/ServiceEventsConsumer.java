package io.omniretail.customer.messaging;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.customer.timeline.TimelineEntries;
import io.omniretail.customer.timeline.TimelineEntry;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.kit.persistence.EventProcessor.BatchLocks;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The other services' events about a customer, through the kit's inbox/outbox/DLQ processing: each becomes an entry
 * of the customer's timeline (attributed to the survivor when the customer was merged meanwhile), and loyalty's
 * reports also set the loyalty traits (tier and points) and publish the profile, holding the customer's advisory lock
 * (taken by the kit before the batch, and by {@link ProfilePublisher#locked} for a survivor). Timeline entries alone
 * change no customer row and take no lock. An event about a customer customer-360 never knew is recorded
 * NOT_APPLICABLE.
 */
@ApplicationScoped
public class ServiceEventsConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    ProfilePublisher publisher;

    @Incoming("loyalty-events")
    public Uni<Void> loyalty(KafkaRecordBatch<String, LoyaltyEvent> batch) {
        return processor.processBatch(batch, new BatchLocks<>(Customer.LOCKS, LoyaltyEvent::getCustomerId), this::loyalty, null);
    }

    @Incoming("promotion-events")
    public Uni<Void> promotions(KafkaRecordBatch<String, PromotionEvent> batch) {
        return processor.processBatch(batch, event -> timelineOnly(event.getCustomerId(), id -> TimelineEntries.of(event, id)));
    }

    @Incoming("return-events")
    public Uni<Void> returns(KafkaRecordBatch<String, ReturnCaseEvent> batch) {
        return processor.processBatch(batch, event -> timelineOnly(event.getCustomerId(), id -> TimelineEntries.of(event, id)));
    }

    @Incoming("notification-events")
    public Uni<Void> notifications(KafkaRecordBatch<String, NotificationEvent> batch) {
        return processor.processBatch(batch, event -> timelineOnly(event.getCustomerId(), id -> TimelineEntries.of(event, id)));
    }

    private static final Set<LoyaltyEventType> MEMBERSHIP = EnumSet.of(LoyaltyEventType.MEMBERSHIP_STARTED,
            LoyaltyEventType.MEMBERSHIP_CHANGED, LoyaltyEventType.MEMBERSHIP_ENDED);

    private Uni<Void> loyalty(LoyaltyEvent event) {
        return record(publisher.locked(event.getCustomerId()), id -> TimelineEntries.of(event, id))
                .chain(customer -> {
                    if (event.getType() == LoyaltyEventType.UNKNOWN) {
                        return Uni.createFrom().voidItem();
                    }
                    customer.loyaltyTier = event.getTier();
                    customer.loyaltyPoints = event.getBalance();
                    if (MEMBERSHIP.contains(event.getType())) {
                        customer.membershipPlan = event.getMembershipPlan();
                        customer.membershipEndsAt = event.getMembershipEndsAt();
                    }
                    return publisher.changed(customer, event.getMetadata(), "loyalty-traits", Instant.now());
                });
    }

    private Uni<Void> timelineOnly(String customerId, Function<String, TimelineEntry> entryFor) {
        return record(publisher.survivor(customerId), entryFor).replaceWithVoid();
    }

    /** The timeline entry of an event, for the customer it is about ({@code found}); that customer. */
    private static Uni<Customer> record(Uni<Customer> found, Function<String, TimelineEntry> entryFor) {
        return ProfilePublisher.known(found).chain(customer -> {
            TimelineEntry entry = entryFor.apply(customer.id);
            return TimelineEntry.<TimelineEntry>findById(entry.entryId)
                    .chain(seen -> seen != null ? Uni.createFrom().item(customer) : entry.persist().replaceWith(customer));
        });
    }
}
