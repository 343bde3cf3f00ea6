package io.omniretail.customer.traits;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Batches;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Re-scores every buying customer: the rolling 12-month spend and purchases, which fall as purchases age even when
 * nothing happens, and the RFM quintiles, which depend on the whole customer base; and re-checks the segments of
 * customers with a birth date who never bought (the birthday month moves with the calendar). Runs nightly
 * ({@code omniretail.traits.refresh-cron}) and on demand (POST /traits/refresh). One read of the scores, then one
 * transaction per {@link #CHUNK} customers, each holding those customers' locks (sorted); a customer whose traits did
 * not change gets no new profile unless their segments did (the daily re-check of time-based segment rules, such as
 * "no purchase in 90 days"). Two instances running at once only publish the same values twice.
 */
@ApplicationScoped
public class TraitRefresh {

    static final int CHUNK = 100;

    /**
     * Quintiles by cume_dist: equal values share a score, and the most recent, most frequent and highest-spending fifth
     * scores 5. One line per buyer, space-separated: id, r, f, m, purchases, spend.
     */
    private static final String SCORES = """
            WITH buyers AS (
              SELECT c.customer_id, c.last_purchase_at,
                     count(o.order_id) FILTER (WHERE o.placed_at > :since) AS purchases,
                     coalesce(sum(o.total - o.refunded) FILTER (WHERE o.placed_at > :since AND o.currency = c.spend_currency), 0) AS spend
              FROM customer c JOIN customer_order o ON o.customer_id = c.customer_id AND o.status = 'PURCHASED'
              WHERE c.merged_into IS NULL AND c.last_purchase_at IS NOT NULL
              GROUP BY c.customer_id, c.last_purchase_at)
            SELECT customer_id || ' ' || ceil(5 * cume_dist() OVER (ORDER BY last_purchase_at))::int
                   || ' ' || ceil(5 * cume_dist() OVER (ORDER BY purchases))::int
                   || ' ' || ceil(5 * cume_dist() OVER (ORDER BY spend))::int
                   || ' ' || purchases || ' ' || spend
            FROM buyers""";

    /** Non-buyers with a birth date: nothing to score, but a date-based segment (the birthday month) may change. */
    private static final String DATED = """
            SELECT customer_id FROM customer
            WHERE merged_into IS NULL AND last_purchase_at IS NULL AND birth_date IS NOT NULL""";

    record Score(String customerId, short recency, short frequency, short monetary, int purchases, BigDecimal spend) {

        static Score parse(String line) {
            String[] f = line.split(" ");
            return new Score(f[0], Short.parseShort(f[1]), Short.parseShort(f[2]), Short.parseShort(f[3]), Integer.parseInt(f[4]),
                    new BigDecimal(f[5]));
        }

        boolean differsFrom(Customer c) {
            return !Objects.equals(c.rfmRecency, recency) || !Objects.equals(c.rfmFrequency, frequency)
                    || !Objects.equals(c.rfmMonetary, monetary) || c.purchases12Months != purchases
                    || c.spend12Months == null || c.spend12Months.compareTo(spend) != 0;
        }
    }

    @Inject
    AdvisoryLocks locks;
    @Inject
    ProfilePublisher customers;

    @Scheduled(cron = "{omniretail.traits.refresh-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> refresh(Instant.now()));
    }

    /** Re-scores everyone; the number of customers who got a new profile (their traits or their segments changed). */
    public Uni<Integer> refresh(Instant now) {
        Instant since = now.atZone(ZoneOffset.UTC).minusMonths(12).toInstant();
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(SCORES, String.class)
                .setParameter("since", since).getResultList()))
                .map(lines -> lines.stream().map(Score::parse).toList())
                .chain(scores -> Batches.countInTransactions(scores, CHUNK, chunk -> apply(chunk, now)))
                .chain(buyers -> Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(DATED, String.class)
                                .getResultList()))
                        .chain(dated -> Batches.countInTransactions(dated, CHUNK, chunk -> recheck(chunk, now)))
                        .map(others -> buyers + others));
    }

    /** Customers with nothing to re-score whose segments may still change with the date (the birthday month). */
    private Uni<Integer> recheck(List<String> chunk, Instant now) {
        return locks.lockForTransaction(Customer.LOCKS, chunk)
                .chain(() -> Customer.<Customer>list("id in ?1", chunk))
                .chain(found -> Multi.createFrom().iterable(found)
                        .filter(customer -> customer.mergedInto == null)
                        .onItem().transformToUniAndConcatenate(customer -> segmentsOnly(customer, cause(customer, now), now))
                        .collect().asList().map(changed -> changed.stream().mapToInt(Integer::intValue).sum()));
    }

    /** The same traits, but a rule about time ("no purchase in 90 days", "their birth month") may have changed its mind. */
    private Uni<Integer> segmentsOnly(Customer customer, EventMetadata cause, Instant now) {
        return customers.segmentsChanged(customer, cause, now).chain(moved -> moved
                ? customers.changed(customer, cause, "segments", now).replaceWith(1) : Uni.createFrom().item(0));
    }

    private static EventMetadata cause(Customer customer, Instant now) {
        return EventMetadataFactory.origin(EventMetadataFactory.derivedId("trait-refresh", now.toString(), customer.id), now, "customer-360");
    }

    private Uni<Integer> apply(List<Score> chunk, Instant now) {
        Map<String, Score> byId = new HashMap<>();
        chunk.forEach(score -> byId.put(score.customerId(), score));
        return locks.lockForTransaction(Customer.LOCKS, byId.keySet())
                .chain(() -> Customer.<Customer>list("id in ?1", List.copyOf(byId.keySet())))
                .chain(found -> Multi.createFrom().iterable(found)
                        .filter(customer -> customer.mergedInto == null)
                        .onItem().transformToUniAndConcatenate(customer -> {
                            Score score = byId.get(customer.id);
                            EventMetadata cause = cause(customer, now);
                            if (!score.differsFrom(customer)) {
                                return segmentsOnly(customer, cause, now);
                            }
                            customer.rfmRecency = score.recency();
                            customer.rfmFrequency = score.frequency();
                            customer.rfmMonetary = score.monetary();
                            customer.rfmScoredAt = now;
                            customer.purchases12Months = score.purchases();
                            customer.spend12Months = score.spend();
                            return customers.changed(customer, cause, "traits", now).replaceWith(1);
                        })
                        .collect().asList().map(changed -> changed.stream().mapToInt(Integer::intValue).sum()));
    }
}
