package io.omniretail.kit.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A scheduled job's walk over many customers or accounts: consecutive transactions of a fixed number of items, one
 * after the other, so that no transaction holds many locks or lasts long and a failure loses at most one batch's work
 * (each batch's effects are idempotent, so the next run redoes it). Batches run in list order; the caller sorts the
 * list when the batches take locks.
 */
public final class Batches {

    private Batches() {
    }

    /** The list cut into consecutive views of at most {@code size} items (the last may be shorter). */
    public static <T> List<List<T>> of(List<T> all, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch holds at least one item, got " + size);
        }
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            batches.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return batches;
    }

    /** Each batch's work in its own transaction, one batch after the other; what each returned, in order. */
    public static <T, R> Uni<List<R>> inTransactions(List<T> all, int size, Function<List<T>, Uni<R>> work) {
        return Multi.createFrom().iterable(of(all, size))
                .onItem().transformToUniAndConcatenate(batch -> Panache.withTransaction(() -> work.apply(batch)))
                .collect().asList();
    }

    /** {@link #inTransactions} for work that counts what it changed: the sum of the counts. */
    public static <T> Uni<Integer> countInTransactions(List<T> all, int size, Function<List<T>, Uni<Integer>> work) {
        return inTransactions(all, size, work).map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }
}
