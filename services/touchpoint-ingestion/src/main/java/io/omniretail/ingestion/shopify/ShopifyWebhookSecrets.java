package io.omniretail.ingestion.shopify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The shops we accept webhooks from and their secrets. Shopify signs every webhook with
 * base64(HMAC-SHA256(app secret, raw body)) in X-Shopify-Hmac-Sha256; a shop may have several secrets during a
 * rotation, and any of them verifies.
 */
@ApplicationScoped
public class ShopifyWebhookSecrets {

    private final Map<String, List<byte[]>> secretsByShop;

    @Inject
    public ShopifyWebhookSecrets(ShopifyConfig config) {
        this(config.webhookSecrets());
    }

    /** From "shop=secret1|secret2;other-shop=secret3". */
    ShopifyWebhookSecrets(String config) {
        this.secretsByShop = parse(config);
    }

    /** "shop=secret1|secret2;other-shop=secret3" */
    static Map<String, List<byte[]>> parse(String config) {
        Map<String, List<byte[]>> shops = new HashMap<>();
        for (String entry : config.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("omniretail.shopify.webhook-secrets: expected shop=secret, got '" + entry + "'");
            }
            shops.put(entry.substring(0, eq).trim().toLowerCase(Locale.ROOT), Arrays.stream(entry.substring(eq + 1).split("\\|"))
                    .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        }
        return Map.copyOf(shops);
    }

    public boolean knows(String shopDomain) {
        return shopDomain != null && secretsByShop.containsKey(shopDomain.toLowerCase(Locale.ROOT));
    }

    /** Constant-time comparison against every secret of the shop. */
    public boolean verify(String shopDomain, byte[] rawBody, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank() || !knows(shopDomain)) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signatureHeader.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        boolean valid = false;
        for (byte[] secret : secretsByShop.get(shopDomain.toLowerCase(Locale.ROOT))) {
            valid |= MessageDigest.isEqual(hmac(secret, rawBody), presented);
        }
        return valid;
    }

    public static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
