package io.omniretail.promotions.messaging;

import java.time.Instant;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.promotions.campaign.CampaignTargeting;
import io.omniretail.promotions.coupon.CouponService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * retail.customers.profiles.v1: each profile published may bring its customer into a running targeted campaign (see
 * {@link CampaignTargeting}), under the customer's lock. A tombstone (erased or merged away) changes nothing here:
 * merges and erasure reach promotions on their own topics.
 */
@ApplicationScoped
public class ProfileConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    CampaignTargeting targeting;

    @Incoming("customer-profiles")
    public Uni<Void> consume(KafkaRecordBatch<String, CustomerProfile> batch) {
        return processor.processBatch(batch, CouponService.customerLocks(CustomerProfile::getCustomerId),
                profile -> targeting.profile(profile, Instant.now()), customerId -> Uni.createFrom().voidItem());
    }
}
