package io.omniretail.ingestion.shopify;

import java.util.concurrent.ThreadLocalRandom;

import io.omniretail.testing.ShopifyFixtures;

/** The sample webhooks shipped in tools/shopify/samples (also posted by `make shopify-order`), as fixtures. */
final class ShopifySamples {

    static final String SHOP = ShopifyFixtures.DEMO_SHOP;
    static final String SECRET = ShopifyFixtures.DEMO_SECRET;
    static final String SAMPLE_ORDER_ID = ShopifyFixtures.SAMPLE_ORDER_ID;

    private ShopifySamples() {
    }

    static String read(String name) {
        return ShopifyFixtures.read(name);
    }

    /** The sample order with a fresh order id, so tests never collide with earlier runs on the same topic. */
    static String orderWithFreshId() {
        return read("orders-create.json").replace(SAMPLE_ORDER_ID, Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000_000L)));
    }

    static String sign(String secret, String body) {
        return ShopifyFixtures.sign(secret, body);
    }
}
