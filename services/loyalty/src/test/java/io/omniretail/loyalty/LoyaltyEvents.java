package io.omniretail.loyalty;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.FinancialStatus;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.OrderFulfillmentStatus;
import io.omniretail.events.touchpoint.OrderStatus;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TestProducer;

/** Loyalty's inputs as their writers publish them (customer-360, orchestration, returns), sent to the real broker. */
final class LoyaltyEvents {

    static final String UNIFIED = "retail.customers.unified.v1";
    static final String LOYALTY_EVENTS = "retail.loyalty.events.v1";

    private LoyaltyEvents() {
    }

    static CustomerEvent purchase(String customerId, String orderId, String totalYen, Instant placedAt, String... codes) {
        return unified(customerId, TouchpointType.PURCHASE, orderId)
                .setPurchase(PurchaseDetails.newBuilder()
                        .setOrderId(orderId)
                        .setOrderNumber("#" + orderId.substring(orderId.length() - 6))
                        .setTotal(yen(totalYen))
                        .setPlacedAt(placedAt)
                        .setCouponCodes(List.of(codes))
                        .build())
                .build();
    }

    static CustomerEvent purchase(String customerId, String orderId, Instant placedAt, List<LineItem> lines) {
        java.math.BigDecimal total = lines.stream().map(line -> line.getUnitPrice().getAmount().multiply(BigDecimal.valueOf(line.getQuantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        CustomerEvent purchase = purchase(customerId, orderId, total.toPlainString(), placedAt);
        purchase.getPurchase().setLines(lines);
        return purchase;
    }

    static LineItem line(String sku, int quantity, String unitYen) {
        return LineItem.newBuilder().setSku(sku).setTitle(sku).setQuantity(quantity).setUnitPrice(yen(unitYen)).build();
    }

    static CustomerEvent purchase(String customerId, String orderId, String totalYen) {
        return purchase(customerId, orderId, totalYen, Instant.now());
    }

    static CustomerEvent refund(String customerId, String orderId, String refundId, String amountYen) {
        return unified(customerId, TouchpointType.REFUND, refundId)
                .setRefund(RefundDetails.newBuilder()
                        .setRefundId(refundId)
                        .setOrderId(orderId)
                        .setAmount(yen(amountYen))
                        .build())
                .build();
    }

    static CustomerEvent cancellation(String customerId, String orderId) {
        return unified(customerId, TouchpointType.ORDER_CANCELLED, orderId)
                .setOrder(OrderStatus.newBuilder().setOrderId(orderId).setFinancialStatus(FinancialStatus.REFUNDED)
                        .setFulfillmentStatus(OrderFulfillmentStatus.UNFULFILLED).setCancelledAt(Instant.now())
                        .setCancelReason("customer").build())
                .build();
    }

    static ReturnCaseEvent returnCase(String customerId, String orderId, String caseId, ReturnOrigin origin, ReturnStatus status,
            String refundYen) {
        return ReturnCaseEvent.newBuilder()
                .setMetadata(metadata("returns"))
                .setReturnCaseId(caseId)
                .setCustomerId(customerId)
                .setOrderId(orderId)
                .setStatus(status)
                .setOrigin(origin)
                .setRefundAmount(refundYen == null ? null : yen(refundYen))
                .build();
    }

    static RewardCommand reward(String customerId, long points) {
        return RewardCommand.newBuilder()
                .setMetadata(metadata("orchestration"))
                .setCommandId(UUID.randomUUID().toString())
                .setCustomerId(customerId)
                .setPoints(points)
                .setReason("survey completed")
                .setJourneyId("post-purchase@1")
                .setJourneyInstanceId(UUID.randomUUID().toString())
                .build();
    }

    static IdentityMerged merge(String survivorId, String absorbedId) {
        return IdentityMerged.newBuilder()
                .setMetadata(metadata("customer-360"))
                .setSurvivorCustomerId(survivorId)
                .setMergedCustomerIds(List.of(absorbedId))
                .setMatchedOn(List.of())
                .setReason("manual")
                .build();
    }

    static void send(CustomerEvent event) {
        TestProducer.shared().send(UNIFIED, event.getCustomerId(), event);
    }

    static void send(ReturnCaseEvent event) {
        TestProducer.shared().send("retail.returns.events.v1", event.getCustomerId(), event);
    }

    static void send(RewardCommand command) {
        TestProducer.shared().send("retail.loyalty.commands.v1", command.getCustomerId(), command);
    }

    static void send(IdentityMerged merged) {
        TestProducer.shared().send("retail.customers.merges.v1", merged.getSurvivorCustomerId(), merged);
    }

    static void sendRaw(String key, byte[] value) {
        TestProducer.shared().sendRaw(UNIFIED, key, value);
    }

    static Money yen(String amount) {
        return Money.newBuilder().setCurrency("JPY").setAmount(new BigDecimal(amount).setScale(4)).build();
    }

    private static CustomerEvent.Builder unified(String customerId, TouchpointType type, String sourceReference) {
        String touchpointEventId = UUID.randomUUID().toString();
        return CustomerEvent.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now())
                        .setSource("customer-360")
                        .setCorrelationId(touchpointEventId)
                        .setCausationId(touchpointEventId)
                        .build())
                .setCustomerId(customerId)
                .setTouchpointId(touchpointEventId)
                .setType(type)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("shopify")
                .setSourceReference(sourceReference);
    }

    private static EventMetadata metadata(String source) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setSource(source)
                .setCorrelationId(id).build();
    }
}
