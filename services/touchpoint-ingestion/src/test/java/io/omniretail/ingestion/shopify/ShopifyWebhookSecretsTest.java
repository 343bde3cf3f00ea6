package io.omniretail.ingestion.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ShopifyWebhookSecretsTest {

    private final ShopifyWebhookSecrets secrets =
            new ShopifyWebhookSecrets("demo-shop.myshopify.com=new-secret|old-secret; other.myshopify.com=x");
    private final byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void eitherSecretOfARotationVerifies() {
        assertThat(secrets.verify("demo-shop.myshopify.com", body, ShopifySamples.sign("new-secret", "{\"id\":1}"))).isTrue();
        assertThat(secrets.verify("demo-shop.myshopify.com", body, ShopifySamples.sign("old-secret", "{\"id\":1}"))).isTrue();
    }

    @Test
    void aSignatureOverOtherBytesOrWithAnotherShopsSecretFails() {
        assertThat(secrets.verify("demo-shop.myshopify.com", body, ShopifySamples.sign("new-secret", "{\"id\": 1}"))).isFalse();
        assertThat(secrets.verify("demo-shop.myshopify.com", body, ShopifySamples.sign("x", "{\"id\":1}"))).isFalse();
        assertThat(secrets.verify("demo-shop.myshopify.com", body, "not base64 !")).isFalse();
        assertThat(secrets.verify("demo-shop.myshopify.com", body, null)).isFalse();
    }

    @Test
    void shopDomainsAreCaseInsensitiveAndUnknownShopsNeverVerify() {
        assertThat(secrets.knows("Demo-Shop.myshopify.com")).isTrue();
        assertThat(secrets.verify("unknown.myshopify.com", body, ShopifySamples.sign("new-secret", "{\"id\":1}"))).isFalse();
    }

    @Test
    void aMalformedSecretsSettingIsRefusedAtStartup() {
        assertThatThrownBy(() -> new ShopifyWebhookSecrets("demo-shop.myshopify.com"))
                .hasMessageContaining("expected shop=secret");
    }
}
