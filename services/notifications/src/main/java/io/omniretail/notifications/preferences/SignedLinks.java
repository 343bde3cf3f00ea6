package io.omniretail.notifications.preferences;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless links a customer follows without logging in: the preference centre and the one-click unsubscribe of one
 * channel. A token is base64url(scope | customerId | expiry) "." base64url(HMAC-SHA256 over it), so any instance can
 * verify it, nothing is stored, a token of one scope never opens another, and a changed secret revokes them all. Pure.
 */
public final class SignedLinks {

    /** What a valid token grants: one customer, one scope (e.g. "preferences", "unsubscribe:EMAIL"). */
    public record Grant(String scope, String customerId, Instant expires) {
    }

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final byte[] secret;

    public SignedLinks(String secret) {
        if (secret.length() < 16) {
            throw new IllegalArgumentException("the link secret needs at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(String scope, String customerId, Instant expires) {
        String payload = ENCODE.encodeToString((scope + "|" + customerId + "|" + expires.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODE.encodeToString(mac(payload));
    }

    /** The grant of a genuine, unexpired token of {@code scope}; empty for anything else. */
    public Optional<Grant> verify(String token, String scope, Instant now) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            if (!MessageDigest.isEqual(mac(payload), DECODE.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] parts = new String(DECODE.decode(payload), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(scope)) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            return expires.isAfter(now) ? Optional.of(new Grant(parts[0], parts[1], expires)) : Optional.empty();
        } catch (IllegalArgumentException e) { // not base64url, or no number
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
