package io.omniretail.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed Shopify orders/create webhooks in the shape of tools/shopify/samples/orders-create.json (11.7 KB), each
 * made a fresh shopper: its own order id, Shopify customer id, e-mail and JP mobile number. A run draws one of 267
 * number ranges (070/080/090 and a two-digit prefix), so consecutive runs do not meet each other's customers.
 * Not thread-safe (one Mac): one instance per sending thread.
 */
final class ShopifyOrders {

    static final String SHOP = "demo-shop.myshopify.com";

    record Signed(String email, byte[] body, String signature) {
        /** The orders/create webhook, with a fresh delivery id (Shopify's retries keep theirs; these are new deliveries). */
        WebhookClient.Request request() {
            return new WebhookClient.Request("/webhooks/shopify", Map.of("X-Shopify-Topic", "orders/create", "X-Shopify-Shop-Domain", SHOP,
                    "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Webhook-Id", UUID.randomUUID().toString()), body);
        }
    }

    private final String template;
    private final Mac mac;
    private final String mobilePrefix;
    private final long runBase;

    ShopifyOrders(Path samples, String secret) throws IOException, GeneralSecurityException {
        this.template = Files.readString(samples.resolve("orders-create.json"));
        this.mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.mobilePrefix = new String[] {"070", "080", "090"}[random.nextInt(3)];
        this.runBase = (10 + random.nextInt(89)) * 1_000_000L;
    }

    /** The n-th order of this run (n below 1,000,000). */
    Signed order(long n) {
        String digits = Long.toString(runBase + n);
        String national = mobilePrefix + "-" + digits.substring(0, 4) + "-" + digits.substring(4);
        String email = "bench." + mobilePrefix + digits + "@example.jp";
        String body = template
                .replace("6150423871562", "6" + mobilePrefix + digits + "1")
                .replace("7598311063626", "7" + mobilePrefix + digits + "1")
                .replace("hana.yamada@example.jp", email)
                .replace("+81 90-1234-5678", "+81 " + national.substring(1))
                .replace("090-1234-5678", national);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Signed(email, bytes, Base64.getEncoder().encodeToString(mac.doFinal(bytes)));
    }
}
