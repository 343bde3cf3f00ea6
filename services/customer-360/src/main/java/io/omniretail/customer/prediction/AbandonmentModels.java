package io.omniretail.customer.prediction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerCheckout;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Batches;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Fits the abandonment model on the shop's closed checkouts and keeps the open checkouts' risk current (ADR 0029).
 * The fit runs with the customer-base fit ({@code omniretail.predictions.fit-cron}) and on demand
 * (POST /predictions/abandonment-fits), blocking on a worker thread, and is stored with its held-out AUC and Brier
 * score. The sweep ({@code omniretail.predictions.abandonment-sweep-every}) re-scores open checkouts as they pass the
 * idle milestones and drops abandoned ones from the profile, in transactions of {@link #CHUNK} customers holding their
 * locks; a customer whose open checkout and risk did not change gets no new profile. Idempotent as the base fit is.
 */
@ApplicationScoped
public class AbandonmentModels {

    private static final Logger LOG = Logger.getLogger(AbandonmentModels.class);
    static final int CHUNK = 100;

    /** Customers whose open checkout may change with time alone: they show one, or have one not yet abandoned. */
    private static final String OPEN = """
            SELECT customer_id FROM customer WHERE open_checkout_token IS NOT NULL AND merged_into IS NULL
            UNION
            SELECT k.customer_id FROM customer_checkout k JOIN customer c ON c.customer_id = k.customer_id
            WHERE k.completed_at IS NULL AND k.last_activity_at > :since AND c.merged_into IS NULL
            ORDER BY 1""";

    @Inject
    PredictionConfig config;
    @Inject
    AdvisoryLocks locks;
    @Inject
    ProfilePublisher customers;
    @Inject
    Checkouts checkouts;

    private final LatestFit<AbandonmentFit> latest = new LatestFit<>(() -> AbandonmentFit
            .<AbandonmentFit>find("status = ?1 order by asOf desc", CustomerBaseFit.Status.FITTED).firstResult());

    @Scheduled(cron = "{omniretail.predictions.fit-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() {
        Instant now = Instant.now();
        fitAndScore("nightly:" + LocalDate.ofInstant(now, ZoneOffset.UTC), now);
    }

    @Scheduled(every = "{omniretail.predictions.abandonment-sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepNow() {
        CustomerBaseModels.await(() -> sweep(Instant.now()));
    }

    /** Fits on the checkouts closed by {@code asOf} and re-scores the open ones; blocks (call it on a worker thread). */
    public AbandonmentFit fitAndScore(String fitId, Instant asOf) {
        List<CheckoutAbandonment.Checkout> closed = CustomerBaseModels.await(() -> Panache.withSession(() -> CustomerCheckout.<CustomerCheckout>listAll()))
                .stream().map(CustomerCheckout::asModelInput).filter(c -> CheckoutAbandonment.closed(c, asOf)).toList();
        long started = System.nanoTime();
        AbandonmentFit fit = new AbandonmentFit();
        fit.id = fitId;
        fit.asOf = asOf;
        fit.checkouts = closed.size();
        if (closed.size() < config.minClosedCheckouts()) {
            fit.status = CustomerBaseFit.Status.INSUFFICIENT_HISTORY;
        } else {
            fit.status = CustomerBaseFit.Status.FITTED;
            fit.model = CheckoutAbandonment.fit(closed);
            fit.auc = fit.model.evaluation().auc();
            fit.brier = fit.model.evaluation().brier();
        }
        fit.fitMillis = (System.nanoTime() - started) / 1_000_000;
        CustomerBaseModels.await(() -> Panache.withTransaction(fit::persist));
        if (fit.status == CustomerBaseFit.Status.FITTED) {
            latest.set(fit);
            CustomerBaseModels.await(() -> sweep(asOf));
        }
        LOG.infof("abandonment fit %s: %s, %d closed checkouts, AUC %s, %d ms", fit.id, fit.status, fit.checkouts, fit.auc, fit.fitMillis);
        return fit;
    }

    /** The latest FITTED fit (cached for a minute); null before the first. */
    public Uni<AbandonmentFit> latest() {
        return latest.get();
    }

    /** Scores an open checkout with the latest fit, in the caller's transaction; nothing before the first fit or once completed. */
    public Uni<Void> score(CustomerCheckout checkout, Instant now) {
        return latest().invoke(fit -> {
            if (fit != null && checkout.completedAt == null) {
                CheckoutAbandonment.Risk risk = CheckoutAbandonment.risk(fit.model, checkout.asModelInput(), now);
                checkout.abandonmentRisk = risk.probability();
                checkout.riskIdleHours = risk.idleHours();
                checkout.riskFitId = fit.id;
                checkout.riskScoredAt = now;
            }
        }).replaceWithVoid();
    }

    /** Re-scores every open checkout as of {@code now}; how many profiles changed. */
    public Uni<Integer> sweep(Instant now) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(OPEN, String.class)
                        .setParameter("since", now.minus(CheckoutAbandonment.ABANDONED_AFTER)).getResultList()))
                .chain(ids -> Batches.countInTransactions(ids, CHUNK, batch -> locks.lockForTransaction(Customer.LOCKS, batch)
                        .chain(() -> Customer.<Customer>list("id in ?1 and mergedInto is null", batch))
                        .chain(found -> Multi.createFrom().iterable(found)
                                .onItem().transformToUniAndConcatenate(customer -> sweep(customer, now))
                                .collect().asList().map(changed -> changed.stream().mapToInt(Integer::intValue).sum()))));
    }

    private Uni<Integer> sweep(Customer customer, Instant now) {
        String tokenBefore = customer.openCheckoutToken;
        return CustomerCheckout.<CustomerCheckout>list("customerId = ?1 and completedAt is null and lastActivityAt > ?2", customer.id,
                        now.minus(CheckoutAbandonment.ABANDONED_AFTER))
                .chain(open -> {
                    CustomerCheckout shown = open.stream().filter(c -> c.token.equals(tokenBefore)).findFirst().orElse(null);
                    Double riskBefore = shown == null ? null : shown.abandonmentRisk;
                    Double idleBefore = shown == null ? null : shown.riskIdleHours;
                    return Multi.createFrom().iterable(open).onItem().transformToUniAndConcatenate(c -> score(c, now)).collect().last()
                            .chain(() -> checkouts.refreshOpen(customer, now))
                            .chain(() -> {
                                CustomerCheckout after = open.stream().filter(c -> c.token.equals(customer.openCheckoutToken)).findFirst()
                                        .orElse(null);
                                boolean changed = !Objects.equals(tokenBefore, customer.openCheckoutToken) || after != null
                                        && (!Objects.equals(riskBefore, after.abandonmentRisk) || !Objects.equals(idleBefore, after.riskIdleHours));
                                if (!changed) {
                                    return Uni.createFrom().item(0);
                                }
                                EventMetadata cause = EventMetadataFactory.origin(EventMetadataFactory.derivedId("abandonment-sweep",
                                        String.valueOf(customer.openCheckoutToken), String.valueOf(after == null ? null : after.riskIdleHours),
                                        customer.id), now, "customer-360");
                                return customers.changed(customer, cause, "cart", now).replaceWith(1);
                            });
                });
    }
}
