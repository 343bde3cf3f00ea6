package io.omniretail.ingestion.analytics;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.omniretail.ingestion.auth.SharedSecrets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The analytics sources' write keys (omniretail.analytics.write-keys) and which sources are trusted, read once for
 * every endpoint that takes a write key (the events API, LINE account-link nonces).
 */
@ApplicationScoped
public class WriteKeys {

    @Inject
    AnalyticsConfig config;

    private SharedSecrets keys;
    private Set<String> trusted;

    @PostConstruct
    void init() {
        keys = SharedSecrets.parse(config.writeKeys(), "omniretail.analytics.write-keys", "source=writeKey");
        trusted = Set.copyOf(config.trustedSources().orElse(List.of()));
    }

    /** The source whose write key was presented (HTTP Basic user name, else {@code bodyWriteKey}), or null. */
    public String sourceOf(String authorization, String bodyWriteKey) {
        String key = basicUser(authorization);
        return keys.senderOf(key != null ? key : bodyWriteKey);
    }

    /** A server-side source: its calls are asserted by the retailer's own login, so its userId is verified. */
    public boolean isTrusted(String source) {
        return source != null && trusted.contains(source);
    }

    /** "Basic base64(writeKey:)" → writeKey; null when absent or not Basic. */
    static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
