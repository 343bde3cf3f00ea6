package io.omniretail.kit.persistence;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.kit.KafkaClients;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes the outbox: claims the oldest rows (FOR UPDATE SKIP LOCKED, so several instances can run), sends
 * them in id order with an idempotent acks=all producer, and deletes them once Kafka acknowledged. A crash
 * between the send and the delete re-sends the rows after their claim expires: at-least-once, and the events
 * keep their eventIds, so consumers' inboxes drop the copies. Woken right after a commit, polled otherwise.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CLAIM = """
            UPDATE kit_outbox SET claimed_until = now() + make_interval(secs => :lease)
            WHERE id IN (SELECT id FROM kit_outbox
                         WHERE claimed_until IS NULL OR claimed_until < now()
                         ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED)
            RETURNING *""";

    @Inject
    KafkaClients clients;
    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "omniretail.outbox.batch-size", defaultValue = "200")
    int batchSize;
    @ConfigProperty(name = "omniretail.outbox.poll-interval", defaultValue = "PT0.25S")
    Duration pollInterval;
    @ConfigProperty(name = "omniretail.outbox.claim-lease", defaultValue = "PT30S")
    Duration claimLease;

    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, SpecificRecord> producer;

    void start(@Observes StartupEvent startup) {
        producer = clients.avroProducer("outbox-relay");
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().unstarted(this::loop);
        worker.setContextClassLoader(OutboxRelay.class.getClassLoader());
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        wakeUp.release();
        if (worker != null) {
            worker.join(5_000);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Called after a transaction that may have written to the outbox committed. */
    public void wake() {
        wakeUp.release();
    }

    private void loop() {
        while (running) {
            try {
                int published;
                do {
                    published = publishBatch();
                } while (published == batchSize && running);
                wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                LOG.warnf("outbox relay: %s; retrying", e.toString());
                sleepQuietly(1_000);
            }
        }
    }

    /** Returns how many rows were published. */
    int publishBatch() throws Throwable {
        List<OutboxEntry> claimed = new ArrayList<>(VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> OutboxEntry.getSession().chain(session -> session.createNativeQuery(CLAIM, OutboxEntry.class)
                        .setParameter("lease", (double) claimLease.toSeconds())
                        .setParameter("batch", batchSize)
                        .getResultList()))));
        if (claimed.isEmpty()) {
            return 0;
        }
        claimed.sort(Comparator.comparing(entry -> entry.id));
        List<Long> ids = claimed.stream().map(entry -> entry.id).toList();
        try {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (OutboxEntry entry : claimed) {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(entry.topic, entry.recordKey, decode(entry)), (metadata, error) -> {
                    if (error != null) {
                        ack.completeExceptionally(error);
                    } else {
                        ack.complete(null);
                    }
                });
                acks.add(ack);
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // hand the rows back at once, so the next attempt starts from the oldest again (per-key order)
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> OutboxEntry.update("claimedUntil = null where id in ?1", ids)));
            throw e;
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> OutboxEntry.delete("id in ?1", ids)));
        meters.counter("omniretail.outbox.published").increment(claimed.size());
        return claimed.size();
    }

    private static SpecificRecord decode(OutboxEntry entry) throws IOException, ClassNotFoundException {
        if (OutboxEntry.TOMBSTONE.equals(entry.valueType)) {
            return null;
        }
        Class<?> type = Class.forName(entry.valueType, true, OutboxRelay.class.getClassLoader());
        Schema schema = SpecificData.get().getSchema(type);
        SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(schema);
        return reader.read(null, DecoderFactory.get().binaryDecoder(entry.payload, null));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
