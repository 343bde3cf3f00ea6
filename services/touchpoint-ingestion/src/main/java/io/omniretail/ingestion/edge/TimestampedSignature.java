package io.omniretail.ingestion.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The signature of the platform's own generic webhooks (chat and contact-centre platforms, survey tools):
 * {@code X-Omniretail-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>}, the scheme
 * Stripe made familiar. The timestamp inside the signed text bounds a replay to {@code tolerance}; several v1
 * values may be sent while a secret is rotated, and any that matches verifies (ADR 0014).
 */
public final class TimestampedSignature {

    public static final String HEADER = "X-Omniretail-Signature";

    private TimestampedSignature() {
    }

    public enum Outcome {
        VALID, INVALID, STALE
    }

    public static Outcome verify(String header, byte[] body, List<byte[]> secrets, Instant now, Duration tolerance) {
        if (header == null || header.isBlank() || header.length() > 1024 || secrets.isEmpty()) {
            return Outcome.INVALID;
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException unreadable) {
                    return Outcome.INVALID;
                }
            } else if (name.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Outcome.INVALID;
        }
        byte[] signed = signedText(timestamp, body);
        boolean valid = false;
        for (String signature : signatures) {
            valid |= Signatures.matchesHex(signature, secrets, secret -> Signatures.hmacSha256(secret, signed));
        }
        if (!valid) {
            return Outcome.INVALID;
        }
        return Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds() ? Outcome.STALE : Outcome.VALID;
    }

    /** The header value a sender puts on {@code body} at {@code timestamp} (for senders, tests and the demo tools). */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(Signatures.hmacSha256(secret, signedText(timestamp, body)));
    }

    private static byte[] signedText(long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return signed;
    }
}
