package io.omniretail.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Analytics calls in the shape analytics.js sends them (tools/analytics/samples/track-product-viewed.json, a
 * "Product Viewed" track call of 1.2 KB): each with its own anonymous visitor and messageId (prefixed with the
 * request's form, so the benchmark can tell which touchpoints came from which), authenticated by a write key
 * through HTTP Basic as the SDKs do. Either one call per request ({@code POST /v1/track}) or, as the mobile SDKs and
 * server libraries flush their queues, {@code size} calls per {@code POST /v1/batch}.
 */
final class AnalyticsCalls {

    static final String SINGLE_PREFIX = "bench-track-";
    static final String BATCH_PREFIX = "bench-batch-";

    private final String template;
    private final Map<String, String> auth;

    AnalyticsCalls(Path samples, String writeKey) throws IOException {
        this.template = Files.readString(samples.resolve("track-product-viewed.json"));
        this.auth = Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)));
    }

    private String call(String messagePrefix) {
        String visitor = UUID.randomUUID().toString();
        return template.replace("ANONYMOUS_ID", visitor).replace("MESSAGE_ID", messagePrefix + UUID.randomUUID());
    }

    WebhookClient.Request single() {
        return new WebhookClient.Request("/v1/track", auth, call(SINGLE_PREFIX).getBytes(StandardCharsets.UTF_8));
    }

    WebhookClient.Request batch(int size) {
        List<String> calls = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            calls.add(call(BATCH_PREFIX));
        }
        String body = "{\"batch\": [" + String.join(",", calls) + "], \"sentAt\": \"2026-12-01T02:59:55.120Z\"}";
        return new WebhookClient.Request("/v1/batch", auth, body.getBytes(StandardCharsets.UTF_8));
    }
}
