package io.omniretail.ingestion.line;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.omniretail.ingestion.edge.Signatures;

/**
 * Account-link nonces that need no storage: {@code base64url("v1|<expiry>|<random>|<accountId>") + "." +
 * base64url(HMAC-SHA256(link secret, that text))}. The retailer's server asks for one for the logged-in account and
 * hands it to LINE with the user's link token; LINE returns it in the accountLink event of the user who completed
 * the flow, so a valid nonce proves that this LINE user owns that account. Forged, altered or expired nonces name
 * nobody. LINE asks for 10 to 255 characters, unpredictable: account ids are limited to 100 characters to fit, and
 * 16 random bytes make each nonce unguessable even for the same account.
 */
public final class LineLinkNonces {

    public static final int MAX_ACCOUNT_ID = 100;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    public LineLinkNonces(String key, Duration ttl) {
        if (key.length() < 32) {
            throw new IllegalArgumentException("omniretail.line.link-secret: at least 32 characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
    }

    public record Issued(String nonce, Instant expiresAt) {
    }

    public Issued issue(String accountId, Instant now) {
        if (accountId == null || accountId.isBlank() || accountId.length() > MAX_ACCOUNT_ID || accountId.contains("|")) {
            throw new IllegalArgumentException("accountId: 1 to " + MAX_ACCOUNT_ID + " characters, without '|'");
        }
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Instant expiresAt = now.plus(ttl);
        String text = "v1|" + expiresAt.getEpochSecond() + "|" + ENCODE.encodeToString(nonce) + "|" + accountId;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Issued(ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(Signatures.hmacSha256(key, bytes)), expiresAt);
    }

    /** The account a genuine, unexpired nonce was issued for. */
    public Optional<String> accountOf(String nonce, Instant now) {
        if (nonce == null || nonce.length() > 512) {
            return Optional.empty();
        }
        int dot = nonce.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        byte[] text;
        byte[] mac;
        try {
            text = DECODE.decode(nonce.substring(0, dot));
            mac = DECODE.decode(nonce.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(Signatures.hmacSha256(key, text), mac)) {
            return Optional.empty();
        }
        String[] parts = new String(text, StandardCharsets.UTF_8).split("\\|", 4);
        if (parts.length != 4 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(parts[1])).isBefore(now) ? Optional.empty() : Optional.of(parts[3]);
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        }
    }
}
