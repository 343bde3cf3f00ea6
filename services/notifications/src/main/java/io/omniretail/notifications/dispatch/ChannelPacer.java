package io.omniretail.notifications.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.notifications.policy.NotificationPolicy;
import io.omniretail.notifications.policy.NotificationPolicyConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Sends the QUEUED dispatches of each paced channel at its configured rate (the carrier's or provider's limit per
 * sender, not Kafka's pace): a token bucket of one second's worth of sends, refilled by the elapsed time.
 * <ul>
 * <li><b>Durable and shared:</b> the queue is the dispatch table and the bucket a row of channel_pace, updated under its
 * row lock in the tick's transaction, so a burst survives a restart and any number of instances together keep the one
 * rate.</li>
 * <li><b>Fair:</b> round robin between customers ({@link #FAIR_PICK}): a customer with a hundred queued messages does
 * not hold up the others.</li>
 * <li><b>Once:</b> a dispatch leaves QUEUED in the same transaction that puts its message in the outbox.</li>
 * </ul>
 */
@ApplicationScoped
public class ChannelPacer {

    private static final Logger LOG = Logger.getLogger(ChannelPacer.class);

    /**
     * Round robin between customers: every customer's first queued dispatch before anyone's second; among firsts, the
     * customers this channel served longest ago (or never) first; then by age.
     */
    private static final String FAIR_PICK = """
            select dispatch_id from (
              select d.dispatch_id, d.created_at,
                row_number() over (partition by d.customer_id order by d.created_at, d.dispatch_id) as turn,
                (select max(s.sent_at) from dispatch s where s.customer_id = d.customer_id and s.channel = d.channel
                   and s.sent_at is not null) as last_sent
              from dispatch d where d.channel = :channel and d.status = 'QUEUED') queued
            order by turn, last_sent nulls first, created_at, dispatch_id limit :n""";
    private static final String ANY_QUEUED = "select 1 from dispatch where channel = :channel and status = 'QUEUED' limit 1";
    private static final String REFILL = """
            insert into channel_pace (channel, tokens, refreshed_at) values (:channel, :capacity, clock_timestamp())
            on conflict (channel) do update set
              tokens = least(:capacity, channel_pace.tokens + :rate * extract(epoch from clock_timestamp() - channel_pace.refreshed_at)),
              refreshed_at = clock_timestamp()
            returning tokens""";

    @Inject
    NotificationPolicy policy;
    @Inject
    NotificationDispatcher dispatcher;
    @Inject
    MeterRegistry meters;
    @Inject
    NotificationPolicyConfig config;

    /** How often an idle pacer looks for dispatches other instances queued, and how long it stays busy after work. */
    static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final Semaphore wake = new Semaphore(0);
    private ExecutorService loop;
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        List<ContactChannel> paced = List.of(ContactChannel.values()).stream().filter(c -> policy.rate(c).isPresent()).toList();
        if (paced.isEmpty()) {
            return;
        }
        running = true;
        loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "notifications-pacer"));
        loop.submit(() -> {
            long busyUntil = 0;
            while (running) {
                boolean work = false;
                for (ContactChannel channel : paced) {
                    try {
                        work |= VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> tick(channel))) >= 0;
                    } catch (Throwable e) {
                        if (running) {
                            LOG.warnf(e, "pacing %s failed; the next tick tries again", channel);
                        }
                    }
                }
                try {
                    if (work) {
                        busyUntil = System.nanoTime() + IDLE_POLL.toNanos();
                    }
                    if (work || System.nanoTime() < busyUntil) {
                        Thread.sleep(config.paceTick().toMillis());
                    } else if (wake.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                        busyUntil = System.nanoTime() + IDLE_POLL.toNanos(); // queued here: its commit follows shortly
                    }
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** A dispatch was queued in this instance: tick at the channel's pace again instead of polling idly. */
    public void wake() {
        wake.release();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (loop != null) {
            loop.shutdownNow();
            loop.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * One tick of one channel: when something is queued, refill its bucket and send as many queued dispatches as whole
     * tokens allow; the number sent, or -1 when nothing was queued (the bucket is not touched: it refills by elapsed
     * time whenever work comes).
     */
    Uni<Integer> tick(ContactChannel channel) {
        double rate = policy.rate(channel).orElseThrow();
        double capacity = Math.max(1.0, rate);
        return Panache.getSession().chain(session -> session.createNativeQuery(ANY_QUEUED, Integer.class)
                .setParameter("channel", channel.name()).getResultList()
                .chain(any -> any.isEmpty() ? Uni.createFrom().item(-1) : send(session, channel, rate, capacity)));
    }

    private Uni<Integer> send(Mutiny.Session session, ContactChannel channel, double rate, double capacity) {
        return session.createNativeQuery(REFILL, Double.class)
                .setParameter("channel", channel.name()).setParameter("capacity", capacity).setParameter("rate", rate)
                .getSingleResult()
                .chain(tokens -> {
                    int n = (int) Math.floor(tokens);
                    if (n < 1) {
                        return Uni.createFrom().item(0);
                    }
                    return session.createNativeQuery(FAIR_PICK, String.class).setParameter("channel", channel.name())
                            .setParameter("n", n).getResultList()
                            .chain(ids -> Multi.createFrom().iterable(ids)
                                    .onItem().transformToUniAndConcatenate(this::sendQueued)
                                    .collect().asList().map(sent -> (int) sent.stream().filter(Boolean::booleanValue).count()))
                            .call(sent -> sent == 0 ? Uni.createFrom().voidItem()
                                    : session.createNativeQuery("update channel_pace set tokens = tokens - :sent where channel = :channel")
                                            .setParameter("sent", (double) sent).setParameter("channel", channel.name())
                                            .executeUpdate().invoke(() -> meters.counter("omniretail.notifications.paced",
                                                    "channel", channel.name()).increment(sent)));
                });
    }

    /** Whether the dispatch went: locked and checked, so a cancellation that committed since the pick wins. */
    private Uni<Boolean> sendQueued(String dispatchId) {
        return Dispatch.<Dispatch>findById(dispatchId, LockModeType.PESSIMISTIC_WRITE).chain(dispatch -> dispatch == null
                || dispatch.status != DispatchStatus.QUEUED ? Uni.createFrom().item(false)
                        : Notification.<Notification>findById(dispatch.notificationId)
                                .chain(notification -> dispatcher.send(dispatch, notification)).replaceWith(true));
    }
}
