package io.omniretail.orchestration.journey;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The durable timer: waits live as due times in the database, so they survive restarts; each due journey is
 * completed under its order's advisory lock after re-checking its state, so several instances polling at once
 * never fire a journey twice.
 */
@ApplicationScoped
public class JourneyTimer {

    private static final String DUE = """
            SELECT instance_id || ' ' || reference FROM journey_instance WHERE state = 'WAITING' AND due_at <= now()
            ORDER BY due_at LIMIT 100""";

    @Inject
    JourneyEngine engine;

    @Scheduled(every = "${omniretail.journeys.timer-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fireDueJourneys() throws Throwable {
        java.util.List<String> due = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> JourneyInstance.getSession().chain(session -> session.createNativeQuery(DUE, String.class).getResultList())));
        for (String row : due) {
            String[] idAndReference = row.split(" ", 2);
            // one transaction per journey, under the order's lock (JourneyEngine.REFERENCE_LOCKS): a fact arriving at
            // the same moment and several timer instances are serialized, and the state is re-checked inside
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> engine.completeIfDue(idAndReference[0], idAndReference[1], Instant.now())));
        }
    }
}
