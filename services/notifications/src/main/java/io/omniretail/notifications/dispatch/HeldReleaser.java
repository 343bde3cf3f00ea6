package io.omniretail.notifications.dispatch;

import java.time.Clock;
import java.util.List;

import org.jboss.logging.Logger;

import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.notifications.recipient.Recipient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Releases held notifications whose time came (quiet hours over, notBefore reached), oldest first, every second. Held
 * notifications live in PostgreSQL, so a restart loses none: the first pass after it releases what fell due meanwhile,
 * and the rules run again at release (a message due at 09:00 released at 22:00 after a day's outage is held again).
 * Each release is one transaction holding the customer's recipient lock, and re-reads the notification under it, so
 * instances releasing at once, a request or a profile of the same customer never act on a stale row: a release happens
 * once.
 */
@ApplicationScoped
public class HeldReleaser {

    private static final Logger LOG = Logger.getLogger(HeldReleaser.class);
    static final int BATCH = 200;

    @Inject
    NotificationDispatcher dispatcher;
    @Inject
    AdvisoryLocks locks;
    @Inject
    Clock clock;

    @Scheduled(every = "{omniretail.notifications.release-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void releaseDue() {
        try {
            VertxContextSupport.subscribeAndAwait(this::releaseBatch);
        } catch (Throwable e) {
            LOG.warnf(e, "releasing held notifications failed; the next pass tries again");
        }
    }

    /** Releases up to one batch of due notifications; the number looked at. */
    public Uni<Integer> releaseBatch() {
        return Panache.withSession(() -> Notification.<Notification>find("status = ?1 and releaseAt <= ?2 order by releaseAt",
                NotificationStatus.HELD, clock.instant()).page(0, BATCH).list())
                .chain(due -> Multi.createFrom().iterable(due.stream().map(n -> n.notificationId).toList())
                        .onItem().transformToUniAndConcatenate(id -> Panache.withTransaction(() -> releaseOne(id)).replaceWith(id))
                        .collect().asList().map(List::size));
    }

    private Uni<Void> releaseOne(String notificationId) {
        return Notification.<Notification>findById(notificationId).chain(held -> held == null ? Uni.createFrom().voidItem()
                : locks.lockForTransaction(NotificationDispatcher.RECIPIENT_LOCKS, held.customerId)
                        .chain(() -> Panache.getSession()).chain(session -> session.refresh(held))
                        .chain(() -> {
                            if (held.status != NotificationStatus.HELD || held.releaseAt == null || held.releaseAt.isAfter(clock.instant())) {
                                return Uni.createFrom().voidItem(); // released or cancelled meanwhile
                            }
                            return Recipient.<Recipient>findById(held.customerId).chain(recipient -> recipient == null
                                    ? dispatcher.cancel(held, "the customer's profile is gone (erased or merged)",
                                            NotificationDispatcher.origin(held, held.notificationId)).replaceWithVoid()
                                    : dispatcher.release(held, recipient));
                        }));
    }
}
