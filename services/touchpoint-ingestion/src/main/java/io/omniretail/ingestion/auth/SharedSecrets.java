package io.omniretail.ingestion.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Secrets shared with outside senders, several per sender so that one can be rotated while the other still works:
 * "sender=secret1|secret2;other-sender=secret3" (Shopify shops and their webhook secrets, stores and their POS API
 * keys, analytics sources and their write keys). Sender names are case-insensitive.
 */
public final class SharedSecrets {

    private final Map<String, List<byte[]>> bySender;

    private SharedSecrets(Map<String, List<byte[]>> bySender) {
        this.bySender = bySender;
    }

    /** Parses the configuration; {@code property} and {@code form} (e.g. "shop=secret") name it in the error of a malformed entry. */
    public static SharedSecrets parse(String config, String property, String form) {
        Map<String, List<byte[]>> senders = new HashMap<>();
        for (String entry : config.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(property + ": expected " + form + ", got '" + entry + "'");
            }
            senders.put(entry.substring(0, eq).trim().toLowerCase(Locale.ROOT), Arrays.stream(entry.substring(eq + 1).split("\\|"))
                    .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        }
        return new SharedSecrets(Map.copyOf(senders));
    }

    public boolean knows(String sender) {
        return sender != null && bySender.containsKey(sender.toLowerCase(Locale.ROOT));
    }

    /**
     * The sender one of whose secrets was presented (analytics write keys name their source only by themselves), or
     * null. Every secret is compared in constant time, whichever matches.
     */
    public String senderOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, List<byte[]>> sender : bySender.entrySet()) {
            for (byte[] secret : sender.getValue()) {
                if (MessageDigest.isEqual(secret, given)) {
                    found = sender.getKey();
                }
            }
        }
        return found;
    }

    /** The sender's secrets (empty for an unknown sender). */
    public List<byte[]> of(String sender) {
        return sender == null ? List.of() : bySender.getOrDefault(sender.toLowerCase(Locale.ROOT), List.of());
    }
}
