package io.omniretail.orchestration.journey;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.Map;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.promotion.PromotionEventType;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.EventProcessor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Triggers and awaited facts, each through the kit's inbox/outbox/DLQ processing. */
@ApplicationScoped
public class JourneyConsumers {

    @Inject
    EventProcessor processor;
    @Inject
    JourneyEngine engine;
    @Inject
    Journeys journeys;

    @Incoming("customers-unified")
    public Uni<Void> unified(Message<CustomerEvent> message) {
        return processor.process(message, event -> {
            if (event.getType() != TouchpointType.PURCHASE || event.getPurchase() == null) {
                return Uni.createFrom().voidItem();
            }
            String orderId = event.getPurchase().getOrderId();
            return engine.start(journeys.postPurchase(event.getIsFirstPurchase()),
                    EventMetadataFactory.derivedId("post-purchase", orderId), event.getCustomerId(), orderId,
                    Map.of("orderNumber", event.getPurchase().getOrderNumber()), event.getMetadata());
        });
    }

    @Incoming("loyalty-events")
    public Uni<Void> loyalty(Message<LoyaltyEvent> message) {
        return processor.process(message, event -> {
            if (event.getType() == LoyaltyEventType.POINTS_EARNED) {
                return engine.recordFact(Journeys.POINTS_EARNED, event.getReference(), event.getCustomerId(), Map.of(
                        "pointsEarned", Long.toString(event.getPointsDelta()), "pointsBalance", Long.toString(event.getBalance())));
            }
            if (event.getType() == LoyaltyEventType.POINTS_REVERSED) {
                return engine.recordFact(Journeys.POINTS_REVERSED, event.getReference(), event.getCustomerId(), Map.of(
                        "pointsReversed", Long.toString(Math.abs(event.getPointsDelta())), "pointsBalance", Long.toString(event.getBalance())));
            }
            return Uni.createFrom().voidItem();
        });
    }

    @Incoming("promotion-events")
    public Uni<Void> promotions(Message<PromotionEvent> message) {
        return processor.process(message, event -> {
            if (event.getType() != PromotionEventType.COUPON_ISSUED || event.getReference() == null) {
                return Uni.createFrom().voidItem();
            }
            BigDecimal value = event.getDiscount().getValue().stripTrailingZeros();
            String discount = event.getDiscount().getKind() == DiscountKind.PERCENT ? value.toPlainString() + "%"
                    : value.toPlainString() + " " + event.getDiscount().getCurrency();
            return engine.recordFact(Journeys.COUPON_ISSUED, event.getReference(), event.getCustomerId(), Map.of(
                    "couponCode", event.getCouponCode(), "discount", discount,
                    "couponValidUntil", event.getValidUntil() == null ? "" : event.getValidUntil().atOffset(ZoneOffset.UTC).toLocalDate().toString()));
        });
    }

    @Incoming("returns-events")
    public Uni<Void> returns(Message<ReturnCaseEvent> message) {
        return processor.process(message, event -> {
            if (event.getStatus() != ReturnStatus.REFUNDED) {
                return Uni.createFrom().voidItem();
            }
            return engine.start(journeys.returnRefunded(), EventMetadataFactory.derivedId("return-refunded", event.getReturnCaseId()),
                    event.getCustomerId(), event.getOrderId(),
                    Map.of("orderNumber", event.getOrderId(), "refundAmount", money(event.getRefundAmount())), event.getMetadata());
        });
    }

    private static String money(Money money) {
        return money == null ? "" : money.getAmount().stripTrailingZeros().toPlainString() + " " + money.getCurrency();
    }
}
