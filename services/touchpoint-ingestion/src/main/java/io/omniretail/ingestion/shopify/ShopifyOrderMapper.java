package io.omniretail.ingestion.shopify;

import static io.omniretail.ingestion.shopify.ShopifyMapping.firstNonBlank;
import static io.omniretail.ingestion.publish.Amounts.money;
import static io.omniretail.ingestion.shopify.ShopifyMapping.require;
import static io.omniretail.ingestion.shopify.ShopifyMapping.symbol;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.FinancialStatus;
import io.omniretail.events.touchpoint.OrderFulfillmentStatus;
import io.omniretail.events.touchpoint.OrderStatus;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.RefundLine;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.pos.PosTransactionAssembler;

/**
 * Shopify orders/* and refunds/create → touchpoints. Which touchpoint an order delivery becomes:
 * <ul>
 * <li>cancelled (orders/cancelled, or any delivery with cancelled_at): ORDER_CANCELLED, one per order;</li>
 * <li>orders/fulfilled and orders/partially_fulfilled: ORDER_FULFILLED, one per order and fulfilment status;</li>
 * <li>paid (financial_status paid, partially_refunded or refunded), or created while the shop's
 * {@code purchase-when} is CREATED and the order is not voided: PURCHASE, one per order whichever topic shows it
 * first (its id is the order's, so orders/create of a paid order and the orders/paid after it are one event);</li>
 * <li>otherwise orders/create is ORDER_PLACED (one per order) and orders/updated ORDER_UPDATED (one per Shopify
 * event).</li>
 * </ul>
 * Identifiers are passed as seen (raw phone included); customer-360 normalizes and resolves them.
 */
final class ShopifyOrderMapper {

    static final Set<String> TOPICS = Set.of("orders/create", "orders/updated", "orders/paid", "orders/cancelled",
            "orders/fulfilled", "orders/partially_fulfilled");
    private static final Set<FinancialStatus> PAID = Set.of(FinancialStatus.PAID, FinancialStatus.PARTIALLY_REFUNDED,
            FinancialStatus.REFUNDED);

    private ShopifyOrderMapper() {
    }

    static Touchpoint order(ShopifyDelivery delivery, ShopifyPayloads.Order order) {
        require(order.id() != null, "order.id is missing");
        require(order.currency() != null && order.totalPrice() != null, "order.currency and order.total_price are required");
        String orderId = order.id().toString();
        OrderStatus status = status(order);
        TouchpointType type;
        String id;
        if (status.getCancelledAt() != null || "orders/cancelled".equals(delivery.topic())) {
            type = TouchpointType.ORDER_CANCELLED;
            id = ShopifyMapping.id(delivery, "order-cancelled", orderId);
        } else if (delivery.topic().endsWith("fulfilled")) {
            type = TouchpointType.ORDER_FULFILLED;
            id = ShopifyMapping.id(delivery, "order-fulfilled", orderId, status.getFulfillmentStatus().name());
        } else if (PAID.contains(status.getFinancialStatus())
                || delivery.shop().purchaseWhen() == ShopifyConfig.PurchaseWhen.CREATED && "orders/create".equals(delivery.topic())
                        && status.getFinancialStatus() != FinancialStatus.VOIDED) {
            type = TouchpointType.PURCHASE;
            id = ShopifyMapping.id(delivery, "order", orderId);
        } else if ("orders/create".equals(delivery.topic())) {
            type = TouchpointType.ORDER_PLACED;
            id = ShopifyMapping.id(delivery, "order-placed", orderId);
        } else {
            type = TouchpointType.ORDER_UPDATED;
            id = ShopifyMapping.id(delivery, "order-updated", orderId, delivery.eventKey());
        }
        Instant placedAt = order.createdAt() == null ? delivery.receivedAt() : order.createdAt().toInstant();
        Instant occurredAt = switch (type) {
            case PURCHASE, ORDER_PLACED -> placedAt;
            case ORDER_CANCELLED -> status.getCancelledAt() != null ? status.getCancelledAt() : delivery.sourceUpdatedAt(order.updatedAt());
            default -> Objects.requireNonNullElse(delivery.sourceUpdatedAt(order.updatedAt()), delivery.receivedAt());
        };
        PurchaseDetails purchase = PurchaseDetails.newBuilder()
                .setOrderId(orderId)
                .setOrderNumber(firstNonBlank(order.name(), order.orderNumber() == null ? null : "#" + order.orderNumber(), orderId))
                .setTotal(money(order.currency(), order.totalPrice()))
                .setSubtotal(order.subtotalPrice() == null ? null : money(order.currency(), order.subtotalPrice()))
                .setLines(ShopifyMapping.lines(order.lineItems(), order.currency()))
                .setPlacedAt(placedAt)
                .setCouponCodes(Optional.ofNullable(order.discountCodes()).orElse(List.of()).stream()
                        .map(ShopifyPayloads.DiscountCode::code).filter(Objects::nonNull).toList())
                .setReceiptReference(receiptReference(delivery.shop(), order))
                .build();
        return ShopifyMapping.touchpoint(delivery, id, type, orderId, occurredAt,
                        // the webhook is signed by the shop, and Shopify customer accounts are the shop's own records
                        ShopifyMapping.identity(delivery, order.customer(), order.email(), order.phone(), order.customerLocale(), true,
                                order.billingAddress(), order.shippingAddress()),
                        delivery.sourceUpdatedAt(order.updatedAt()))
                .setPurchase(purchase)
                .setOrder(status)
                .setMarketingConsent(order.buyerAcceptsMarketing() == null ? null : ConsentHint.newBuilder()
                        .setChannel("EMAIL").setGranted(order.buyerAcceptsMarketing()).setCapturedAt(placedAt).build())
                .setAttributes(order.sourceName() == null ? Map.of() : Map.of("shopifySourceName", order.sourceName()))
                .build();
    }

    /**
     * An order a store's POS synced into Shopify names its receipt in source_identifier ("the ID of the order placed on
     * the originating platform") and its store by location_id; with the location mapped to the store's id, it is the
     * same receipt the store's own POS reports (ADR 0011).
     */
    static String receiptReference(ShopifyConfig.Shop shop, ShopifyPayloads.Order order) {
        String store = order.locationId() == null ? null : shop.stores().get(order.locationId().toString());
        if (store == null || order.sourceIdentifier() == null || order.sourceIdentifier().isBlank()) {
            return null;
        }
        return PosTransactionAssembler.receiptReference(store, order.sourceIdentifier().trim());
    }

    static OrderStatus status(ShopifyPayloads.Order order) {
        return OrderStatus.newBuilder()
                .setOrderId(order.id().toString())
                .setFinancialStatus(symbol(FinancialStatus.class, order.financialStatus(), FinancialStatus.UNKNOWN))
                // Shopify's null fulfillment_status means nothing is fulfilled yet
                .setFulfillmentStatus(symbol(OrderFulfillmentStatus.class, order.fulfillmentStatus(), OrderFulfillmentStatus.UNFULFILLED))
                .setCancelledAt(order.cancelledAt() == null ? null : order.cancelledAt().toInstant())
                .setCancelReason(order.cancelReason())
                .setCheckoutToken(order.checkoutToken())
                .build();
    }

    /**
     * The refunded amount in the currency the payload states: the refund transactions', else the refunded lines'
     * shop money, else the shop's currency.
     */
    static Touchpoint refund(ShopifyDelivery delivery, ShopifyPayloads.Refund refund) {
        require(refund.id() != null && refund.orderId() != null, "refund.id and refund.order_id are required");
        String id = ShopifyMapping.id(delivery, "refund", refund.id().toString());
        List<ShopifyPayloads.Transaction> transactions = Optional.ofNullable(refund.transactions()).orElse(List.of());
        List<ShopifyPayloads.RefundLineItem> refundLines = Optional.ofNullable(refund.refundLineItems()).orElse(List.of());
        String currency = firstNonBlank(
                transactions.stream().map(ShopifyPayloads.Transaction::currency).filter(Objects::nonNull).findFirst().orElse(null),
                refundLines.stream().map(ShopifyPayloads.RefundLineItem::subtotalSet).filter(Objects::nonNull)
                        .map(ShopifyPayloads.MoneySet::shopMoney).filter(Objects::nonNull)
                        .map(ShopifyPayloads.MoneyBag::currencyCode).filter(Objects::nonNull).findFirst().orElse(null),
                delivery.shop().currency()).toUpperCase(Locale.ROOT);
        BigDecimal refunded = transactions.stream()
                .filter(t -> "refund".equalsIgnoreCase(t.kind()) && !"failure".equalsIgnoreCase(t.status())
                        && !"error".equalsIgnoreCase(t.status()) && t.amount() != null)
                .map(ShopifyPayloads.Transaction::amount).reduce(BigDecimal::add)
                .orElseGet(() -> refundLines.stream().map(l -> Objects.requireNonNullElse(l.subtotal(), BigDecimal.ZERO))
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
        Instant at = refund.createdAt() == null ? delivery.receivedAt() : refund.createdAt().toInstant();
        RefundDetails details = RefundDetails.newBuilder()
                .setRefundId(refund.id().toString())
                .setOrderId(refund.orderId().toString())
                .setAmount(money(currency, refunded))
                .setLines(refundLines.stream().map(line -> RefundLine.newBuilder()
                        .setSku(line.lineItem() != null ? ShopifyMapping.sku(line.lineItem()) : "shopify-line-" + line.lineItemId())
                        .setQuantity(Objects.requireNonNullElse(line.quantity(), 0))
                        .setAmount(money(currency, Objects.requireNonNullElse(line.subtotal(), BigDecimal.ZERO)))
                        .build()).toList())
                .setReason(refund.note() == null || refund.note().isBlank() ? null : refund.note())
                .build();
        return ShopifyMapping.touchpoint(delivery, id, TouchpointType.REFUND, refund.id().toString(), at,
                        ShopifyMapping.throughOrder(), at)
                .setRefund(details)
                .build();
    }
}
