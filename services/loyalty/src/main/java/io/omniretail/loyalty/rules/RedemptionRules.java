package io.omniretail.loyalty.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Spending points as money off an order at the till or on Shopify: at least a minimum, in whole steps, each point
 * worth a fixed amount of the programme currency, held for a while until an order uses the code. Pure.
 */
public final class RedemptionRules {

    private final long minimumPoints;
    private final long step;
    private final BigDecimal valuePerPoint;
    private final Duration hold;

    public RedemptionRules(long minimumPoints, long step, BigDecimal valuePerPoint, Duration hold) {
        if (minimumPoints <= 0 || step <= 0 || valuePerPoint.signum() <= 0 || hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("redemption: minimum, step, value per point and hold must be positive");
        }
        this.minimumPoints = minimumPoints;
        this.step = step;
        this.valuePerPoint = valuePerPoint;
        this.hold = Objects.requireNonNull(hold);
    }

    /** How long an unused redemption holds its points before they are released. */
    public Duration hold() {
        return hold;
    }

    /** Why a request for {@code points} is not a valid amount, whatever the balance; empty when it is. */
    public Optional<String> invalidAmount(long points) {
        if (points < minimumPoints) {
            return Optional.of("at least " + minimumPoints + " points can be redeemed, not " + points);
        }
        if (points % step != 0) {
            return Optional.of("points are redeemed in steps of " + step + ", and " + points + " is not one");
        }
        return Optional.empty();
    }

    /** Whether a balance covers the points (a balance below 0, after a refund of points already spent, covers nothing). */
    public boolean covers(long balance, long points) {
        return balance >= points;
    }

    /** The discount the points buy, in the programme currency. */
    public BigDecimal discount(long points) {
        return valuePerPoint.multiply(BigDecimal.valueOf(points));
    }
}
