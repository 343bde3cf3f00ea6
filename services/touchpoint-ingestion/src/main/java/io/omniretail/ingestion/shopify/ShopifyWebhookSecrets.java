package io.omniretail.ingestion.shopify;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;


import io.omniretail.ingestion.auth.SharedSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The shops we accept webhooks from and their secrets. Shopify signs every webhook with
 * base64(HMAC-SHA256(app secret, raw body)) in X-Shopify-Hmac-Sha256; a shop may have several secrets during a
 * rotation, and any of them verifies.
 */
@ApplicationScoped
public class ShopifyWebhookSecrets {

    private final SharedSecrets secrets;

    @Inject
    public ShopifyWebhookSecrets(ShopifyConfig config) {
        this(config.webhookSecrets());
    }

    /** From "shop=secret1|secret2;other-shop=secret3". */
    ShopifyWebhookSecrets(String config) {
        this.secrets = SharedSecrets.parse(config, "omniretail.shopify.webhook-secrets", "shop=secret");
    }

    public boolean knows(String shopDomain) {
        return secrets.knows(shopDomain);
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
        for (byte[] secret : secrets.of(shopDomain)) {
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
