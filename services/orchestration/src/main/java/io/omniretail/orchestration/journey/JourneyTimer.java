package io.omniretail.orchestration.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The durable timer: waits live as wake times in the database, so a 30-day wait survives restarts; each due instance
 * is woken in its own transaction under its customer's advisory lock after re-checking its state, so an event arriving
 * at the same moment and several service instances polling at once never take a step twice. Also prunes the recent
 * events kept for waits once they are older than {@code omniretail.journeys.event-retention}.
 */
@ApplicationScoped
public class JourneyTimer {

    private static final String DUE = """
            SELECT instance_id || ' ' || customer_id FROM journey_instance
            WHERE state = 'ACTIVE' AND wake_at <= now() ORDER BY wake_at LIMIT 200""";

    @Inject
    JourneyEngine engine;
    @ConfigProperty(name = "omniretail.journeys.event-retention")
    Duration retention;

    @Scheduled(every = "${omniretail.journeys.timer-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void wakeDueInstances() throws Throwable {
        List<String> due = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> JourneyInstance.getSession().chain(session -> session.createNativeQuery(DUE, String.class).getResultList())));
        for (String row : due) {
            String[] idAndCustomer = row.split(" ", 2);
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> engine.wakeIfDue(idAndCustomer[0], idAndCustomer[1], Instant.now())));
        }
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneRecentEvents() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> RecentEvent.delete("receivedAt < ?1", Instant.now().minus(retention))));
    }
}
