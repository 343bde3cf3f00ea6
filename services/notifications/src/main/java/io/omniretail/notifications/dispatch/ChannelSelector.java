package io.omniretail.notifications.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;

/**
 * Which channels may carry a message, best first: the channel the request asks for, the customer's preferred one, then
 * the purpose's configured fallback order. A channel qualifies when we have an address on it and the customer's
 * consent for the purpose. Transactional messages need no opt-in (an address given while buying is consent for
 * receipts) but respect an explicit "no"; marketing (and a purpose this version does not know) needs an explicit "yes".
 * Pure.
 */
public final class ChannelSelector {

    public record Decision(ContactChannel channel, ConsentPurpose purpose) {
    }

    private ChannelSelector() {
    }

    public static List<ContactChannel> candidates(ContactChannel requested, ContactChannel preferred, ConsentPurpose purpose,
            List<ContactChannel> fallbackOrder, Function<ContactChannel, String> addressOf, Map<Decision, Boolean> consents) {
        Set<ContactChannel> order = new LinkedHashSet<>();
        if (requested != null) {
            order.add(requested);
        }
        if (preferred != null) {
            order.add(preferred);
        }
        order.addAll(fallbackOrder);
        List<ContactChannel> usable = new ArrayList<>();
        for (ContactChannel channel : order) {
            if (channel == ContactChannel.UNKNOWN || addressOf.apply(channel) == null) {
                continue;
            }
            Boolean decision = consents.get(new Decision(channel, purpose == ConsentPurpose.TRANSACTIONAL ? purpose : ConsentPurpose.MARKETING));
            boolean allowed = purpose == ConsentPurpose.TRANSACTIONAL ? !Boolean.FALSE.equals(decision) : Boolean.TRUE.equals(decision);
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
