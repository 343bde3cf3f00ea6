package io.omniretail.promotions.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.promotions.coupon.CouponService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * retail.customers.merges.v1: the coupons of merged customers now belong to the survivor (issued and redeemed
 * alike, so the survivor's caps count them).
 */
@ApplicationScoped
public class IdentityMergeConsumer {

    private static final Logger LOG = Logger.getLogger(IdentityMergeConsumer.class);

    @Inject
    EventProcessor processor;
    @Inject
    CouponService coupons;

    @Incoming("identity-merges")
    public Uni<Void> consume(KafkaRecordBatch<String, IdentityMerged> batch) {
        return processor.processBatch(batch, this::apply);
    }

    Uni<Void> apply(IdentityMerged merged) {
        String survivor = merged.getSurvivorCustomerId();
        if (survivor == null || survivor.isBlank()) {
            return Uni.createFrom().failure(new RejectedEventException("merge " + merged.getMetadata().getEventId()
                    + " names no survivor"));
        }
        return coupons.reassign(survivor, merged.getMergedCustomerIds())
                .invoke(moved -> {
                    if (moved > 0) {
                        LOG.infof("moved %d coupon(s) of %s to %s", moved, merged.getMergedCustomerIds(), survivor);
                    }
                })
                .replaceWithVoid();
    }
}
