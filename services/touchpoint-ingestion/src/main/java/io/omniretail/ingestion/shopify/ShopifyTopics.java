package io.omniretail.ingestion.shopify;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.Touchpoint;

/** Every Shopify webhook topic the edge maps: the payload it binds and the mapper that makes its touchpoint. */
final class ShopifyTopics {

    record Mapping<T>(Class<T> payload, BiFunction<ShopifyDelivery, T, Touchpoint> mapper) {
    }

    private static final Map<String, Mapping<?>> TOPICS = new HashMap<>();

    static {
        register(ShopifyOrderMapper.TOPICS, new Mapping<>(ShopifyPayloads.Order.class, ShopifyOrderMapper::order));
        register(Set.of("refunds/create"), new Mapping<>(ShopifyPayloads.Refund.class, ShopifyOrderMapper::refund));
        register(ShopifyCustomerMapper.CUSTOMER_TOPICS, new Mapping<>(ShopifyPayloads.Customer.class, ShopifyCustomerMapper::customer));
        register(ShopifyCustomerMapper.CHECKOUT_TOPICS, new Mapping<>(ShopifyPayloads.Checkout.class, ShopifyCustomerMapper::checkout));
        register(ShopifyFulfillmentMapper.TOPICS, new Mapping<>(ShopifyPayloads.Fulfillment.class, ShopifyFulfillmentMapper::fulfillment));
        register(ShopifyReturnMapper.RETURN_TOPICS.keySet(), new Mapping<>(ShopifyPayloads.Return.class, ShopifyReturnMapper::returned));
        register(Set.of(ShopifyReturnMapper.ATTACH_DELIVERABLE), new Mapping<>(ShopifyPayloads.ReverseDelivery.class, ShopifyReturnMapper::labelAttached));
        register(ShopifyCustomerMapper.CONSENT_TOPICS, new Mapping<>(ShopifyPayloads.ConsentUpdate.class, ShopifyCustomerMapper::consent));
        register(ShopifyPrivacyMapper.TOPICS.keySet(), new Mapping<>(ShopifyPayloads.PrivacyRequest.class, ShopifyPrivacyMapper::request));
    }

    private ShopifyTopics() {
    }

    private static void register(Set<String> topics, Mapping<?> mapping) {
        topics.forEach(topic -> TOPICS.put(topic, mapping));
    }

    /** The mapping of a topic, null for a topic the edge does not map. */
    static Mapping<?> of(String topic) {
        return TOPICS.get(topic);
    }

    static Set<String> topics() {
        return Set.copyOf(TOPICS.keySet());
    }

    /** The strongest identifier we have, so one source customer's touchpoints stay in order; else the order's. */
    static String partitionKey(Touchpoint touchpoint) {
        IdentityHints identity = touchpoint.getIdentity();
        if (identity.getShopifyCustomerId() != null) {
            return "shopify-customer:" + identity.getShopifyCustomerId();
        }
        if (identity.getEmail() != null) {
            return "email:" + identity.getEmail().trim().toLowerCase(Locale.ROOT);
        }
        String orderId = touchpoint.getPurchase() != null ? touchpoint.getPurchase().getOrderId()
                : touchpoint.getRefund() != null ? touchpoint.getRefund().getOrderId()
                : touchpoint.getFulfillment() != null ? touchpoint.getFulfillment().getOrderId()
                : touchpoint.getSourceReturn() != null ? touchpoint.getSourceReturn().getOrderId()
                : null;
        if (orderId != null) {
            return "shopify-order:" + orderId;
        }
        // a label names only its return: keyed like the return's other deliveries when they name no order either
        return touchpoint.getSourceReturn() != null ? "shopify-return:" + touchpoint.getSourceReturn().getReturnId()
                : "shopify:" + touchpoint.getSourceReference();
    }
}
