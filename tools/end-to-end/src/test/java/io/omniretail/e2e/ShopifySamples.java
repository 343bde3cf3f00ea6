package io.omniretail.e2e;

import java.nio.charset.StandardCharsets;

import io.omniretail.testing.ShopifyFixtures;

/** tools/shopify/samples made unique for one shopper (n: 8 digits), and the demo shop's webhook signature. */
final class ShopifySamples {

    private ShopifySamples() {
    }

    /** orders-create.json for shopper n: e-mail, Shopify customer id and phone (national 090-nnnn-nnnn) of their own. */
    static String order(String n, String orderId, String email) {
        return ShopifyFixtures.forShopper("orders-create.json", n, orderId, email);
    }

    static String forShopper(String sample, String n, String orderId, String email) {
        return ShopifyFixtures.forShopper(sample, n, orderId, email);
    }

    static String refund(String orderId, String refundId) {
        return ShopifyFixtures.read("refunds-create.json").replace(ShopifyFixtures.SAMPLE_ORDER_ID, orderId).replace("1012345678905", refundId);
    }

    /** X-Shopify-Hmac-Sha256 of the body for the demo shop. */
    static String sign(byte[] body) {
        return ShopifyFixtures.sign(ShopifyFixtures.DEMO_SECRET, new String(body, StandardCharsets.UTF_8));
    }
}
