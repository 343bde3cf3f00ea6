package io.omniretail.customer.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * The latest FITTED fit of one model as an instance sees it: read from the database at most once a minute (another
 * instance may have fitted since), and at once after this instance fitted. Thread-safe; null before the first fit.
 */
final class LatestFit<F> {

    private static final Duration CACHE = Duration.ofMinutes(1);

    private final Supplier<Uni<F>> query;
    private volatile F latest;
    private volatile Instant readAt = Instant.MIN;

    /** {@code query}: the latest FITTED fit, run in the caller's session. */
    LatestFit(Supplier<Uni<F>> query) {
        this.query = query;
    }

    Uni<F> get() {
        if (Instant.now().isBefore(readAt.plus(CACHE))) {
            return Uni.createFrom().item(latest);
        }
        return query.get().invoke(this::set);
    }

    void set(F fit) {
        latest = fit;
        readAt = Instant.now();
    }
}
