package io.omniretail.ingestion.shopify;

import io.omniretail.ingestion.auth.SharedSecrets;
import io.omniretail.ingestion.edge.Signatures;
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
        return knows(shopDomain)
                && Signatures.matchesBase64(signatureHeader, secrets.of(shopDomain), secret -> hmac(secret, rawBody));
    }

    public static byte[] hmac(byte[] secret, byte[] body) {
        return Signatures.hmacSha256(secret, body);
    }
}
