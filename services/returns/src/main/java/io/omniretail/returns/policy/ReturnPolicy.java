package io.omniretail.returns.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an associate may open a return for an order: the order must be known and belong to the customer, be
 * inside the return window, carry no final-sale item, and the units asked for must have been bought and not
 * returned yet. Shopify and POS refunds are not checked: the money already went back at the source. Pure: no
 * I/O, no framework, the clock is a parameter.
 */
public final class ReturnPolicy {

    /** What is known of the original order; purchasedQuantities is empty when the source sent no lines. */
    public record OrderFacts(String orderId, String customerId, Instant placedAt, Map<String, Integer> purchasedQuantities) {
    }

    public record RequestedLine(String sku, int quantity) {
    }

    /** Why a request is refused: code is the problem slug, detail is for the associate. */
    public record Violation(String code, String title, String detail) {
    }

    public static final String UNKNOWN_ORDER = "unknown-order";
    public static final String ANOTHER_CUSTOMERS_ORDER = "order-of-another-customer";
    public static final String OUTSIDE_WINDOW = "outside-return-window";
    public static final String FINAL_SALE = "final-sale";
    public static final String NOT_ON_ORDER = "not-on-order";
    public static final String QUANTITY_EXCEEDED = "quantity-exceeds-purchase";

    private final int windowDays;
    private final List<String> finalSalePrefixes;

    public ReturnPolicy(int windowDays, List<String> finalSalePrefixes) {
        if (windowDays < 0) {
            throw new IllegalArgumentException("return window must be >= 0 days, was " + windowDays);
        }
        this.windowDays = windowDays;
        this.finalSalePrefixes = finalSalePrefixes == null ? List.of() : finalSalePrefixes.stream()
                .filter(Objects::nonNull).map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> p.toUpperCase(Locale.ROOT)).distinct().toList();
    }

    public int windowDays() {
        return windowDays;
    }

    public List<String> finalSalePrefixes() {
        return finalSalePrefixes;
    }

    public boolean isFinalSale(String sku) {
        String upper = sku.toUpperCase(Locale.ROOT);
        return finalSalePrefixes.stream().anyMatch(upper::startsWith);
    }

    /** The last instant a return may be requested for an order placed at placedAt. */
    public Instant deadline(Instant placedAt) {
        return placedAt.plus(Duration.ofDays(windowDays));
    }

    /**
     * The first rule the request breaks, or empty when it may be opened.
     *
     * @param order           the original order, null when it was never seen
     * @param alreadyReturned units per SKU of this order in other cases that were not rejected
     */
    public Optional<Violation> check(String customerId, String orderId, OrderFacts order, List<RequestedLine> lines,
            Map<String, Integer> alreadyReturned, Instant now) {
        if (order == null) {
            return Optional.of(new Violation(UNKNOWN_ORDER, "Unknown order",
                    "order " + orderId + " is not known to the returns service"));
        }
        if (customerId != null && !customerId.equals(order.customerId())) {
            return Optional.of(new Violation(ANOTHER_CUSTOMERS_ORDER, "Order of another customer",
                    "order " + orderId + " was not placed by customer " + customerId));
        }
        Instant deadline = deadline(order.placedAt());
        if (now.isAfter(deadline)) {
            return Optional.of(new Violation(OUTSIDE_WINDOW, "Outside return window",
                    "order " + orderId + " was placed on " + order.placedAt().atOffset(ZoneOffset.UTC).toLocalDate()
                            + "; returns were accepted for " + windowDays + " days, until "
                            + deadline.atOffset(ZoneOffset.UTC).toLocalDate()));
        }
        for (RequestedLine line : lines) {
            if (isFinalSale(line.sku())) {
                return Optional.of(new Violation(FINAL_SALE, "Final sale", "SKU " + line.sku() + " is final sale and cannot be returned"));
            }
        }
        Map<String, Integer> purchased = order.purchasedQuantities() == null ? Map.of() : order.purchasedQuantities();
        if (purchased.isEmpty()) {
            return Optional.empty(); // the source sent no lines: nothing more to check against
        }
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (RequestedLine line : lines) {
            requested.merge(line.sku(), line.quantity(), Integer::sum);
        }
        for (Map.Entry<String, Integer> entry : requested.entrySet()) {
            String sku = entry.getKey();
            Integer bought = purchased.get(sku);
            if (bought == null) {
                return Optional.of(new Violation(NOT_ON_ORDER, "Not on the order", "SKU " + sku + " was not bought on order " + orderId));
            }
            int returned = alreadyReturned == null ? 0 : alreadyReturned.getOrDefault(sku, 0);
            if (returned + entry.getValue() > bought) {
                return Optional.of(new Violation(QUANTITY_EXCEEDED, "More units than bought",
                        "order " + orderId + " has " + bought + " x " + sku + ", " + returned
                                + " already returned; " + entry.getValue() + " more cannot be returned"));
            }
        }
        return Optional.empty();
    }
}
