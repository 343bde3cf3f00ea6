package io.omniretail.orchestration.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecordBase;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.IdentityMerged;
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
 * The streams journeys read, the profiles their expressions see and identity merges, each through the kit's
 * inbox/outbox/DLQ processing in batches, every event handed to the engine holding its customer's lock
 * (JourneyEngine.CUSTOMER_LOCKS; a merge takes the locks of all its customers).
 */
@ApplicationScoped
public class JourneyConsumers {

    static final String CUSTOMERS = "customers-unified";
    static final String LOYALTY = "loyalty-events";
    static final String PROMOTIONS = "promotion-events";
    static final String RETURNS = "returns-events";
    static final String SEGMENTS = "segment-changes";
    static final String PRODUCTS = "catalog-products";
    static final String PROFILES = "profiles";
    /** The channel of each stream; RecordedHistory reads the same topics for dry runs. */
    static final Map<EventStream, String> CHANNELS = Map.of(EventStream.CUSTOMER, CUSTOMERS, EventStream.LOYALTY, LOYALTY,
            EventStream.PROMOTION, PROMOTIONS, EventStream.RETURN, RETURNS, EventStream.SEGMENT, SEGMENTS, EventStream.PRODUCT, PRODUCTS);

    @Inject
    EventProcessor processor;
    @Inject
    JourneyEngine engine;

    @Incoming(CUSTOMERS)
    public Uni<Void> unified(KafkaRecordBatch<String, CustomerEvent> batch) {
        return process(batch, EventStream.CUSTOMER, CustomerEvent::getCustomerId);
    }

    @Incoming(LOYALTY)
    public Uni<Void> loyalty(KafkaRecordBatch<String, LoyaltyEvent> batch) {
        return process(batch, EventStream.LOYALTY, LoyaltyEvent::getCustomerId);
    }

    @Incoming(PROMOTIONS)
    public Uni<Void> promotions(KafkaRecordBatch<String, PromotionEvent> batch) {
        return process(batch, EventStream.PROMOTION, PromotionEvent::getCustomerId);
    }

    @Incoming(RETURNS)
    public Uni<Void> returns(KafkaRecordBatch<String, ReturnCaseEvent> batch) {
        return process(batch, EventStream.RETURN, ReturnCaseEvent::getCustomerId);
    }

    @Incoming(SEGMENTS)
    public Uni<Void> segments(KafkaRecordBatch<String, SegmentMembershipChanged> batch) {
        return process(batch, EventStream.SEGMENT, SegmentMembershipChanged::getCustomerId);
    }

    /** Product changes: no customer's event; the engine takes the lock of each customer whose instance it reaches. */
    @Incoming(PRODUCTS)
    public Uni<Void> products(KafkaRecordBatch<String, ProductUpdated> batch) {
        return processor.processBatch(batch, product -> engine.onProduct(product, Instant.now()));
    }

    /** The profiles journey expressions read; an erased or merged-away customer's tombstone forgets theirs. */
    @Incoming(PROFILES)
    public Uni<Void> profiles(KafkaRecordBatch<String, CustomerProfile> batch) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(JourneyEngine.CUSTOMER_LOCKS, CustomerProfile::getCustomerId),
                profile -> engine.remember(profile, Instant.now()), engine::forget);
    }

    /** Identity merges: the merged customers' journeys continue as the survivor's (the engine takes every customer's lock). */
    @Incoming("identity-merges")
    public Uni<Void> merges(KafkaRecordBatch<String, IdentityMerged> batch) {
        return processor.processBatch(batch, merged -> engine.merge(merged.getSurvivorCustomerId(), merged.getMergedCustomerIds(),
                merged.getMetadata(), Instant.now()));
    }

    private <T extends SpecificRecordBase> Uni<Void> process(KafkaRecordBatch<String, T> batch, EventStream stream, Function<T, String> customer) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(JourneyEngine.CUSTOMER_LOCKS, customer),
                event -> engine.onEvent(stream, event, customer.apply(event), Instant.now()), null);
    }
}
