/*
 * PostWebhook: replays a Shopify webhook payload against a local endpoint, signed and with
 * the headers Shopify sends over HTTPS delivery.
 *
 *   java tools/shopify/PostWebhook.java [options] <payload.json>
 *
 * Single-file Java 21 program (java.net.http only, no dependencies). See tools/shopify/README.md.
 *
 * The body is sent byte for byte as it is on disk, and the HMAC is computed over exactly those
 * bytes, as Shopify does: base64(HMAC-SHA256(key = client secret, message = raw body)).
 */

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class PostWebhook {

    static final String DEFAULT_URL = "http://127.0.0.1:29101/webhooks/shopify";
    static final String DEFAULT_SHOP = "demo-shop.myshopify.com";
    static final String DEFAULT_SECRET = "demo-shop-secret";
    static final String SECRET_ENV = "SHOPIFY_WEBHOOK_SECRET";
    static final String DEFAULT_API_VERSION = "2025-07";
    /** Shopify gives an endpoint 5 s for the whole request (1 s to connect) before it counts a failure. */
    static final int DEFAULT_TIMEOUT_SECONDS = 5;

    static final String USAGE = """
            Usage: java tools/shopify/PostWebhook.java [options] <payload.json>

            Signs <payload.json> like Shopify does and POSTs it with Shopify's webhook headers.

            Options:
              --url <url>            endpoint (default %s)
              --topic <topic>        X-Shopify-Topic (default: from the file name,
                                     orders-create*.json -> orders/create, refunds-create*.json -> refunds/create)
              --shop <domain>        X-Shopify-Shop-Domain (default %s)
              --secret <secret>      HMAC key (default: $%s, else "%s")
              --webhook-id <id>      X-Shopify-Webhook-Id (default: random UUID; reuse one to simulate a retry)
              --event-id <id>        X-Shopify-Event-Id (default: random UUID)
              --triggered-at <ts>    X-Shopify-Triggered-At (default: now, ISO-8601 UTC)
              --api-version <ver>    X-Shopify-API-Version (default %s)
              --timeout <seconds>    request timeout (default %d, Shopify's own limit)
              --bad-signature        send a well-formed but wrong HMAC (the endpoint should answer 401)
              -h, --help             show this help

            Exit status: 0 on a 2xx answer, 1 on any other HTTP status, 2 on usage or I/O errors.
            """.formatted(DEFAULT_URL, DEFAULT_SHOP, SECRET_ENV, DEFAULT_SECRET, DEFAULT_API_VERSION,
            DEFAULT_TIMEOUT_SECONDS);

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    static int run(String[] args) {
        String url = DEFAULT_URL;
        String topic = null;
        String shop = DEFAULT_SHOP;
        String secret = null;
        String webhookId = null;
        String eventId = null;
        String triggeredAt = null;
        String apiVersion = DEFAULT_API_VERSION;
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        boolean badSignature = false;
        List<String> positional = new ArrayList<>();

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            // Accept both "--opt value" and "--opt=value".
            String inlineValue = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inlineValue = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                case "--bad-signature" -> badSignature = true;
                case "--url" -> url = value(args, ++i, arg, inlineValue);
                case "--topic" -> topic = value(args, ++i, arg, inlineValue);
                case "--shop" -> shop = value(args, ++i, arg, inlineValue);
                case "--secret" -> secret = value(args, ++i, arg, inlineValue);
                case "--webhook-id" -> webhookId = value(args, ++i, arg, inlineValue);
                case "--event-id" -> eventId = value(args, ++i, arg, inlineValue);
                case "--triggered-at" -> triggeredAt = value(args, ++i, arg, inlineValue);
                case "--api-version" -> apiVersion = value(args, ++i, arg, inlineValue);
                case "--timeout" -> {
                    String v = value(args, ++i, arg, inlineValue);
                    try {
                        timeoutSeconds = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--timeout needs a whole number of seconds, got '" + v + "'");
                    }
                    if (timeoutSeconds <= 0) {
                        throw new UsageException("--timeout must be positive");
                    }
                }
                default -> {
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
            if (inlineValue != null && !takesValue(arg)) {
                throw new UsageException(arg + " takes no value");
            }
            if (inlineValue != null) {
                i--; // value() consumed nothing from args for --opt=value
            }
        }
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty() ? "missing <payload.json>" : "expected exactly one payload file");
        }

        Path file = Path.of(positional.get(0));
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            System.err.println("error: no such file: " + file);
            return 2;
        } catch (IOException e) {
            System.err.println("error: cannot read " + file + ": " + e);
            return 2;
        }

        if (topic == null) {
            topic = topicFromFileName(file);
        }
        String secretSource = "--secret";
        if (secret == null) {
            String fromEnv = System.getenv(SECRET_ENV);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                secret = fromEnv;
                secretSource = "$" + SECRET_ENV;
            } else {
                secret = DEFAULT_SECRET;
                secretSource = "built-in demo default";
            }
        }
        if (webhookId == null) {
            webhookId = UUID.randomUUID().toString();
        }
        if (eventId == null) {
            eventId = UUID.randomUUID().toString();
        }
        if (triggeredAt == null) {
            triggeredAt = Instant.now().toString();
        }

        String hmac = badSignature
                // Same format as a real signature (44 base64 chars), but keyed with the wrong secret.
                ? hmacSha256Base64((secret + "-not-the-real-secret").getBytes(StandardCharsets.UTF_8), body)
                : hmacSha256Base64(secret.getBytes(StandardCharsets.UTF_8), body);

        Map<String, String> headers = new LinkedHashMap<>();
        // The JSON body is UTF-8; the receiver must still verify the HMAC on the raw bytes, not on a re-serialized object.
        headers.put("Content-Type", "application/json");
        // What Shopify's webhook sender calls itself (observed, not documented); harmless for routing.
        headers.put("User-Agent", "Shopify-Captain-Hook");
        // Which event this is (e.g. orders/create); the receiver routes on it. Not covered by the HMAC.
        headers.put("X-Shopify-Topic", topic);
        // base64 HMAC-SHA256 of the raw body with the app's client secret: the only proof the request came
        // from Shopify and the body was not altered. Verify it (constant-time) before trusting anything else.
        headers.put("X-Shopify-Hmac-Sha256", hmac);
        // The shop's permanent *.myshopify.com domain: which merchant/tenant the payload belongs to.
        headers.put("X-Shopify-Shop-Domain", shop);
        // The API version used to serialize the payload; field names/shape depend on it.
        headers.put("X-Shopify-API-Version", apiVersion);
        // Unique per delivery (per subscription); Shopify's docs use it to deduplicate deliveries.
        headers.put("X-Shopify-Webhook-Id", webhookId);
        // When the event fired (UTC). Retries carry the original payload, so compare this to spot stale data.
        headers.put("X-Shopify-Triggered-At", triggeredAt);
        // Identifies the underlying event; shared by the deliveries one merchant action fans out to.
        headers.put("X-Shopify-Event-Id", eventId);

        System.out.println("POST " + url);
        System.out.println("  body: " + file + " (" + body.length + " bytes, sent unchanged)");
        System.out.println("  secret: " + secretSource + (badSignature ? " (signature deliberately WRONG)" : ""));
        headers.forEach((k, v) -> System.out.println("  " + k + ": " + v));

        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --url: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new UsageException("--url must be an http:// or https:// URL");
        }

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(Math.min(timeoutSeconds, 5)))
                .followRedirects(HttpClient.Redirect.NEVER) // Shopify treats 3xx as a failed delivery
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);

        HttpResponse<String> response;
        long start = System.nanoTime();
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            System.err.println("error: no answer within " + timeoutSeconds + " s (Shopify would count this as a failed delivery and retry)");
            return 2;
        } catch (ConnectException e) {
            System.err.println("error: cannot connect to " + url + " (is the service running?)");
            return 2;
        } catch (IOException e) {
            System.err.println("error: " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("error: interrupted");
            return 2;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        int status = response.statusCode();
        boolean ok = status >= 200 && status < 300;
        System.out.println();
        System.out.println("HTTP " + status + " in " + millis + " ms" + (ok ? "" : "  (Shopify would treat this as a failure and retry)"));
        String responseBody = response.body();
        if (responseBody != null && !responseBody.isEmpty()) {
            System.out.println(responseBody);
        }
        return ok ? 0 : 1;
    }

    /** orders-create.json -> orders/create; refunds-create.json -> refunds/create; orders-create-second-customer.json -> orders/create. */
    static String topicFromFileName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        String[] parts = name.split("-");
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new UsageException("cannot derive the topic from file name '" + file.getFileName()
                    + "' (expected <resource>-<action>[-anything].json); pass --topic");
        }
        return parts[0] + "/" + parts[1];
    }

    static String hmacSha256Base64(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean takesValue(String option) {
        return switch (option) {
            case "--url", "--topic", "--shop", "--secret", "--webhook-id", "--event-id", "--triggered-at",
                 "--api-version", "--timeout" -> true;
            default -> false;
        };
    }

    static String value(String[] args, int i, String option, String inlineValue) {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
