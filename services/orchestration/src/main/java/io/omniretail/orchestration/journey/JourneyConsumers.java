package io.omniretail.orchestration.journey;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Incoming;

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
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Triggers and awaited facts, each through the kit's inbox/outbox/DLQ processing, in batches. */
@ApplicationScoped
public class JourneyConsumers {

    @Inject
    EventProcessor processor;
    @Inject
    JourneyEngine engine;
    @Inject
    Journeys journeys;

    @Incoming("customers-unified")
    public Uni<Void> unified(KafkaRecordBatch<String, CustomerEvent> batch) {
        return processor.processBatch(batch, byReference(event -> event.getPurchase() == null ? null : event.getPurchase().getOrderId()), event -> {
            if (event.getType() == TouchpointType.ORDER_CANCELLED && event.getPurchase() != null) {
                return engine.exit(event.getPurchase().getOrderId(), Instant.now());
            }
            if (event.getType() != TouchpointType.PURCHASE || event.getPurchase() == null) {
                return Uni.createFrom().voidItem();
            }
            String orderId = event.getPurchase().getOrderId();
            return engine.start(journeys.postPurchase(event.getIsFirstPurchase()),
                    EventMetadataFactory.derivedId("post-purchase", orderId), event.getCustomerId(), orderId,
                    Map.of("orderNumber", event.getPurchase().getOrderNumber()), event.getMetadata());
        }, null);
    }

    @Incoming("loyalty-events")
    public Uni<Void> loyalty(KafkaRecordBatch<String, LoyaltyEvent> batch) {
        return processor.processBatch(batch, byReference(LoyaltyEvent::getReference), event -> {
            if (event.getType() == LoyaltyEventType.POINTS_EARNED) {
                return engine.recordFact(Journeys.POINTS_EARNED, event.getReference(), event.getCustomerId(), Map.of(
                        "pointsEarned", Long.toString(event.getPointsDelta()), "pointsBalance", Long.toString(event.getBalance())));
            }
            if (event.getType() == LoyaltyEventType.POINTS_REVERSED) {
                return engine.recordFact(Journeys.POINTS_REVERSED, event.getReference(), event.getCustomerId(), Map.of(
                        "pointsReversed", Long.toString(Math.abs(event.getPointsDelta())), "pointsBalance", Long.toString(event.getBalance())));
            }
            return Uni.createFrom().voidItem();
        }, null);
    }

    @Incoming("promotion-events")
    public Uni<Void> promotions(KafkaRecordBatch<String, PromotionEvent> batch) {
        return processor.processBatch(batch, byReference(PromotionEvent::getReference), event -> {
            if (event.getType() != PromotionEventType.COUPON_ISSUED || event.getReference() == null) {
                return Uni.createFrom().voidItem();
            }
            BigDecimal value = event.getDiscount().getValue().stripTrailingZeros();
            String discount = event.getDiscount().getKind() == DiscountKind.PERCENT ? value.toPlainString() + "%"
                    : value.toPlainString() + " " + event.getDiscount().getCurrency();
            return engine.recordFact(Journeys.COUPON_ISSUED, event.getReference(), event.getCustomerId(), Map.of(
                    "couponCode", event.getCouponCode(), "discount", discount,
                    "couponValidUntil", event.getValidUntil() == null ? "" : event.getValidUntil().atOffset(ZoneOffset.UTC).toLocalDate().toString()));
        }, null);
    }

    @Incoming("returns-events")
    public Uni<Void> returns(KafkaRecordBatch<String, ReturnCaseEvent> batch) {
        return processor.processBatch(batch, byReference(ReturnCaseEvent::getOrderId), event -> {
            if (event.getStatus() != ReturnStatus.REFUNDED) {
                return Uni.createFrom().voidItem();
            }
            return engine.start(journeys.returnRefunded(), EventMetadataFactory.derivedId("return-refunded", event.getReturnCaseId()),
                    event.getCustomerId(), event.getOrderId(),
                    Map.of("orderNumber", event.getOrderId(), "refundAmount", money(event.getRefundAmount())), event.getMetadata());
        }, null);
    }

    /**
     * The order lock each event's handler runs holding (JourneyEngine serializes on it): a batch takes all of them
     * first, in sorted order; a record settled alone takes its own.
     */
    private static <T> EventProcessor.BatchLocks<T> byReference(Function<T, String> reference) {
        return new EventProcessor.BatchLocks<>(JourneyEngine.REFERENCE_LOCKS, reference);
    }

    private static String money(Money money) {
        return money == null ? "" : money.getAmount().stripTrailingZeros().toPlainString() + " " + money.getCurrency();
    }
}
