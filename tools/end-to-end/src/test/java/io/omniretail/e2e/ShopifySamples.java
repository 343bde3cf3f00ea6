package io.omniretail.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** tools/shopify/samples made unique for one shopper (n: 8 digits), and the demo shop's webhook signature. */
final class ShopifySamples {

    static final Path SAMPLES = Path.of("../shopify/samples");
    static final String SECRET = "demo-shop-secret";

    private ShopifySamples() {
    }

    /** orders-create.json for shopper n: e-mail, Shopify customer id and phone (national 090-nnnn-nnnn) of their own. */
    static String order(String n, String orderId, String email) throws IOException {
        String national = "090-" + n.substring(0, 4) + "-" + n.substring(4);
        return Files.readString(SAMPLES.resolve("orders-create.json"))
                .replace("6150423871562", orderId)
                .replace("7598311063626", "75" + n + "01")
                .replace("hana.yamada@example.jp", email)
                .replace("+81 90-1234-5678", "+81 " + national.substring(1))
                .replace("090-1234-5678", national);
    }

    static String refund(String orderId, String refundId) throws IOException {
        return Files.readString(SAMPLES.resolve("refunds-create.json")).replace("6150423871562", orderId).replace("1012345678905", refundId);
    }

    /** X-Shopify-Hmac-Sha256 of the body for the demo shop. */
    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
