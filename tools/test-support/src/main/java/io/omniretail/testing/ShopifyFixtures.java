package io.omniretail.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Shopify webhook samples of tools/shopify/samples (one shopper's whole lifecycle, see its README.md) as test
 * fixtures: read as shipped, or made the own of shopper n so that runs on a shared broker never collide, and signed
 * the way Shopify signs them.
 */
public final class ShopifyFixtures {

    public static final String DEMO_SHOP = "demo-shop.myshopify.com";
    public static final String DEMO_SECRET = "demo-shop-secret";
    /** The order, Shopify customer, checkout, fulfilment and return ids of the samples. */
    public static final String SAMPLE_ORDER_ID = "6150423871562";

    private ShopifyFixtures() {
    }

    public static String read(String sample) {
        try {
            return Files.readString(samples().resolve(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A sample for shopper n (8 digits) and their order: the customer's id, e-mail and phones (national
     * 090-nnnn-nnnn), the order, its checkout token, fulfilment and return ids are theirs.
     */
    public static String forShopper(String sample, String n, String orderId, String email) {
        String national = "090-" + n.substring(0, 4) + "-" + n.substring(4);
        return read(sample)
                .replace(SAMPLE_ORDER_ID, orderId)
                .replace("7598311063626", "75" + n + "01")
                .replace("hana.yamada@example.jp", email)
                .replace("+819012345678", "+8190" + n)
                .replace("+81 90-1234-5678", "+81 " + national.substring(1))
                .replace("090-1234-5678", national)
                .replace("8f0c1d2e3b4a59687766554433221100", "8f0c1d2e3b4a5968" + n + "00000000")
                .replace("5521763975242", "55" + n + "242")
                .replace("9387456522", "93" + n);
    }

    /** X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(secret, raw body)). */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** tools/shopify/samples, found from any module directory of the repository. */
    static Path samples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/shopify/samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/shopify/samples not found above " + Path.of("").toAbsolutePath());
    }
}
