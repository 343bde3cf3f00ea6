package io.omniretail.ingestion.shopify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** The sample webhooks shipped in tools/shopify/samples (also posted by `make shopify-order`), as fixtures. */
final class ShopifySamples {

    static final String SHOP = "demo-shop.myshopify.com";
    static final String SECRET = "demo-shop-secret";
    static final String SAMPLE_ORDER_ID = "6150423871562";

    private ShopifySamples() {
    }

    static String read(String name) {
        try {
            return Files.readString(Path.of("../../tools/shopify/samples", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample order with a fresh order id, so tests never collide with earlier runs on the same topic. */
    static String orderWithFreshId() {
        return read("orders-create.json").replace(SAMPLE_ORDER_ID, Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000_000L)));
    }

    static String sign(String secret, String body) {
        return Base64.getEncoder().encodeToString(
                ShopifyWebhookSecrets.hmac(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }
}
