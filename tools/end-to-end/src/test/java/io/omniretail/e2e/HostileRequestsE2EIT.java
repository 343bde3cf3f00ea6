package io.omniretail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.testing.TestTokens;
import io.omniretail.testing.TopicProbe;

/**
 * Seeded, reproducible hostile traffic against every HTTP endpoint of every running service, discovered from
 * each service's OpenAPI document: random bytes, truncated and wrongly typed JSON, deep nesting, huge numbers and
 * strings, control characters and over-long values in path and query parameters, wrong methods and content types,
 * unknown paths, forged bearer tokens; most requests to role-checked endpoints carry an admin's real token so that
 * they reach the endpoint; for the Shopify webhook also correctly SIGNED hostile bodies. Proves: no answer is a 5xx, every
 * error is problem+json, every service is still ready afterwards, and every signed body that could not be mapped
 * (202) is kept on retail.webhooks.quarantine.v1. Size and seed: -Dhostile.requests (default 3000), -Dhostile.seed.
 */
class HostileRequestsE2EIT {

    static final int REQUESTS = Integer.getInteger("hostile.requests", 3_000);
    static final long SEED = Long.getLong("hostile.seed", 20_261_201L);
    static final Map<String, Integer> SERVICES = new TreeMap<>(Map.of("touchpoint-ingestion", 1, "customer-360", 2,
            "orchestration", 3, "loyalty", 4, "promotions", 5, "notifications", 6, "returns", 7));
    static final String[] HOSTILE_VALUES = {"%00", "a%00b", "%01%02", "%7F", "%FF%FE", "%E2%80%AE", "..%2F..%2Fetc%2Fpasswd",
            "99999999999999999999999999999", "-1", "0", "1e999999999", "NaN", "%27%20OR%201%3D1%20--", "%20", "null",
            "%F0%9F%98%80", "x".repeat(3_000), "%C0%AF", "%25", "%3Cscript%3E"};
    static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/xml", "application/octet-stream",
            "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/x-www-form-urlencoded"};
    static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"};

    record Endpoint(String service, int port, String path, String method) {
    }

    record Outcome(Endpoint endpoint, String method, String uri, int status, String contentType, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void hostileRequestsGetNoServerErrorAndSignedUnmappableBodiesAreKept() throws Exception {
        List<Endpoint> endpoints = discover();
        assertThat(endpoints).extracting(Endpoint::service).containsAll(SERVICES.keySet());
        Random random = new Random(SEED);
        List<HttpRequest> requests = new ArrayList<>();
        List<Endpoint> targets = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
            requests.add(hostile(endpoint, random));
            targets.add(endpoint);
        }
        Set<String> quarantined = ConcurrentHashMap.newKeySet();
        List<Outcome> serverErrors = Collections.synchronizedList(new ArrayList<>());
        List<Outcome> notProblemJson = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        try (TopicProbe quarantine = TopicProbe.from("retail.webhooks.quarantine.v1");
                ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                HttpRequest request = requests.get(i);
                Endpoint endpoint = targets.get(i);
                sent.add(pool.submit(() -> {
                    HttpResponse<String> response = send(request);
                    int status = response.statusCode();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    Outcome outcome = new Outcome(endpoint, request.method(), request.uri().toString(), status, type,
                            response.body().length() > 300 ? response.body().substring(0, 300) : response.body());
                    if (status >= 500) {
                        serverErrors.add(outcome);
                    } else if (status >= 400 && !request.method().equals("HEAD") && !type.startsWith("application/problem+json")) {
                        notProblemJson.add(outcome);
                    }
                    if (status == 202) {
                        quarantined.add(request.headers().firstValue("X-Shopify-Webhook-Id").orElseThrow());
                    }
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            String summary = String.format("%d hostile requests (seed %d) to %d endpoints of %d services; answers by status %s; "
                    + "%d answered 5xx; %d 4xx without problem+json; %d signed but unmappable bodies quarantined (202)",
                    requests.size(), SEED, endpoints.size(), SERVICES.size(), new TreeMap<>(statuses), serverErrors.size(),
                    notProblemJson.size(), quarantined.size());
            System.out.println(summary);
            String report = System.getProperty("reliability.report");
            if (report != null) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(report), "\n### Hostile requests (HostileRequestsE2EIT)\n\n"
                        + summary + ".\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            assertThat(serverErrors).as("answers with a 5xx").isEmpty();
            assertThat(notProblemJson).as("4xx answers without problem+json").isEmpty();
            assertThat(quarantined).as("some signed bodies were unmappable").isNotEmpty();
            Set<String> kept = ConcurrentHashMap.newKeySet();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!kept.containsAll(quarantined) && System.nanoTime() < deadline) {
                quarantine.collect(Duration.ofMillis(500)).forEach(r -> kept.add(r.key().substring(r.key().lastIndexOf('/') + 1)));
            }
            assertThat(kept).as("every quarantined webhook is on retail.webhooks.quarantine.v1").containsAll(quarantined);
        }
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            assertThat(send(HttpRequest.newBuilder(URI.create(base(service.getValue()) + "/q/health/ready")).build()).statusCode())
                    .as(service.getKey() + " ready after the hostile requests").isEqualTo(200);
        }
    }

    /** Every path and method of every service's OpenAPI document, plus one unknown path per service. */
    List<Endpoint> discover() throws Exception {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            HttpResponse<String> openapi = send(HttpRequest.newBuilder(URI.create(base(service.getValue()) + "/q/openapi?format=json")).build());
            assertThat(openapi.statusCode()).as(service.getKey() + " OpenAPI").isEqualTo(200);
            JsonNode paths = json.readTree(openapi.body()).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                    String method = methods.next().toUpperCase();
                    if (List.of(METHODS).contains(method)) {
                        endpoints.add(new Endpoint(service.getKey(), service.getValue(), path.getKey(), method));
                    }
                }
            }
            endpoints.add(new Endpoint(service.getKey(), service.getValue(), "/no/such/{thing}", "GET"));
        }
        return endpoints;
    }

    HttpRequest hostile(Endpoint endpoint, Random random) {
        String path = endpoint.path();
        while (path.contains("{")) {
            path = path.replaceFirst("\\{[^}]+}", random.nextInt(4) == 0 ? "ok-" + random.nextInt(1000) : pick(HOSTILE_VALUES, random));
        }
        StringBuilder query = new StringBuilder();
        for (int i = random.nextInt(3); i > 0; i--) {
            query.append(query.isEmpty() ? "?" : "&").append(pick(new String[] {"customerId", "type", "value", "status", "limit", "x"}, random))
                    .append('=').append(pick(HOSTILE_VALUES, random));
        }
        String method = random.nextInt(6) == 0 ? pick(METHODS, random) : endpoint.method();
        byte[] body = body(random);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(endpoint.port()) + path + query))
                .timeout(Duration.ofSeconds(30))
                .method(method, method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") && random.nextBoolean()
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (random.nextInt(5) > 0) {
            request.header("Content-Type", pick(CONTENT_TYPES, random));
        }
        if (!endpoint.service().equals("touchpoint-ingestion")) {
            // mostly an admin's token, so that the bodies and parameters reach the endpoint; sometimes a forged one or none
            int credentials = random.nextInt(8);
            if (credentials > 1) {
                request.header("Authorization", "Bearer " + TestTokens.of(TestTokens.ADMIN));
            } else if (credentials == 1) {
                request.header("Authorization", "Bearer " + pick(new String[] {"e30.e30.", "x".repeat(5_000), "a.b.c", ""}, random));
            }
        }
        if (endpoint.path().startsWith("/webhooks/shopify")) {
            request.header("X-Shopify-Topic", pick(new String[] {"orders/create", "orders/create", "refunds/create", "customers/create", "x".repeat(100)}, random));
            request.header("X-Shopify-Shop-Domain", random.nextInt(8) == 0 ? "stranger.myshopify.com" : "demo-shop.myshopify.com");
            request.header("X-Shopify-Webhook-Id", "hostile-" + SEED + "-" + random.nextLong());
            if (random.nextInt(6) > 0) {
                request.header("X-Shopify-Hmac-Sha256", random.nextInt(8) == 0 ? "bm90IGEgc2lnbmF0dXJl" : ShopifySamples.sign(body));
            }
        }
        return request.build();
    }

    /** Bodies a careless or hostile client sends. */
    static byte[] body(Random random) {
        String order = "{\"id\": %s, \"currency\": %s, \"total_price\": %s, \"email\": %s, \"line_items\": %s, \"customer\": %s}";
        return switch (random.nextInt(14)) {
            case 0 -> randomBytes(random, random.nextInt(2_048));
            case 1 -> new byte[0];
            case 2 -> "null".getBytes(StandardCharsets.UTF_8);
            case 3 -> "{}".getBytes(StandardCharsets.UTF_8);
            case 4 -> ("[" .repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("\uFEFF" + order.formatted(1, "\"JPY\"", "\"100\"", "null", "[]", "null")).getBytes(StandardCharsets.UTF_8);
            case 6 -> order.formatted(value(random), value(random), value(random), value(random), value(random), value(random))
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> order.formatted(random.nextLong(1, Long.MAX_VALUE), "\"JPY\"", "\"1" + "0".repeat(random.nextInt(30)) + "\"",
                    "\"a@b.c\"", "[null]", "{\"id\": null}").getBytes(StandardCharsets.UTF_8);
            case 8 -> "{\"id\": 1, \"id\": 2}{\"id\": 3}".getBytes(StandardCharsets.UTF_8);
            case 9 -> ("{\"id\": 1, \"order_id\": 2, \"refund_line_items\": [{\"quantity\": -5, \"subtotal\": 1e999999999}], "
                    + "\"transactions\": [null]}").getBytes(StandardCharsets.UTF_8);
            case 10 -> ("{\"customerId\": " + value(random) + ", \"orderId\": " + value(random) + ", \"lines\": [{\"sku\": "
                    + value(random) + ", \"quantity\": " + value(random) + ", \"amount\": " + value(random) + ", \"currency\": "
                    + value(random) + "}]}").getBytes(StandardCharsets.UTF_8);
            case 11 -> ("{\"id\": 5, \"currency\": \"JPY\", \"total_price\": \"10\", \"line_items\": ["
                    + "{\"title\": \"x\"},".repeat(1_200) + "{}]}").getBytes(StandardCharsets.UTF_8);
            case 12 -> ("{\"id\": 6, \"name\": \"" + "\\u0000".repeat(20) + "\", \"currency\": \"JPY\", \"total_price\": \"10\"}")
                    .getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] valid = order.formatted(random.nextLong(1, Long.MAX_VALUE), "\"JPY\"", "\"1200\"", "\"fuzz@example.jp\"", "[]", "null")
                        .getBytes(StandardCharsets.UTF_8);
                yield java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            }
        };
    }

    static String value(Random random) {
        return pick(new String[] {"null", "true", "-1", "0", "1e999999999", "-1e-999999999", "123456789012345678901234567890",
                "\"\"", "\"" + "y".repeat(5_000) + "\"", "\"\\u0000\"", "[]", "{}", "[1, 2]", "\"JPY\"", "\"12.5\"", "3.14",
                "\"2026-13-45T99:99:99Z\"", "{\"a\": {\"b\": {\"c\": []}}}"}, random);
    }

    static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String base(int offset) {
        return OneShopperAcrossChannelsE2EIT.service(offset);
    }
}
