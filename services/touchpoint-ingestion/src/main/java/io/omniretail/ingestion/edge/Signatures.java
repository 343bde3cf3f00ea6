package io.omniretail.ingestion.edge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMACs outside senders sign with, and their comparison in constant time. Every presented signature is
 * compared with the one of every secret of the sender (two during a rotation), whichever matches, so the answer
 * time does not tell which secret or how much of it matched.
 */
public final class Signatures {

    private Signatures() {
    }

    public static byte[] hmacSha256(byte[] secret, byte[] data) {
        return hmac("HmacSHA256", secret, data);
    }

    public static byte[] hmacSha1(byte[] secret, byte[] data) {
        return hmac("HmacSHA1", secret, data);
    }

    private static byte[] hmac(String algorithm, byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the base64 {@code presented} signature is {@code sign(secret)} for one of {@code secrets}. */
    public static boolean matchesBase64(String presented, List<byte[]> secrets, Function<byte[], byte[]> sign) {
        if (presented == null || presented.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(presented.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return matches(given, secrets, sign);
    }

    /** Whether the hex {@code presented} signature is {@code sign(secret)} for one of {@code secrets}. */
    public static boolean matchesHex(String presented, List<byte[]> secrets, Function<byte[], byte[]> sign) {
        if (presented == null || presented.isBlank() || presented.length() % 2 != 0) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(presented.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return matches(given, secrets, sign);
    }

    private static boolean matches(byte[] given, List<byte[]> secrets, Function<byte[], byte[]> sign) {
        boolean valid = false;
        for (byte[] secret : secrets) {
            valid |= MessageDigest.isEqual(sign.apply(secret), given);
        }
        return valid;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
