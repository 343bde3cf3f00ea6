package io.omniretail.orchestration.journey;

import java.time.Instant;

import io.omniretail.kit.persistence.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The durable timer: waits live as due times in the database, so they survive restarts, and FOR UPDATE SKIP
 * LOCKED lets several instances poll without firing a journey twice.
 */
@ApplicationScoped
public class JourneyTimer {

    private static final String DUE = """
            SELECT * FROM journey_instance WHERE state = 'WAITING' AND due_at <= now()
            ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED""";

    @Inject
    JourneyEngine engine;
    @Inject
    OutboxRelay relay;

    @Scheduled(every = "${omniretail.journeys.timer-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fireDueJourneys() throws Throwable {
        Integer fired = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> JourneyInstance.getSession().chain(session -> session.createNativeQuery(DUE, JourneyInstance.class).getResultList())
                        .chain(due -> Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate(instance -> engine.complete(instance, Instant.now()))
                                .collect().asList().map(done -> due.size()))));
        if (fired > 0) {
            relay.wake();
        }
    }
}
