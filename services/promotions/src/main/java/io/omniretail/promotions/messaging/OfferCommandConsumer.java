package io.omniretail.promotions.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.journey.OfferCommand;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.promotions.campaign.Campaign;
import io.omniretail.promotions.coupon.CouponService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * retail.promotions.commands.v1: a journey asks for a coupon of a campaign (cross-promotion online-to-store and
 * store-to-online, win-back, ...). At most one coupon per commandId, within the per-customer cap; a command for
 * a campaign that does not exist goes to the DLQ.
 */
@ApplicationScoped
public class OfferCommandConsumer {

    private static final Logger LOG = Logger.getLogger(OfferCommandConsumer.class);

    @Inject
    EventProcessor processor;
    @Inject
    CouponService coupons;
    @Inject
    MeterRegistry meters;

    @Incoming("offer-commands")
    public Uni<Void> consume(KafkaRecordBatch<String, OfferCommand> batch) {
        return processor.processBatch(batch, CouponService.customerLocks(OfferCommand::getCustomerId), this::apply, null);
    }

    Uni<Void> apply(OfferCommand command) {
        if (isBlank(command.getCommandId()) || isBlank(command.getCustomerId()) || isBlank(command.getCampaignId())) {
            return Uni.createFrom().failure(new RejectedEventException("offer command " + command.getMetadata().getEventId()
                    + " lacks a commandId, customerId or campaignId"));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Campaign.<Campaign>findById(command.getCampaignId())
                .onItem().ifNull().failWith(() -> new RejectedEventException("unknown campaign '" + command.getCampaignId()
                        + "' in offer command " + command.getCommandId()))
                .chain(campaign -> {
                    if (!campaign.active) {
                        meters.counter("omniretail.promotions.offers.inactive", "campaign", campaign.id).increment();
                        LOG.warnf("campaign %s is not active; offer command %s (journey %s) issues no coupon", campaign.id,
                                command.getCommandId(), command.getJourneyId());
                        return Uni.createFrom().voidItem();
                    }
                    return coupons.issue(campaign, command.getCustomerId(), command.getCommandId(), command.getMetadata(), now)
                            .replaceWithVoid();
                });
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
