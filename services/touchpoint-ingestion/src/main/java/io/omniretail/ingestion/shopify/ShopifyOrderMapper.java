package io.omniretail.ingestion.shopify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.omniretail.events.common.Money;
import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.RefundLine;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;

/**
 * Shopify order/refund → touchpoint. The touchpoint id (also its eventId) is derived from the shop and the
 * Shopify object, so a retried or duplicated webhook yields the same event and has no second effect downstream.
 * Identifiers are passed as seen (raw phone included); customer-360 normalizes and resolves them.
 */
final class ShopifyTouchpointMapper {

    private ShopifyTouchpointMapper() {
    }

    static Touchpoint purchase(String shop, ShopifyPayloads.Order order, Instant receivedAt) {
        require(order.id() != null, "order.id is missing");
        require(order.currency() != null && order.totalPrice() != null, "order.currency and order.total_price are required");
        String id = EventMetadataFactory.derivedId("shopify", shop, "order", order.id().toString());
        ShopifyPayloads.Customer customer = order.customer();
        Optional<ShopifyPayloads.Address> address = Stream.of(order.billingAddress(), order.shippingAddress(),
                customer == null ? null : customer.defaultAddress()).filter(Objects::nonNull).findFirst();
        String phone = firstNonBlank(customer == null ? null : customer.phone(), order.phone(),
                address.map(ShopifyPayloads.Address::phone).orElse(null));
        IdentityHints identity = IdentityHints.newBuilder()
                .setEmail(firstNonBlank(customer == null ? null : customer.email(), order.email()))
                .setRawPhone(phone)
                .setShopifyCustomerId(customer == null || customer.id() == null ? null : customer.id().toString())
                .setFirstName(customer == null ? null : customer.firstName())
                .setLastName(customer == null ? null : customer.lastName())
                .setLocale(firstNonBlank(order.customerLocale(), customer == null ? null : customer.locale()))
                .setCountryCode(address.map(ShopifyPayloads.Address::countryCode).orElse(null))
                // the webhook is signed by the shop, and Shopify customer accounts are the shop's own records
                .setVerified(true)
                .build();
        List<LineItem> lines = Optional.ofNullable(order.lineItems()).orElse(List.of()).stream()
                .map(line -> LineItem.newBuilder()
                        .setSku(firstNonBlank(line.sku(), line.id() == null ? "unknown" : "shopify-line-" + line.id()))
                        .setProductId(line.productId() == null ? null : line.productId().toString())
                        .setTitle(Objects.requireNonNullElse(line.title(), ""))
                        .setQuantity(Objects.requireNonNullElse(line.quantity(), 1))
                        .setUnitPrice(money(order.currency(), Objects.requireNonNullElse(line.price(), BigDecimal.ZERO)))
                        .setCategory(line.productType() == null || line.productType().isBlank() ? null : line.productType())
                        .build())
                .toList();
        Instant placedAt = order.createdAt() == null ? receivedAt : order.createdAt().toInstant();
        PurchaseDetails purchase = PurchaseDetails.newBuilder()
                .setOrderId(order.id().toString())
                .setOrderNumber(firstNonBlank(order.name(), order.orderNumber() == null ? null : "#" + order.orderNumber(), order.id().toString()))
                .setTotal(money(order.currency(), order.totalPrice()))
                .setSubtotal(order.subtotalPrice() == null ? null : money(order.currency(), order.subtotalPrice()))
                .setLines(lines)
                .setPlacedAt(placedAt)
                .setCouponCodes(Optional.ofNullable(order.discountCodes()).orElse(List.of()).stream()
                        .map(ShopifyPayloads.DiscountCode::code).filter(Objects::nonNull).toList())
                .build();
        return Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, placedAt, "shopify:" + shop))
                .setTouchpointId(id)
                .setType(TouchpointType.PURCHASE)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("shopify")
                .setSourceReference(order.id().toString())
                .setIdentity(identity)
                .setPurchase(purchase)
                .setMarketingConsent(order.buyerAcceptsMarketing() == null ? null : ConsentHint.newBuilder()
                        .setChannel("EMAIL").setGranted(order.buyerAcceptsMarketing()).setCapturedAt(placedAt).build())
                .setAttributes(order.sourceName() == null ? Map.of() : Map.of("shopifySourceName", order.sourceName()))
                .build();
    }

    static Touchpoint refund(String shop, ShopifyPayloads.Refund refund, String defaultCurrency, Instant receivedAt) {
        require(refund.id() != null && refund.orderId() != null, "refund.id and refund.order_id are required");
        String id = EventMetadataFactory.derivedId("shopify", shop, "refund", refund.id().toString());
        List<ShopifyPayloads.Transaction> transactions = Optional.ofNullable(refund.transactions()).orElse(List.of());
        String currency = transactions.stream().map(ShopifyPayloads.Transaction::currency).filter(Objects::nonNull)
                .findFirst().orElse(defaultCurrency);
        List<ShopifyPayloads.RefundLineItem> refundLines = Optional.ofNullable(refund.refundLineItems()).orElse(List.of());
        BigDecimal refunded = transactions.stream()
                .filter(t -> "refund".equalsIgnoreCase(t.kind()) && !"failure".equalsIgnoreCase(t.status()) && t.amount() != null)
                .map(ShopifyPayloads.Transaction::amount).reduce(BigDecimal::add)
                .orElseGet(() -> refundLines.stream().map(l -> Objects.requireNonNullElse(l.subtotal(), BigDecimal.ZERO))
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
        Instant at = refund.createdAt() == null ? receivedAt : refund.createdAt().toInstant();
        RefundDetails details = RefundDetails.newBuilder()
                .setRefundId(refund.id().toString())
                .setOrderId(refund.orderId().toString())
                .setAmount(money(currency, refunded))
                .setLines(refundLines.stream().map(line -> RefundLine.newBuilder()
                        .setSku(line.lineItem() != null && line.lineItem().sku() != null ? line.lineItem().sku()
                                : "shopify-line-" + line.lineItemId())
                        .setQuantity(Objects.requireNonNullElse(line.quantity(), 0))
                        .setAmount(money(currency, Objects.requireNonNullElse(line.subtotal(), BigDecimal.ZERO)))
                        .build()).toList())
                .setReason(refund.note() == null || refund.note().isBlank() ? null : refund.note())
                .build();
        return Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, at, "shopify:" + shop))
                .setTouchpointId(id)
                .setType(TouchpointType.REFUND)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("shopify")
                .setSourceReference(refund.id().toString())
                // refunds carry no customer: customer-360 finds the buyer through the order id
                .setIdentity(IdentityHints.newBuilder().setVerified(true).build())
                .setRefund(details)
                .build();
    }

    /** The strongest identifier we have, so one source customer's touchpoints stay in order. */
    static String partitionKey(Touchpoint touchpoint) {
        IdentityHints identity = touchpoint.getIdentity();
        if (identity.getShopifyCustomerId() != null) {
            return "shopify-customer:" + identity.getShopifyCustomerId();
        }
        if (identity.getEmail() != null) {
            return "email:" + identity.getEmail().trim().toLowerCase(Locale.ROOT);
        }
        String orderId = touchpoint.getPurchase() != null ? touchpoint.getPurchase().getOrderId()
                : touchpoint.getRefund() != null ? touchpoint.getRefund().getOrderId() : touchpoint.getSourceReference();
        return "shopify-order:" + orderId;
    }

    static Money money(String currency, BigDecimal amount) {
        return Money.newBuilder().setCurrency(currency.toUpperCase(Locale.ROOT))
                .setAmount(amount.setScale(4, RoundingMode.HALF_EVEN)).build();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
