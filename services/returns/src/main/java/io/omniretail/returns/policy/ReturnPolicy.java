package io.omniretail.returns.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an associate may open a return for an order, and for how much. The order must be known and belong to the
 * customer; each line must be inside its category's return window and not final sale (by category or SKU prefix); the
 * units must have been bought and not returned yet; and the money never exceeds what was paid: per SKU, what its
 * lines cost, and for the order, its total, less what earlier returns already took. A line without an amount is
 * priced at what was paid for its units. Shopify and POS refunds are not checked: the money already went back at the
 * source. Pure: no I/O, no framework, the clock is a parameter.
 */
public final class ReturnPolicy {

    /** A bought line: units and what they cost in all (unit price after line discounts × quantity). */
    public record BoughtLine(String sku, int quantity, BigDecimal paid, String category) {
    }

    /** What is known of the original order; lines is empty when the source sent none. */
    public record OrderFacts(String orderId, String customerId, Instant placedAt, BigDecimal total, List<BoughtLine> lines) {
    }

    /** A line asked for; amount null means "what was paid for these units". */
    public record RequestedLine(String sku, int quantity, BigDecimal amount) {
    }

    /** What earlier cases of the order (not rejected) already take back: units and money per SKU, and money in all. */
    public record Returned(Map<String, Integer> units, Map<String, BigDecimal> amounts, BigDecimal total) {
        public static final Returned NOTHING = new Returned(Map.of(), Map.of(), BigDecimal.ZERO);
    }

    /** A category's own rules: its return window (null: the default) and whether it is final sale. */
    public record CategoryRule(Integer windowDays, boolean finalSale) {
    }

    /** Why a request is refused: code is the problem slug, detail is for the associate. */
    public record Violation(String code, String title, String detail) {
    }

    /** The policy's answer: the violation, or the lines with their amounts settled. */
    public record Decision(Optional<Violation> violation, List<RequestedLine> lines) {
        static Decision refused(String code, String title, String detail) {
            return new Decision(Optional.of(new Violation(code, title, detail)), List.of());
        }
    }

    public static final String UNKNOWN_ORDER = "unknown-order";
    public static final String ANOTHER_CUSTOMERS_ORDER = "order-of-another-customer";
    public static final String OUTSIDE_WINDOW = "outside-return-window";
    public static final String FINAL_SALE = "final-sale";
    public static final String NOT_ON_ORDER = "not-on-order";
    public static final String QUANTITY_EXCEEDED = "quantity-exceeds-purchase";
    public static final String AMOUNT_EXCEEDED = "refund-exceeds-paid";

    private final int windowDays;
    private final List<String> finalSalePrefixes;
    private final Map<String, CategoryRule> categories;

    public ReturnPolicy(int windowDays, List<String> finalSalePrefixes, Map<String, CategoryRule> categories) {
        if (windowDays < 0 || categories.values().stream().anyMatch(rule -> rule.windowDays() != null && rule.windowDays() < 0)) {
            throw new IllegalArgumentException("return windows must be >= 0 days");
        }
        this.windowDays = windowDays;
        this.finalSalePrefixes = finalSalePrefixes == null ? List.of() : finalSalePrefixes.stream()
                .filter(Objects::nonNull).map(String::trim).filter(p -> !p.isEmpty())
                .map(p -> p.toUpperCase(Locale.ROOT)).distinct().toList();
        Map<String, CategoryRule> byName = new LinkedHashMap<>();
        categories.forEach((name, rule) -> byName.put(name.toLowerCase(Locale.ROOT), rule));
        this.categories = Map.copyOf(byName);
    }

    public List<String> finalSalePrefixes() {
        return finalSalePrefixes;
    }

    /** Final sale by SKU prefix or by the category's rule. */
    public boolean isFinalSale(String sku, String category) {
        String upper = sku.toUpperCase(Locale.ROOT);
        return finalSalePrefixes.stream().anyMatch(upper::startsWith) || rule(category).map(CategoryRule::finalSale).orElse(false);
    }

    /** The last instant a return of the category may be requested for an order placed at placedAt. */
    public Instant deadline(Instant placedAt, String category) {
        return placedAt.plus(Duration.ofDays(windowDays(category)));
    }

    private int windowDays(String category) {
        return rule(category).map(CategoryRule::windowDays).filter(Objects::nonNull).orElse(windowDays);
    }

    private Optional<CategoryRule> rule(String category) {
        return category == null ? Optional.empty() : Optional.ofNullable(categories.get(category.toLowerCase(Locale.ROOT)));
    }

    /**
     * The first rule the request breaks, or the lines with their amounts.
     *
     * @param order    the original order, null when it was never seen
     * @param returned what earlier cases of this order that were not rejected take back
     */
    public Decision check(String customerId, String orderId, OrderFacts order, List<RequestedLine> lines, Returned returned, Instant now) {
        if (order == null) {
            return Decision.refused(UNKNOWN_ORDER, "Unknown order", "order " + orderId + " is not known to the returns service");
        }
        if (customerId != null && !customerId.equals(order.customerId())) {
            return Decision.refused(ANOTHER_CUSTOMERS_ORDER, "Order of another customer",
                    "order " + orderId + " was not placed by customer " + customerId);
        }
        Map<String, List<BoughtLine>> bought = new LinkedHashMap<>();
        order.lines().forEach(line -> bought.computeIfAbsent(line.sku(), sku -> new ArrayList<>()).add(line));
        for (RequestedLine line : lines) {
            String category = bought.getOrDefault(line.sku(), List.of()).stream().map(BoughtLine::category)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            Instant deadline = deadline(order.placedAt(), category);
            if (now.isAfter(deadline)) {
                return Decision.refused(OUTSIDE_WINDOW, "Outside return window", "order " + orderId + " was placed on "
                        + order.placedAt().atOffset(ZoneOffset.UTC).toLocalDate() + "; " + line.sku()
                        + (category == null ? "" : " (" + category + ")") + " could be returned for " + windowDays(category)
                        + " days, until " + deadline.atOffset(ZoneOffset.UTC).toLocalDate());
            }
            if (isFinalSale(line.sku(), category)) {
                return Decision.refused(FINAL_SALE, "Final sale", "SKU " + line.sku()
                        + (category == null ? "" : " (" + category + ")") + " is final sale and cannot be returned");
            }
        }
        if (bought.isEmpty()) {
            // the source sent no lines: every amount must be given, and the order's total caps them
            if (lines.stream().anyMatch(line -> line.amount() == null)) {
                return Decision.refused(AMOUNT_EXCEEDED, "Amount needed", "order " + orderId
                        + " came without its lines, so each returned line needs the amount to refund");
            }
            return capByTotal(order, lines, returned);
        }
        Map<String, Long> units = new LinkedHashMap<>(); // long: no sum of asked units overflows past the check
        lines.forEach(line -> units.merge(line.sku(), (long) line.quantity(), Long::sum));
        for (Map.Entry<String, Long> entry : units.entrySet()) {
            String sku = entry.getKey();
            if (!bought.containsKey(sku)) {
                return Decision.refused(NOT_ON_ORDER, "Not on the order", "SKU " + sku + " was not bought on order " + orderId);
            }
            long had = bought.get(sku).stream().mapToLong(BoughtLine::quantity).sum();
            long before = returned.units().getOrDefault(sku, 0);
            if (before + entry.getValue() > had) {
                return Decision.refused(QUANTITY_EXCEEDED, "More units than bought", "order " + orderId + " has " + had + " x "
                        + sku + ", " + before + " already returned; " + entry.getValue() + " more cannot be returned");
            }
        }
        List<RequestedLine> priced = new ArrayList<>();
        Map<String, BigDecimal> asked = new LinkedHashMap<>();
        for (RequestedLine line : lines) {
            List<BoughtLine> skuLines = bought.get(line.sku());
            BigDecimal paid = skuLines.stream().map(BoughtLine::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
            long had = skuLines.stream().mapToLong(BoughtLine::quantity).sum();
            BigDecimal amount = line.amount() != null ? line.amount()
                    : paid.multiply(BigDecimal.valueOf(line.quantity())).divide(BigDecimal.valueOf(had), 4, RoundingMode.DOWN);
            priced.add(new RequestedLine(line.sku(), line.quantity(), amount));
            asked.merge(line.sku(), amount, BigDecimal::add);
        }
        for (Map.Entry<String, BigDecimal> entry : asked.entrySet()) {
            String sku = entry.getKey();
            BigDecimal paid = bought.get(sku).stream().map(BoughtLine::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal before = returned.amounts().getOrDefault(sku, BigDecimal.ZERO);
            if (before.add(entry.getValue()).compareTo(paid) > 0) {
                return Decision.refused(AMOUNT_EXCEEDED, "More money than paid", "order " + orderId + " paid "
                        + paid.stripTrailingZeros().toPlainString() + " for " + sku + ", " + before.stripTrailingZeros().toPlainString()
                        + " already refunded; " + entry.getValue().stripTrailingZeros().toPlainString() + " more cannot be refunded");
            }
        }
        return capByTotal(order, priced, returned);
    }

    /** Whatever the lines say, the order's total (after order-level discounts) caps what all its returns refund. */
    private static Decision capByTotal(OrderFacts order, List<RequestedLine> lines, Returned returned) {
        BigDecimal asked = lines.stream().map(RequestedLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (returned.total().add(asked).compareTo(order.total()) > 0) {
            return Decision.refused(AMOUNT_EXCEEDED, "More money than paid", "order " + order.orderId() + " totalled "
                    + order.total().stripTrailingZeros().toPlainString() + ", " + returned.total().stripTrailingZeros().toPlainString()
                    + " already refunded; " + asked.stripTrailingZeros().toPlainString() + " more cannot be refunded");
        }
        return new Decision(Optional.empty(), lines);
    }
}
