package io.omniretail.loyalty.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When points lapse: each credit (a purchase's points net of their reversals, a bonus, a merged-in balance) is valid
 * for a fixed period after it was booked, and spending uses the oldest credits first (FIFO). So what lapses at a time
 * is what the credits due by then hold beyond everything spent so far (redeemed net of released, earlier expiries,
 * balances merged away). That never exceeds the balance, and once booked the expiry counts as spent, so asking again
 * the same day gives 0: the rule is idempotent. Pure; no validity means points never lapse.
 */
public final class PointsExpiry {

    /** A credit: positive points booked at a time; non-positive lots (an order fully reversed) hold nothing. */
    public record Lot(long points, Instant bookedAt) {
        public Lot {
            Objects.requireNonNull(bookedAt, "bookedAt");
        }
    }

    /** The points of a credit due on a date, and that date. */
    public record Due(Instant at, long points) {
    }

    private final Optional<Duration> validity;

    public PointsExpiry(Optional<Duration> validity) {
        validity.ifPresent(v -> {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("points validity must be positive: " + v);
            }
        });
        this.validity = validity;
    }

    /** How long a credit is valid; empty when points never lapse. */
    public Optional<Duration> validity() {
        return validity;
    }

    /**
     * Points that lapse at {@code now}.
     *
     * @param lots  the account's credits
     * @param spent everything the account spent that is not tied to a credit (positive)
     */
    public long toExpire(List<Lot> lots, long spent, Instant now) {
        if (validity.isEmpty()) {
            return 0;
        }
        long due = lots.stream().filter(lot -> lot.points() > 0 && !expiresAt(lot).isAfter(now)).mapToLong(Lot::points).sum();
        return Math.max(0, due - Math.max(0, spent));
    }

    /**
     * The next credits that will lapse after {@code now}, and how many of their points are left then (what the
     * account view shows as "N points expire on D"); empty when nothing is left to lapse.
     */
    public Optional<Due> next(List<Lot> lots, long spent, Instant now) {
        if (validity.isEmpty()) {
            return Optional.empty();
        }
        long used = Math.max(0, spent);
        List<Lot> oldestFirst = lots.stream().filter(lot -> lot.points() > 0)
                .sorted(Comparator.comparing(Lot::bookedAt)).toList();
        for (int i = 0; i < oldestFirst.size(); i++) {
            Lot lot = oldestFirst.get(i);
            long left = lot.points() - used;
            used = Math.max(0, used - lot.points());
            Instant at = expiresAt(lot);
            if (left > 0 && at.isAfter(now)) {
                // nothing is used beyond this lot, so the later credits due the same instant lapse whole
                long due = left + oldestFirst.subList(i + 1, oldestFirst.size()).stream()
                        .filter(later -> expiresAt(later).equals(at)).mapToLong(Lot::points).sum();
                return Optional.of(new Due(at, due));
            }
        }
        return Optional.empty();
    }

    private Instant expiresAt(Lot lot) {
        return lot.bookedAt().plus(validity.orElseThrow());
    }
}
