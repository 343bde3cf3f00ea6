package io.omniretail.orchestration.messaging;

import java.time.Instant;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecordBase;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.SegmentMembershipChanged;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.orchestration.definition.EventStream;
import io.omniretail.orchestration.journey.JourneyEngine;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The streams journeys read, and the profiles their expressions see, each through the kit's inbox/outbox/DLQ processing
 * in batches, every event handed to the engine holding its customer's lock (JourneyEngine.CUSTOMER_LOCKS).
 */
@ApplicationScoped
public class JourneyConsumers {

    @Inject
    EventProcessor processor;
    @Inject
    JourneyEngine engine;

    @Incoming("customers-unified")
    public Uni<Void> unified(KafkaRecordBatch<String, CustomerEvent> batch) {
        return process(batch, EventStream.CUSTOMER, CustomerEvent::getCustomerId);
    }

    @Incoming("loyalty-events")
    public Uni<Void> loyalty(KafkaRecordBatch<String, LoyaltyEvent> batch) {
        return process(batch, EventStream.LOYALTY, LoyaltyEvent::getCustomerId);
    }

    @Incoming("promotion-events")
    public Uni<Void> promotions(KafkaRecordBatch<String, PromotionEvent> batch) {
        return process(batch, EventStream.PROMOTION, PromotionEvent::getCustomerId);
    }

    @Incoming("returns-events")
    public Uni<Void> returns(KafkaRecordBatch<String, ReturnCaseEvent> batch) {
        return process(batch, EventStream.RETURN, ReturnCaseEvent::getCustomerId);
    }

    @Incoming("segment-changes")
    public Uni<Void> segments(KafkaRecordBatch<String, SegmentMembershipChanged> batch) {
        return process(batch, EventStream.SEGMENT, SegmentMembershipChanged::getCustomerId);
    }

    /** The profiles journey expressions read; an erased or merged-away customer's tombstone forgets theirs. */
    @Incoming("profiles")
    public Uni<Void> profiles(KafkaRecordBatch<String, CustomerProfile> batch) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(JourneyEngine.CUSTOMER_LOCKS, CustomerProfile::getCustomerId),
                profile -> engine.remember(profile, Instant.now()), engine::forget);
    }

    private <T extends SpecificRecordBase> Uni<Void> process(KafkaRecordBatch<String, T> batch, EventStream stream, Function<T, String> customer) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(JourneyEngine.CUSTOMER_LOCKS, customer),
                event -> engine.onEvent(stream, event, customer.apply(event), Instant.now()), null);
    }
}
