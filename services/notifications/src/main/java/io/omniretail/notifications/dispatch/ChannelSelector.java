package io.omniretail.notifications.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which channels may carry a message, best first: the channel the request asks for, the customer's preferred
 * one, then e-mail, SMS, LINE. A channel qualifies when we have an address on it and the customer's consent for
 * the purpose. Transactional messages need no opt-in (an address given while buying is consent for receipts)
 * but respect an explicit "no"; marketing needs an explicit "yes".
 */
public final class ChannelSelector {

    static final List<String> DEFAULT_ORDER = List.of("EMAIL", "SMS", "LINE");

    private ChannelSelector() {
    }

    /**
     * @param consents (channel + "/" + purpose) → granted, for what the customer decided
     */
    public static List<String> candidates(String requested, String preferred, String purpose,
            Function<String, String> addressOf, Map<String, Boolean> consents) {
        Set<String> order = new LinkedHashSet<>();
        if (requested != null) {
            order.add(requested);
        }
        if (preferred != null) {
            order.add(preferred);
        }
        order.addAll(DEFAULT_ORDER);
        List<String> usable = new ArrayList<>();
        for (String channel : order) {
            if (addressOf.apply(channel) == null) {
                continue;
            }
            Boolean decision = consents.get(channel + "/" + purpose);
            boolean allowed = "TRANSACTIONAL".equals(purpose) ? !Boolean.FALSE.equals(decision) : Boolean.TRUE.equals(decision);
            if (allowed) {
                usable.add(channel);
            }
        }
        return usable;
    }

    /** The template language for a customer's locale (e.g. "ja-JP" → "ja"), or the fallback. */
    public static String language(String locale, List<String> available, String fallback) {
        if (locale == null) {
            return fallback;
        }
        String language = locale.split("[-_]")[0].toLowerCase();
        return available.contains(language) ? language : fallback;
    }
}
