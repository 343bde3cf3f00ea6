package io.omniretail.customer.traits;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.omniretail.events.customer.ChannelMix;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;

/** The behavioural traits' rules (ADR 0018). Pure and exhaustively tested (TraitRulesTest). */
public final class TraitRules {

    /** How many categories bought and browsed a profile keeps, most recent first. */
    public static final int MAX_CATEGORIES = 20;

    private static final Set<TouchpointType> BROWSING = Set.of(TouchpointType.PAGE_VIEW, TouchpointType.PRODUCT_VIEWED,
            TouchpointType.PRODUCT_SEARCHED, TouchpointType.CART_UPDATED, TouchpointType.CHECKOUT_UPDATED);
    private static final Set<TouchpointType> IN_STORE = Set.of(TouchpointType.PURCHASE, TouchpointType.APPOINTMENT_BOOKED,
            TouchpointType.APPOINTMENT_UPDATED, TouchpointType.RETURN_REQUEST, TouchpointType.SIGNUP);

    private TraitRules() {
    }

    public static ChannelMix channelMix(int onlinePurchases, int storePurchases) {
        if (onlinePurchases > 0 && storePurchases > 0) {
            return ChannelMix.OMNICHANNEL;
        }
        if (onlinePurchases > 0) {
            return ChannelMix.ONLINE_ONLY;
        }
        return storePurchases > 0 ? ChannelMix.STORE_ONLY : ChannelMix.NO_PURCHASE;
    }

    /**
     * A visit: something the customer did in a store (a sale, an appointment, a return or sign-up at the till), or
     * browsing the web shop or the app. Messages, e-mails and deliveries are not visits.
     */
    public static boolean isVisit(TouchpointType type, TouchpointChannel channel) {
        return switch (channel) {
            case STORE_POS -> IN_STORE.contains(type);
            case WEB, APP, ONLINE_SHOPIFY -> BROWSING.contains(type) || type == TouchpointType.PURCHASE;
            default -> false;
        };
    }

    /** Browsing that tells which categories interest the customer (their products' categories). */
    public static boolean isBrowsing(TouchpointType type) {
        return BROWSING.contains(type);
    }

    /** What a customer's purchases of the last 12 months add up to, and where they buy in store most. */
    public record PurchaseTraits(BigDecimal spend12Months, int purchases12Months, String preferredStoreId) {
    }

    /** A counted purchase as the traits need it. */
    public record Purchase(Instant placedAt, BigDecimal total, BigDecimal refunded, String currency, String storeId) {
    }

    /**
     * Spend (net of refunds) and purchases placed in the 12 months before {@code now}, in {@code currency} (other
     * currencies are not added up); the preferred store is the one with most purchases ever, the latest on a tie.
     * Spend is null for a customer who never bought.
     */
    public static PurchaseTraits purchaseTraits(List<Purchase> purchases, String currency, Instant now) {
        Instant since = now.atZone(ZoneOffset.UTC).minusMonths(12).toInstant();
        BigDecimal spend = null;
        int count = 0;
        Map<String, Integer> byStore = new HashMap<>();
        Map<String, Instant> lastAtStore = new HashMap<>();
        for (Purchase purchase : purchases) {
            if (purchase.storeId() != null) {
                byStore.merge(purchase.storeId(), 1, Integer::sum);
                lastAtStore.merge(purchase.storeId(), purchase.placedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
            if (purchase.placedAt().isAfter(since) && !purchase.placedAt().isAfter(now)) {
                count++;
                if (purchase.currency().equals(currency)) {
                    BigDecimal net = purchase.total().subtract(purchase.refunded()).max(BigDecimal.ZERO);
                    spend = spend == null ? net : spend.add(net);
                }
            }
        }
        if (spend == null && currency != null && !purchases.isEmpty()) {
            spend = BigDecimal.ZERO;
        }
        String preferred = byStore.keySet().stream()
                .max(Comparator.comparing((String store) -> byStore.get(store)).thenComparing(lastAtStore::get)).orElse(null);
        return new PurchaseTraits(spend, count, preferred);
    }

    /** {@code latest} first, then the earlier ones, without repeats, at most {@link #MAX_CATEGORIES}. */
    public static List<String> mostRecentFirst(List<String> earlier, List<String> latest) {
        Set<String> merged = new LinkedHashSet<>(latest);
        merged.addAll(earlier);
        List<String> all = new ArrayList<>(merged);
        return new ArrayList<>(all.subList(0, Math.min(all.size(), MAX_CATEGORIES)));
    }
}
