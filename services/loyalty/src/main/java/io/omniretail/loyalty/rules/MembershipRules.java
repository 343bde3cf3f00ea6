package io.omniretail.loyalty.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The paid membership programme: plans bought as a product (their SKU, at least their fee per unit), each unit one
 * term; a term bought while a membership runs extends it from its end, otherwise it starts when paid; while it runs,
 * purchases earn the plan's points multiplier on top of the tier's; the fee itself earns nothing. Pure.
 */
public final class MembershipRules {

    public record Plan(String name, String sku, BigDecimal fee, Duration term, BigDecimal pointsMultiplier) {
        public Plan {
            Objects.requireNonNull(sku, "sku");
            if (fee.signum() < 0 || term.isNegative() || term.isZero() || pointsMultiplier.signum() <= 0) {
                throw new IllegalArgumentException("membership plan " + name + ": fee >= 0, term and multiplier > 0");
            }
        }
    }

    /** A bought line, as the rules need it: SKU, units and the price of one unit. */
    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }

    /** The terms a purchase buys: the plan and how many units. */
    public record Bought(Plan plan, int terms) {
    }

    private final Map<String, Plan> bySku;

    public MembershipRules(List<Plan> plans) {
        this.bySku = plans.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Plan::sku, plan -> plan));
    }

    /** The membership a purchase buys (the first plan among its lines whose unit price covers the fee), if any. */
    public Optional<Bought> bought(List<Line> lines) {
        return lines.stream().filter(line -> bySku.containsKey(line.sku()) && line.quantity() > 0
                        && line.unitPrice().compareTo(bySku.get(line.sku()).fee()) >= 0)
                .findFirst().map(line -> new Bought(bySku.get(line.sku()), line.quantity()));
    }

    /** Whether terms bought at {@code paidAt} extend a running membership (ending at {@code currentEnd}; null: none). */
    public boolean extendsRunning(Instant currentEnd, Instant paidAt) {
        return currentEnd != null && currentEnd.isAfter(paidAt);
    }

    /** When the membership ends after buying {@code terms} terms at {@code paidAt}: from its end if it runs, else from then. */
    public Instant endAfter(Instant currentEnd, Instant paidAt, Duration term, int terms) {
        return (extendsRunning(currentEnd, paidAt) ? currentEnd : paidAt).plus(term.multipliedBy(terms));
    }

    /** What of a purchase earns points: its total less the membership fees on it, never below zero. */
    public BigDecimal earnable(BigDecimal total, List<Line> lines) {
        BigDecimal fees = lines.stream().filter(line -> bySku.containsKey(line.sku()))
                .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()))).reduce(BigDecimal.ZERO, BigDecimal::add);
        return total.subtract(fees).max(BigDecimal.ZERO);
    }

    /** The points multiplier of a plan by name; 1 when there is none (or it is no longer configured). */
    public BigDecimal multiplier(String plan) {
        return plan == null ? BigDecimal.ONE : bySku.values().stream().filter(p -> p.name().equals(plan)).findFirst()
                .map(Plan::pointsMultiplier).orElse(BigDecimal.ONE);
    }

    /** A plan by name. */
    public Optional<Plan> plan(String name) {
        return bySku.values().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
