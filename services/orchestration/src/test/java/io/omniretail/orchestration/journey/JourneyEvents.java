package io.omniretail.orchestration.journey;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.events.touchpoint.ActivityDetails;
import io.omniretail.events.touchpoint.CheckoutDetails;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;

/** Events journeys read, as the tests (the live ITs and the in-memory dry runs) send them. */
final class JourneyEvents {

    private JourneyEvents() {
    }

    static CustomerEvent event(String customerId, TouchpointType type) {
        String id = UUID.randomUUID().toString();
        return CustomerEvent.newBuilder().setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test"))
                .setCustomerId(customerId).setTouchpointId(id).setType(type).setChannel(TouchpointChannel.ONLINE_SHOPIFY)
                .setSourceSystem("shopify").setSourceReference(id).build();
    }

    static CustomerEvent purchase(String customerId, String orderId) {
        return purchase(customerId, orderId, false);
    }

    static CustomerEvent purchase(String customerId, String orderId, boolean first) {
        String id = UUID.randomUUID().toString();
        return CustomerEvent.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, Instant.now(), "test"))
                .setCustomerId(customerId).setTouchpointId(id).setType(TouchpointType.PURCHASE)
                .setChannel(TouchpointChannel.ONLINE_SHOPIFY).setSourceSystem("shopify").setSourceReference(orderId)
                .setPurchase(PurchaseDetails.newBuilder().setOrderId(orderId).setOrderNumber("#1001")
                        .setTotal(Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(12_340).setScale(4)).build())
                        .setLines(List.of()).setPlacedAt(Instant.now()).build())
                .setIsFirstPurchase(first).build();
    }

    /** A purchase of one unit of a variant. */
    static CustomerEvent purchaseOf(String customerId, String sku) {
        CustomerEvent purchase = purchase(customerId, "order-" + UUID.randomUUID());
        purchase.getPurchase().setLines(List.of(LineItem.newBuilder().setSku(sku).setTitle("Organic cotton tee").setQuantity(1)
                .setUnitPrice(yen(2_980)).build()));
        return purchase;
    }

    static CustomerEvent checkout(String customer) {
        return CustomerEvent.newBuilder(event(customer, TouchpointType.CHECKOUT_UPDATED))
                .setCheckout(CheckoutDetails.newBuilder().setCheckoutToken("ck-" + customer).setCartToken("cart-" + customer)
                        .setRecoveryUrl("https://shop.example.jp/cart/recover/" + customer)
                        .setTotal(Money.newBuilder().setCurrency("JPY").setAmount(new BigDecimal("4400.0000")).build())
                        .setLines(List.of()).build()).build();
    }

    /** A back-in-stock or price-drop subscription to one variant, at the price the shopper saw. */
    static CustomerEvent subscribed(String customer, TouchpointType type, String sku, int yen) {
        return CustomerEvent.newBuilder(event(customer, type))
                .setActivity(ActivityDetails.newBuilder().setName(type == TouchpointType.PRICE_DROP_SUBSCRIBED ? "Price Drop Subscribed"
                        : "Back In Stock Subscribed").setProducts(List.of(LineItem.newBuilder().setSku(sku).setTitle("Organic cotton tee")
                        .setQuantity(1).setUnitPrice(yen(yen)).build())).build())
                .build();
    }

    /** The shop's current price and stock of a variant. */
    static ProductUpdated product(String sku, int yen, Long available) {
        String id = UUID.randomUUID().toString();
        return ProductUpdated.newBuilder().setMetadata(EventMetadataFactory.origin(id, Instant.now(), "shopify:demo-shop.myshopify.com"))
                .setSku(sku).setProductId("8123456789012").setVariantId("45123456789012").setTitle("Organic cotton tee - White / M")
                .setPrice(yen(yen)).setAvailable(available).setUrl("https://demo-shop.myshopify.com/products/organic-cotton-tee")
                .setSourceSystem("shopify").setUpdatedAt(Instant.now()).build();
    }

    private static Money yen(int amount) {
        return Money.newBuilder().setCurrency("JPY").setAmount(BigDecimal.valueOf(amount).setScale(4)).build();
    }

    static LoyaltyEvent bonus(String customer, EventMetadata cause, String commandId, long points, String reason) {
        return LoyaltyEvent.newBuilder().setMetadata(EventMetadataFactory.causedBy(cause, "bonus", "test", Instant.now()))
                .setCustomerId(customer).setType(LoyaltyEventType.BONUS_GRANTED).setPointsDelta(points).setBalance(points)
                .setTier("BASE").setReference(commandId).setReason(reason).setLedgerEntryId(UUID.randomUUID().toString()).build();
    }
}
