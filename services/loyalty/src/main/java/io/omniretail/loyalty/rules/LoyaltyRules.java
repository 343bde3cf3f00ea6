package io.omniretail.loyalty.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The programme's arithmetic, free of persistence and messaging so it can be tested on its own. Amounts are
 * exact decimals in the programme currency; every rounding goes down (in the customer's favour for reversals,
 * and a partial point is never granted).
 */
public final class LoyaltyRules {

    /** A tier reached at {@code minRollingSpend} (net spend over the window) that multiplies base points. */
    public record Tier(String name, BigDecimal minRollingSpend, BigDecimal multiplier) {
        public Tier {
            Objects.requireNonNull(name, "name");
            if (minRollingSpend.signum() < 0 || multiplier.signum() < 0) {
                throw new IllegalArgumentException("tier " + name + ": threshold and multiplier must not be negative");
            }
        }
    }

    private final String currency;
    private final BigDecimal spendUnit;
    private final long pointsPerUnit;
    private final List<Tier> tiersAscending;
    private final Duration tierWindow;

    public LoyaltyRules(String currency, BigDecimal spendUnit, long pointsPerUnit, List<Tier> tiers, Duration tierWindow) {
        this.currency = Objects.requireNonNull(currency, "currency");
        if (spendUnit.signum() <= 0 || pointsPerUnit < 0) {
            throw new IllegalArgumentException("spend unit must be > 0 and points per unit >= 0");
        }
        this.spendUnit = spendUnit;
        this.pointsPerUnit = pointsPerUnit;
        this.tiersAscending = tiers.stream().sorted(Comparator.comparing(Tier::minRollingSpend)).toList();
        if (tiersAscending.isEmpty() || tiersAscending.get(0).minRollingSpend().signum() != 0) {
            throw new IllegalArgumentException("exactly one tier must start at a rolling spend of 0: " + tiers);
        }
        if (tiersAscending.size() > 1 && tiersAscending.get(1).minRollingSpend().signum() == 0) {
            throw new IllegalArgumentException("two tiers start at a rolling spend of 0: " + tiers);
        }
        this.tierWindow = Objects.requireNonNull(tierWindow, "tierWindow");
    }

    /** ISO 4217 code that points and thresholds are counted in. */
    public String currency() {
        return currency;
    }

    /** How far back spend counts for the tier (rolling 12 months). */
    public Duration tierWindow() {
        return tierWindow;
    }

    /** The tier of a new account (threshold 0). */
    public String entryTier() {
        return tiersAscending.get(0).name();
    }

    /** The multiplier of a tier; a tier no longer configured earns like the entry tier. */
    public BigDecimal multiplier(String tier) {
        return tiersAscending.stream().filter(t -> t.name().equals(tier)).findFirst()
                .orElse(tiersAscending.get(0)).multiplier();
    }

    /** floor(floor(total / spend unit) * points per unit * multiplier of the tier). */
    public long pointsForPurchase(BigDecimal total, String tier) {
        return pointsForPurchase(total, tier, BigDecimal.ONE);
    }

    /** As {@link #pointsForPurchase(BigDecimal, String)}, times another multiplier (a paid membership's), rounded once. */
    public long pointsForPurchase(BigDecimal total, String tier, BigDecimal extraMultiplier) {
        if (total.signum() < 0) {
            throw new IllegalArgumentException("a purchase total cannot be negative: " + total);
        }
        BigDecimal fullUnits = total.divide(spendUnit, 0, RoundingMode.FLOOR);
        return fullUnits.multiply(BigDecimal.valueOf(pointsPerUnit)).multiply(multiplier(tier)).multiply(extraMultiplier)
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The highest tier whose threshold the net rolling spend reaches. */
    public String tierFor(BigDecimal rollingSpend) {
        for (int i = tiersAscending.size() - 1; i > 0; i--) {
            if (rollingSpend.compareTo(tiersAscending.get(i).minRollingSpend()) >= 0) {
                return tiersAscending.get(i).name();
            }
        }
        return tiersAscending.get(0).name();
    }

    /**
     * Points a refund takes back from an order. Computed on the cumulative refunded share of the order, so that
     * partial refunds adding up to the whole order reverse exactly what it earned despite rounding, and never
     * more than the order earned minus what earlier refunds already reversed.
     *
     * @param earnedPoints   points the order earned
     * @param orderTotal     the order's total (its purchase spend)
     * @param refundedBefore amount of the order refunded by earlier refunds
     * @param reversedBefore points earlier refunds of the order already reversed (positive)
     * @param refundAmount   amount of this refund (positive)
     */
    public long pointsToReverse(long earnedPoints, BigDecimal orderTotal, BigDecimal refundedBefore, long reversedBefore,
            BigDecimal refundAmount) {
        long remaining = earnedPoints - reversedBefore;
        if (remaining <= 0 || orderTotal.signum() <= 0 || refundAmount.signum() <= 0) {
            return 0;
        }
        BigDecimal refundedShare = refundedBefore.add(refundAmount).min(orderTotal);
        long reversedInTotal = BigDecimal.valueOf(earnedPoints).multiply(refundedShare)
                .divide(orderTotal, 0, RoundingMode.FLOOR).longValueExact();
        return Math.clamp(reversedInTotal - reversedBefore, 0, remaining);
    }

    /** The part of a refund that lowers the order's spend: never more than what is left of the order. */
    public BigDecimal spendToReverse(BigDecimal orderTotal, BigDecimal refundedBefore, BigDecimal refundAmount) {
        BigDecimal left = orderTotal.subtract(refundedBefore).max(BigDecimal.ZERO);
        return refundAmount.max(BigDecimal.ZERO).min(left);
    }
}
