package io.omniretail.loyalty.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.loyalty.LoyaltyEventType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.Batches;
import io.omniretail.loyalty.membership.Memberships;
import io.omniretail.loyalty.rules.LoyaltyRules;
import io.omniretail.loyalty.rules.PointsExpiry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * What changes without activity: the tier, as spend ages out of the rolling window (an inactive customer drops),
 * points that lapse ({@link PointsExpiry}), and paid memberships whose term ran out. Runs nightly ({@code omniretail.loyalty.review-cron}) and on demand (POST
 * /loyalty/reviews). Reviews the live accounts that hold points, spend or a tier above the entry tier, in
 * transactions of {@link #CHUNK} accounts row-locked in id order (the event consumers lock one account, so they wait
 * for the chunk and never deadlock with it). Idempotent: the day's expiry of an account is one ledger entry
 * (reference "expiry:&lt;customer&gt;:&lt;day&gt;"), the events' ids derive from the account and the day, and a second
 * run finds nothing more to lapse and the tier already current; two instances running at once serialise on the rows.
 */
@ApplicationScoped
public class AccountReview {

    static final int CHUNK = 100;

    /** What a review did. */
    public record Reviewed(int accounts, long pointsExpired, int tierChanges, Instant at) {

        Reviewed plus(Reviewed other) {
            return new Reviewed(accounts + other.accounts, pointsExpired + other.pointsExpired, tierChanges + other.tierChanges, at);
        }
    }

    @Inject
    LoyaltyRules rules;
    @Inject
    PointsExpiry expiry;
    @Inject
    LoyaltyAccounts accounts;
    @Inject
    LoyaltyEventPublisher publisher;
    @Inject
    Memberships memberships;

    @Scheduled(cron = "{omniretail.loyalty.review-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> reviewAll(Instant.now()));
    }

    /** Reviews every account that can change without activity, as of {@code now}. */
    public Uni<Reviewed> reviewAll(Instant now) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select customerId from LoyaltyAccount where mergedInto is null"
                                + " and (balance > 0 or rollingSpend <> 0 or tier <> :entry or customerId in"
                                + " (select m.customerId from Membership m where m.status = 'ACTIVE')) order by customerId", String.class)
                        .setParameter("entry", rules.entryTier()).getResultList()))
                .chain(ids -> total(Multi.createFrom().iterable(Batches.of(ids, CHUNK))
                        .onItem().transformToUniAndConcatenate(chunk -> review(chunk, now)), now));
    }

    /** Reviews these accounts as of {@code now}, in one transaction; accounts merged away are skipped. */
    public Uni<Reviewed> review(List<String> customerIds, Instant now) {
        return Panache.withTransaction(() -> LoyaltyAccount.<LoyaltyAccount>find(
                        "customerId in ?1 and mergedInto is null order by customerId", customerIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(locked -> total(Multi.createFrom().iterable(locked)
                        .onItem().transformToUniAndConcatenate(account -> review(account, now)), now)));
    }

    private static Uni<Reviewed> total(Multi<Reviewed> parts, Instant now) {
        return parts.collect().asList().map(all -> all.stream().reduce(new Reviewed(0, 0, 0, now), Reviewed::plus));
    }

    private Uni<Reviewed> review(LoyaltyAccount account, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        EventMetadata cause = EventMetadataFactory.origin(
                EventMetadataFactory.derivedId("loyalty-review", account.customerId, day.toString()), now, LoyaltyEventPublisher.SOURCE);
        return lapse(account, cause, "expiry:" + account.customerId + ":" + day, now)
                .call(() -> memberships.lapse(cause, account, now))
                .chain(expired -> accounts.reevaluateTier(account, now)
                        .chain(previousTier -> publisher.tierChangedIfAny(cause, account, previousTier, "review:" + day)
                                .replaceWith(new Reviewed(1, expired, previousTier == null ? 0 : 1, now))));
    }

    /** The account's next lapse (when, how many points), as of {@code now}; empty when nothing will lapse. */
    public Uni<Optional<PointsExpiry.Due>> nextExpiry(String customerId, Instant now) {
        return LedgerEntry.<LedgerEntry>list("customerId", customerId).map(entries -> {
            Credits credits = Credits.of(entries);
            long due = expiry.toExpire(credits.lots(), credits.spent(), now);
            return expiry.next(credits.lots(), credits.spent() + due, now);
        });
    }

    /** Books what lapses today, at most once per account and day; the points lapsed. */
    private Uni<Long> lapse(LoyaltyAccount account, EventMetadata cause, String reference, Instant now) {
        if (expiry.validity().isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return LedgerEntry.exists(LedgerKind.EXPIRY, reference).chain(done -> done
                ? Uni.createFrom().item(0L)
                : LedgerEntry.<LedgerEntry>list("customerId", account.customerId).chain(entries -> {
                    Credits credits = Credits.of(entries);
                    long points = expiry.toExpire(credits.lots(), credits.spent(), now);
                    if (points == 0) {
                        return Uni.createFrom().item(0L);
                    }
                    LedgerEntry entry = LedgerEntry.of(cause, LedgerKind.EXPIRY, account.customerId, -points, reference,
                            "points valid " + expiry.validity().orElseThrow() + " lapsed", now, now);
                    account.book(entry, now);
                    return entry.persist().chain(() -> publisher.entryBooked(cause, LoyaltyEventType.POINTS_EXPIRED, account,
                            entry, reference, account.balance)).replaceWith(points);
                }));
    }
}
