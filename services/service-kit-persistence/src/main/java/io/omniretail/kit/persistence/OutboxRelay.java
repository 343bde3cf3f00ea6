package io.omniretail.kit.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.kit.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes the outbox of this service's database.
 * <ul>
 * <li><b>One relay per database, by construction:</b> an instance publishes only while it holds the session
 * advisory lock {@code (kit, outbox-relay)} on a dedicated connection; other replicas stand by and take over
 * within {@code omniretail.outbox.leader-retry} after the leader's connection ends (crash, kill, network). A batch's
 * rows are claimed for {@code claim-lease} while they are sent.</li>
 * <li><b>Order:</b> rows go in id order through one idempotent acks=all producer; after a transient failure the
 * batch stops, the unsent rows are handed back and the next attempt starts again from the oldest row, so records of
 * one key keep their order. A claim is also a barrier: no row is claimed past a row still claimed (a hand-back
 * that failed), so a later row of the same key never overtakes it. Only rows Kafka acknowledged are deleted.</li>
 * <li><b>Takeover:</b> a new leader first releases every claim. The previous leader lost its lock, so it can claim
 * and delete nothing more; waiting out its leases would instead let the rows written since overtake the ones it had
 * claimed (a refund reaching loyalty before its purchase, whose reversal would then find nothing to reverse).</li>
 * <li><b>At least once:</b> a crash between the ack and the delete re-sends those rows when the next leader takes
 * over; a previous leader's sends still in flight may arrive twice too. Copies keep their eventIds, so consumers'
 * inboxes drop them, and the first copy of each row still arrives in id order.</li>
 * <li><b>Poison rows:</b> a row Kafka can never take (too large, undecodable) is moved to {@code kit_outbox_failed}
 * with the reason, counted, and never blocks or duplicates the rows behind it.</li>
 * <li><b>Wake-up:</b> the {@code kit_outbox_notify} trigger NOTIFYs at commit of any transaction that wrote the
 * outbox; the leader LISTENs on its lock connection and polls every {@code poll-interval} as a safety net. Once woken
 * it waits {@code linger} (5 ms) so that the rows of transactions committing at the same moment go out as one batch.</li>
 * <li>The leader also prunes inbox rows older than {@code omniretail.inbox.retention}.</li>
 * <li>Every statement of the relay (claim, delete, hand back, set aside, prune) runs on the lock's own connection with
 * the plain reactive client: no Hibernate session per batch, and no statement from an instance that lost the lock.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CLAIM = """
            UPDATE kit_outbox SET claimed_until = now() + make_interval(secs => $1)
            WHERE id IN (SELECT id FROM kit_outbox
                         WHERE (claimed_until IS NULL OR claimed_until < now())
                           AND (not_before IS NULL OR not_before <= now())
                           AND id < coalesce((SELECT min(id) FROM kit_outbox WHERE claimed_until >= now()), 9223372036854775807)
                         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, topic, record_key, value_type, payload, headers""";
    private static final String SET_ASIDE = """
            WITH moved AS (DELETE FROM kit_outbox WHERE id = $1 RETURNING *)
            INSERT INTO kit_outbox_failed (id, topic, record_key, value_type, payload, created_at, reason)
            SELECT id, topic, record_key, value_type, payload, created_at, $2 FROM moved""";
    private static final String DELETE = "DELETE FROM kit_outbox WHERE id = ANY($1)";
    private static final String HAND_BACK = "UPDATE kit_outbox SET claimed_until = NULL WHERE id = ANY($1)";
    private static final String RELEASE_ALL = "UPDATE kit_outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL";
    private static final String PRUNE_INBOX = """
            DELETE FROM kit_inbox WHERE ctid = ANY (ARRAY(SELECT ctid FROM kit_inbox
                WHERE processed_at < now() - make_interval(secs => $1) LIMIT 10000))""";
    private static final Duration STATEMENT_WAIT = Duration.ofSeconds(30);
    private static final String LEADER_LOCK = "SELECT pg_try_advisory_lock(hashtext('kit'), hashtext('outbox-relay'))";

    @Inject
    KafkaClients clients;
    @Inject
    MeterRegistry meters;
    @Inject
    Vertx vertx;

    @ConfigProperty(name = "omniretail.outbox.batch-size", defaultValue = "200")
    int batchSize;
    @ConfigProperty(name = "omniretail.outbox.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;
    @ConfigProperty(name = "omniretail.outbox.linger", defaultValue = "PT0.005S")
    Duration linger;
    @ConfigProperty(name = "omniretail.outbox.claim-lease", defaultValue = "PT30S")
    Duration claimLease;
    @ConfigProperty(name = "omniretail.outbox.leader-retry", defaultValue = "PT2S")
    Duration leaderRetry;
    @ConfigProperty(name = "omniretail.inbox.retention", defaultValue = "P14D")
    Duration inboxRetention;
    @ConfigProperty(name = "omniretail.inbox.prune-interval", defaultValue = "PT1H")
    Duration pruneInterval;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String databaseUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String databasePassword;

    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile PgConnection leaderConnection;
    private Thread worker;
    private KafkaProducer<String, SpecificRecord> producer;
    private Instant nextPrune = Instant.EPOCH;

    void start(@Observes StartupEvent startup) {
        producer = clients.avroProducer("outbox-relay");
        meters.gauge("omniretail.outbox.leader", this, relay -> relay.isLeader() ? 1 : 0);
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
        PgConnection connection = leaderConnection;
        if (connection != null) {
            connection.closeAndAwait(); // ends the session: the lock passes to a standby at once
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether this instance publishes (holds the relay lock of its database). */
    public boolean isLeader() {
        return leaderConnection != null;
    }

    private void loop() {
        while (running) {
            try {
                if (!isLeader() && !becomeLeader()) {
                    wakeUp.tryAcquire(leaderRetry.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                if (!linger.isZero()) {
                    Thread.sleep(linger.toMillis()); // let the transactions committing right now join this batch
                }
                wakeUp.drainPermits();
                int published;
                do {
                    published = publishBatch();
                } while (published == batchSize && running && isLeader());
                pruneInboxWhenDue();
                wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                LOG.warnf("outbox relay: %s; retrying", e.toString());
                sleepQuietly(1_000);
            }
        }
    }

    private boolean becomeLeader() {
        PgConnection connection = null;
        try {
            connection = PgConnection.connect(vertx, connectOptions()).await().atMost(Duration.ofSeconds(10));
            boolean locked = connection.query(LEADER_LOCK).execute().await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getBoolean(0);
            if (!locked) {
                connection.closeAndAwait();
                return false;
            }
            PgConnection leader = connection;
            leader.notificationHandler(notification -> wakeUp.release());
            leader.closeHandler(() -> {
                if (leaderConnection == leader) {
                    leaderConnection = null;
                    LOG.warn("outbox relay: lost the database connection that holds the relay lock; standing by");
                }
            });
            leader.query("LISTEN kit_outbox").execute().await().atMost(Duration.ofSeconds(10));
            int released = leader.query(RELEASE_ALL).execute().await().atMost(Duration.ofSeconds(10)).rowCount();
            leaderConnection = leader;
            LOG.infof("outbox relay: this instance publishes the outbox%s",
                    released == 0 ? "" : " (" + released + " rows a previous leader had claimed are sent first)");
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("outbox relay: cannot take the relay lock yet: %s", e.toString());
            if (connection != null) {
                connection.close().subscribe().with(ignored -> { }, ignored -> { });
            }
            return false;
        }
    }

    private PgConnectOptions connectOptions() {
        String url = databaseUrl.split(",")[0].trim();
        return PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url)
                .setUser(databaseUser).setPassword(databasePassword);
    }

    /** Returns how many rows were claimed. */
    int publishBatch() throws Throwable {
        List<Claimed> claimed = new ArrayList<>();
        for (Row row : execute(CLAIM, Tuple.of((double) claimLease.toSeconds(), batchSize))) {
            claimed.add(new Claimed(row.getLong("id"), row.getString("topic"), row.getString("record_key"), row.getString("value_type"),
                    row.getBuffer("payload") == null ? null : row.getBuffer("payload").getBytes(), row.getJsonObject("headers")));
        }
        if (claimed.isEmpty()) {
            return 0;
        }
        claimed.sort(Comparator.comparingLong(Claimed::id));
        List<Pending> sends = new ArrayList<>();
        List<Long> handBack = new ArrayList<>();
        Throwable transientFailure = null;
        for (Claimed entry : claimed) {
            if (transientFailure != null) {
                handBack.add(entry.id());
                continue;
            }
            SpecificRecord value;
            try {
                value = decode(entry.valueType(), entry.payload());
            } catch (Exception | LinkageError e) {
                setAside(entry.id(), "undecodable outbox row: " + e);
                continue;
            }
            Pending pending = new Pending(entry.id(), new CompletableFuture<>());
            try {
                ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(entry.topic(), entry.key(), value);
                if (entry.headers() != null) {
                    entry.headers().forEach(header -> record.headers().add(header.getKey(),
                            String.valueOf(header.getValue()).getBytes(StandardCharsets.UTF_8)));
                }
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        pending.sent().completeExceptionally(error);
                    } else {
                        pending.sent().complete(null);
                    }
                });
            } catch (RuntimeException e) {
                if (!isPermanent(e)) {
                    transientFailure = e; // e.g. the registry is down: stop here, keep the order
                    handBack.add(entry.id());
                    continue;
                }
                pending.sent().completeExceptionally(e);
            }
            sends.add(pending);
        }
        // the batch is complete: send it now rather than after linger.ms (a hop's latency, not its throughput)
        producer.flush();
        List<Long> acked = new ArrayList<>();
        for (Pending pending : sends) {
            try {
                pending.sent().get(60, TimeUnit.SECONDS);
                acked.add(pending.id());
            } catch (Exception e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (isPermanent(cause)) {
                    setAside(pending.id(), cause.toString());
                } else {
                    transientFailure = transientFailure == null ? cause : transientFailure;
                    handBack.add(pending.id());
                }
            }
        }
        if (!acked.isEmpty()) {
            execute(DELETE, Tuple.of(acked.toArray(Long[]::new)));
            meters.counter("omniretail.outbox.published").increment(acked.size());
        }
        if (!handBack.isEmpty()) {
            // hand the rows back at once, so the next attempt starts from the oldest again (per-key order)
            execute(HAND_BACK, Tuple.of(handBack.toArray(Long[]::new)));
        }
        if (transientFailure != null) {
            throw transientFailure;
        }
        return claimed.size();
    }

    private record Claimed(long id, String topic, String key, String valueType, byte[] payload, JsonObject headers) {
    }

    /**
     * One statement on the leader's own connection (autocommit): the relay never needs a Hibernate session, and the
     * lock's session is the one that claims, so a relay that lost its connection cannot go on publishing.
     */
    private RowSet<Row> execute(String sql, Tuple arguments) {
        PgConnection connection = leaderConnection;
        if (connection == null) {
            throw new IllegalStateException("no longer the relay leader");
        }
        return connection.preparedQuery(sql).execute(arguments).await().atMost(STATEMENT_WAIT);
    }

    private record Pending(long id, CompletableFuture<Void> sent) {
    }

    private void setAside(long id, String reason) {
        LOG.errorf("outbox row %d can never be published and is set aside in kit_outbox_failed: %s", id, reason);
        meters.counter("omniretail.outbox.failed").increment();
        execute(SET_ASIDE, Tuple.of(id, reason));
    }

    private void pruneInboxWhenDue() {
        if (Instant.now().isBefore(nextPrune)) {
            return;
        }
        nextPrune = Instant.now().plus(pruneInterval);
        int pruned;
        do {
            pruned = execute(PRUNE_INBOX, Tuple.of((double) inboxRetention.toSeconds())).rowCount();
            meters.counter("omniretail.inbox.pruned").increment(pruned);
        } while (pruned == 10_000 && running);
    }

    /** Kafka will never take this record, however often it is retried. */
    static boolean isPermanent(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof InvalidTopicException
                || error instanceof AvroRuntimeException || error instanceof ClassCastException;
    }

    private static SpecificRecord decode(String valueType, byte[] payload) throws Exception {
        if (OutboxEntry.TOMBSTONE.equals(valueType)) {
            return null;
        }
        Class<?> type = Class.forName(valueType, true, OutboxRelay.class.getClassLoader());
        Schema schema = SpecificData.get().getSchema(type);
        SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(schema);
        return reader.read(null, DecoderFactory.get().binaryDecoder(payload, null));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
