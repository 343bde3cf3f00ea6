package io.omniretail.customer.prediction;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerOrder;
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
 * Fits the customer-base models on the platform's own purchase history and keeps every buyer's predictions current
 * (ADR 0027). The fit runs nightly ({@code omniretail.predictions.fit-cron}) and on demand (POST /predictions/fits),
 * blocking on a worker thread: one read of every live buyer's purchase days, the fits (seconds for 100k customers),
 * the fit stored, then the base scored in transactions of {@link #CHUNK} customers holding their locks (sorted); a
 * customer whose rounded scores did not change gets no new profile. Between fits, a purchase, cancellation, refund or
 * merge re-scores the customer with the latest fit inside the touchpoint's own transaction ({@link #rescore}).
 * Idempotent: a fit's id derives from its cause, and scoring the same history with the same fit gives the same scores.
 */
@ApplicationScoped
public class CustomerBaseModels {

    private static final Logger LOG = Logger.getLogger(CustomerBaseModels.class);

    static final int CHUNK = 100;

    /**
     * Each live buyer's purchase days up to the cut: id, the first purchase of the day (epoch ms), the day's net value in
     * the customer's spend currency or '-' when none was in it.
     */
    private static final String PURCHASE_DAYS = """
            SELECT o.customer_id || ' ' || (extract(epoch FROM min(o.placed_at)) * 1000)::bigint || ' '
                   || coalesce((sum(o.total - o.refunded) FILTER (WHERE o.currency = c.spend_currency))::text, '-')
            FROM customer_order o JOIN customer c ON c.customer_id = o.customer_id
            WHERE o.status = 'PURCHASED' AND c.merged_into IS NULL AND o.placed_at <= :asOf
            GROUP BY o.customer_id, (o.placed_at AT TIME ZONE 'UTC')::date""";

    @Inject
    PredictionConfig config;
    @Inject
    AdvisoryLocks locks;
    @Inject
    ProfilePublisher customers;

    private final LatestFit<CustomerBaseFit> latest = new LatestFit<>(() -> CustomerBaseFit
            .<CustomerBaseFit>find("status = ?1 order by asOf desc", CustomerBaseFit.Status.FITTED).firstResult());

    @Scheduled(cron = "{omniretail.predictions.fit-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() {
        Instant now = Instant.now();
        fitAndScore("nightly:" + LocalDate.ofInstant(now, ZoneOffset.UTC), now);
    }

    /** Fits the models on the histories as of {@code asOf} and scores the base; blocks (call it on a worker thread). */
    public CustomerBaseFit fitAndScore(String fitId, Instant asOf) {
        List<String> lines = await(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(PURCHASE_DAYS, String.class).setParameter("asOf", asOf).getResultList())));
        Map<String, List<PurchaseHistory.Purchase>> days = new TreeMap<>();
        lines.forEach(line -> days.computeIfAbsent(line.substring(0, line.indexOf(' ')), id -> new ArrayList<>()).add(purchase(line)));
        Map<String, PurchaseHistory> histories = new TreeMap<>();
        days.forEach((id, purchases) -> histories.put(id, PurchaseHistory.of(purchases)));
        CustomerBaseFit fit = fit(fitId, asOf, histories);
        await(() -> Panache.withTransaction(fit::persist));
        if (fit.status == CustomerBaseFit.Status.FITTED) {
            fit.customersScored = await(() -> Batches.countInTransactions(List.copyOf(histories.keySet()), CHUNK,
                    batch -> score(batch, histories, fit, asOf)));
            await(() -> Panache.withTransaction(() -> CustomerBaseFit.update("customersScored = ?1 where id = ?2",
                    fit.customersScored, fit.id)));
            latest.set(fit);
        }
        LOG.infof("customer-base fit %s: %s, %d buyers, %d repeat buyers, %d ms, %d profiles changed", fit.id, fit.status,
                fit.buyers, fit.repeatBuyers, fit.fitMillis, fit.customersScored);
        return fit;
    }

    /** The fit of these histories, or why there is none. Pure but for the clock it reads to time itself. */
    CustomerBaseFit fit(String fitId, Instant asOf, Map<String, PurchaseHistory> histories) {
        long started = System.nanoTime();
        CustomerBaseFit fit = new CustomerBaseFit();
        fit.id = fitId;
        fit.asOf = asOf;
        List<BgNbd.History> frequencies = histories.values().stream().map(h -> h.history(asOf)).toList();
        List<GammaGamma.Spend> spends = histories.values().stream().map(PurchaseHistory::spend).filter(Objects::nonNull).toList();
        fit.buyers = frequencies.size();
        fit.repeatBuyers = (int) frequencies.stream().filter(h -> h.x() > 0).count();
        if (fit.buyers < config.minBuyers() || fit.repeatBuyers < config.minRepeatBuyers()) {
            fit.status = CustomerBaseFit.Status.INSUFFICIENT_HISTORY;
            fit.fitMillis = (System.nanoTime() - started) / 1_000_000;
            return fit;
        }
        BgNbd.Fit bgNbd = BgNbd.fit(frequencies);
        GammaGamma.Fit gammaGamma = spends.size() >= config.minRepeatBuyers() ? GammaGamma.fit(spends) : null;
        CustomerBaseModel model = new CustomerBaseModel(bgNbd.parameters(), gammaGamma == null ? null : gammaGamma.parameters(),
                config.clvMonths(), config.monthlyDiscount(), List.of());
        List<Double> values = new ArrayList<>();
        histories.values().forEach(h -> {
            Double orderValue = Scores.expectedOrderValue(model, h);
            if (orderValue != null) {
                values.add(CustomerValue.lifetimeValue(model.bgNbd(), h.history(asOf), orderValue, model.clvMonths(),
                        model.monthlyDiscount()));
            }
        });
        fit.status = CustomerBaseFit.Status.FITTED;
        fit.model = model.withDecilesOf(values);
        fit.bgNbdLogLikelihood = bgNbd.logLikelihood();
        fit.gammaGammaLogLikelihood = gammaGamma == null ? null : gammaGamma.logLikelihood();
        fit.evaluations = bgNbd.evaluations() + (gammaGamma == null ? 0 : gammaGamma.evaluations());
        fit.fitMillis = (System.nanoTime() - started) / 1_000_000;
        return fit;
    }

    /** The latest FITTED fit (cached for a minute); null before the first. */
    public Uni<CustomerBaseFit> latest() {
        return latest.get();
    }

    /** The customer's counted orders as the models read them. */
    public static PurchaseHistory history(Customer customer, List<CustomerOrder> counted) {
        return PurchaseHistory.of(counted.stream().map(o -> new PurchaseHistory.Purchase(o.placedAt,
                Objects.equals(o.currency, customer.spendCurrency) ? o.total.subtract(o.refunded).doubleValue() : null)).toList());
    }

    /**
     * Re-scores a customer whose counted orders changed, with the latest fit, inside the caller's transaction and under
     * the customer's lock (the caller holds it and publishes the profile). Nothing before the first fit.
     */
    public Uni<Void> rescore(Customer customer, List<CustomerOrder> counted, Instant now) {
        return latest().invoke(fit -> {
            if (fit != null) {
                PurchaseHistory history = history(customer, counted);
                apply(customer, history == null ? null : Scores.of(fit.model, history, now), fit.id, now);
            }
        }).replaceWithVoid();
    }

    private Uni<Integer> score(List<String> batch, Map<String, PurchaseHistory> histories, CustomerBaseFit fit, Instant asOf) {
        return locks.lockForTransaction(Customer.LOCKS, batch)
                .chain(() -> Customer.<Customer>list("id in ?1 and mergedInto is null", batch))
                .chain(found -> Multi.createFrom().iterable(found)
                        .onItem().transformToUniAndConcatenate(customer -> {
                            Instant now = Instant.now();
                            if (!apply(customer, Scores.of(fit.model, histories.get(customer.id), asOf), fit.id, now)) {
                                return Uni.createFrom().item(0);
                            }
                            EventMetadata cause = EventMetadataFactory.origin(
                                    EventMetadataFactory.derivedId("prediction", fit.id, customer.id), now, "customer-360");
                            return customers.changed(customer, cause, "predictions", now).replaceWith(1);
                        })
                        .collect().asList().map(changed -> changed.stream().mapToInt(Integer::intValue).sum()));
    }

    /** Sets the customer's scores (none: cleared); whether a published score changed. */
    static boolean apply(Customer customer, Scores scores, String fitId, Instant now) {
        Double churn = scores == null ? null : scores.churnRisk();
        Double in30 = scores == null ? null : scores.expectedPurchases30Days();
        Double in90 = scores == null ? null : scores.expectedPurchases90Days();
        BigDecimal orderValue = scores == null ? null : scores.expectedOrderValue();
        BigDecimal value = scores == null ? null : scores.lifetimeValue();
        Short decile = scores == null || scores.valueDecile() == null ? null : scores.valueDecile().shortValue();
        boolean changed = !Objects.equals(customer.churnRisk, churn) || !Objects.equals(customer.expectedPurchases30Days, in30)
                || !Objects.equals(customer.expectedPurchases90Days, in90) || !sameAmount(customer.expectedOrderValue, orderValue)
                || !sameAmount(customer.predictedClv, value) || !Objects.equals(customer.clvDecile, decile);
        customer.churnRisk = churn;
        customer.expectedPurchases30Days = in30;
        customer.expectedPurchases90Days = in90;
        customer.expectedOrderValue = orderValue;
        customer.predictedClv = value;
        customer.clvDecile = decile;
        customer.scoredAt = scores == null ? null : now;
        customer.scoreFitId = scores == null ? null : fitId;
        return changed;
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static PurchaseHistory.Purchase purchase(String line) {
        String[] f = line.split(" ");
        return new PurchaseHistory.Purchase(Instant.ofEpochMilli(Long.parseLong(f[1])), f[2].equals("-") ? null : Double.valueOf(f[2]));
    }

    /** A reactive unit of work awaited on a worker thread (the blocking fits), in a Vert.x context of its own. */
    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
