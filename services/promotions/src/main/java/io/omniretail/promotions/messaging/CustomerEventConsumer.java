package io.omniretail.promotions.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.promotions.campaign.Campaign;
import io.omniretail.promotions.campaign.CampaignChannel;
import io.omniretail.promotions.campaign.CampaignKind;
import io.omniretail.promotions.coupon.CouponService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * retail.customers.unified.v1: coupon codes on a purchase are redemptions (POS and Shopify alike); a customer's
 * first purchase earns the coupon of every active WELCOME campaign, within its cap; a cancelled order's unused
 * coupons are revoked and those redeemed on it released. Every other event is still
 * taken through the kit's processor, so it is recorded in the inbox and acknowledged.
 */
@ApplicationScoped
public class CustomerEventConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    CouponService coupons;

    @Incoming("customers-unified")
    public Uni<Void> consume(KafkaRecordBatch<String, CustomerEvent> batch) {
        return processor.processBatch(batch, CouponService.customerLocks(CustomerEvent::getCustomerId), this::apply, null);
    }

    Uni<Void> apply(CustomerEvent event) {
        if (event.getType() == TouchpointType.ORDER_CANCELLED && event.getOrder() != null) {
            String reason = "order " + event.getOrder().getOrderId() + " cancelled"
                    + (event.getOrder().getCancelReason() == null ? "" : " (" + event.getOrder().getCancelReason() + ")");
            return coupons.cancelOrder(event.getOrder().getOrderId(), event.getCustomerId(), reason, event.getMetadata(),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
        if (event.getType() != TouchpointType.PURCHASE) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PurchaseDetails purchase = event.getPurchase();
        String orderId = purchase != null ? purchase.getOrderId() : event.getSourceReference();
        Uni<Void> redemptions = purchase == null || purchase.getCouponCodes().isEmpty()
                ? Uni.createFrom().voidItem()
                : coupons.redeem(purchase.getCouponCodes(), new CouponService.Order(orderId, event.getCustomerId(),
                        purchase.getPlacedAt(), purchase.getTotal().getAmount(), purchase.getTotal().getCurrency(),
                        CampaignChannel.of(event.getChannel())), event.getMetadata());
        if (!event.getIsFirstPurchase()) {
            return redemptions;
        }
        return redemptions.chain(() -> Campaign.<Campaign>list("kind = ?1 and active = true order by id", CampaignKind.WELCOME))
                .chain(campaigns -> Multi.createFrom().iterable(campaigns)
                        .onItem().transformToUniAndConcatenate(campaign -> coupons.issue(campaign, event.getCustomerId(),
                                orderId, event.getMetadata(), now))
                        .collect().last().replaceWithVoid());
    }
}
