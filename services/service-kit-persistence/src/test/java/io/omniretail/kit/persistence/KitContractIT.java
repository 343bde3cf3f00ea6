package io.omniretail.kit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.kit.ConsumerWaits;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.testing.TestStack;
import io.omniretail.testing.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

/**
 * The kit's consumer contract and relay against the real broker, registry and database: each test sends records to
 * test.kit.in and looks at what the kit-test consumer committed, what reached test.kit.out and its DLQ.
 */
@QuarkusTest
@WithTestResource(KitTopics.class)
class KitContractIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static KafkaProducer<String, SpecificRecord> producer;

    @Inject
    OutboxRelay relay;
    @Inject
    ConsumerWaits waits;
    @Inject
    Outbox outbox;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    @Inject
    AdvisoryLocks locks;

    @BeforeAll
    static void producer() {
        AvroKafkaSerializer<SpecificRecord> avro = new AvroKafkaSerializer<>();
        avro.configure(TestStack.avroSerde(), false);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), avro);
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void aRedeliveredEventHasOneEffectAndItsOutputIsPublishedOnce() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        RewardCommand command = command(key, "ok", 1);
        try (TopicProbe out = TopicProbe.from(KitTestConsumer.OUT.name())) {
            send(key, command);
            send(key, command);
            awaitEffects(key, 1);
            assertThat(out.collect(Duration.ofSeconds(3))).filteredOn(r -> key.equals(r.key())).hasSize(1);
        }
        assertThat(effects(key)).hasSize(1);
        assertThat(inbox(command.getMetadata().getEventId())).isEqualTo("APPLIED|null");
    }

    @Test
    void aRejectedEventGoesToTheDlqWithItsReasonAndNothingElseHappens() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        RewardCommand command = command(key, "reject", 1);
        try (TopicProbe dlq = TopicProbe.from(KitTopics.IN + ".dlq")) {
            send(key, command);
            TopicProbe.Received dead = dlq.await(r -> key.equals(r.key()), WAIT);
            assertThat(dead.headers()).containsEntry("dlq.consumer", "kit-test")
                    .containsEntry("dlq.reason", "told to reject " + command.getCommandId())
                    .containsEntry("dlq.original.topic", KitTopics.IN).containsKey("dlq.original.offset");
            assertThat(dead.value()).isEqualTo(command);
        }
        assertThat(effects(key)).isEmpty();
        assertThat(inbox(command.getMetadata().getEventId())).isNull();
    }

    @Test
    void aBusinessOutcomeIsRecordedInTheInboxNotDeadLettered() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        RewardCommand command = command(key, "not-applicable", 1);
        try (TopicProbe dlq = TopicProbe.from(KitTopics.IN + ".dlq")) {
            send(key, command);
            await().atMost(WAIT).untilAsserted(() -> assertThat(inbox(command.getMetadata().getEventId()))
                    .isEqualTo("NOT_APPLICABLE|not for this programme: " + command.getCommandId()));
            assertThat(dlq.collect(Duration.ofSeconds(2))).noneMatch(r -> key.equals(r.key()));
        }
        assertThat(effects(key)).isEmpty();
    }

    @Test
    void aFailingEventIsRetriedUntilItAppliesAndTheRecordsBehindItWaitInOrder() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        send(key, command(key, "fail:8", 1));
        send(key, command(key, "ok", 2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(waits.current().values())
                .anySatisfy(wait -> assertThat(wait.lastError()).contains("not yet")));
        awaitEffects(key, 2);
        List<String> effects = effects(key);
        assertThat(effects.get(0)).startsWith("applied " + key + "-1");
        assertThat(effects.get(1)).startsWith("applied " + key + "-2");
        await().atMost(WAIT).until(() -> waits.current().values().stream().noneMatch(w -> w.lastError().contains("not yet")));
    }

    @Test
    void anEventAwaitingAnotherIsParkedThePartitionMovesOnAndItAppliesOnceTheOtherArrives() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        send(key, command(key, "await:" + key + "-2", 1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(query("SELECT headers ->> 'omniretail.parked.awaiting' FROM kit_outbox "
                + "WHERE record_key = '" + key + "' AND not_before IS NOT NULL")).isNotEmpty());
        send(key, command(key, "ok", 2));
        awaitEffects(key, 2);
        assertThat(effects(key)).containsExactly("applied " + key + "-2", "applied " + key + "-1");
        Thread.sleep(2_000);
        assertThat(effects(key)).as("applied once, however often it was re-delivered").hasSize(2);
    }

    @Test
    void anEventParkedLongerThanTheGiveUpTimeIsRecordedAsNotApplicableNamingWhatItAwaited() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        RewardCommand command = command(key, "await:" + key + "-never", 1);
        // the re-delivery of a record first parked 4 days ago (the default give-up time is 3 days)
        ProducerRecord<String, SpecificRecord> redelivery = new ProducerRecord<>(KitTopics.IN, key, command);
        redelivery.headers().add("omniretail.replay.consumer", "kit-test".getBytes(StandardCharsets.UTF_8));
        redelivery.headers().add("omniretail.parked.attempts", "9".getBytes(StandardCharsets.UTF_8));
        redelivery.headers().add("omniretail.parked.since",
                Instant.now().minus(Duration.ofDays(4)).toString().getBytes(StandardCharsets.UTF_8));
        producer.send(redelivery).get();
        await().atMost(WAIT).untilAsserted(() -> assertThat(inbox(command.getMetadata().getEventId()))
                .startsWith("NOT_APPLICABLE|gave up after waiting since").contains(key + "-never"));
        assertThat(query("SELECT id FROM kit_outbox WHERE record_key = '" + key + "'")).as("not parked again").isEmpty();
        assertThat(effects(key)).isEmpty();
    }

    @Test
    void aTombstoneReachesTheConsumersDelete() throws Exception {
        String key = "customer-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(KitTopics.IN, key, null)).get();
        awaitEffects(key, 1);
        assertThat(effects(key)).containsExactly("deleted");
    }

    @Test
    void aReplayedRecordIsAppliedOnlyByTheConsumerItWasReplayedFor() throws Exception {
        String other = "customer-" + UUID.randomUUID();
        String mine = "customer-" + UUID.randomUUID();
        ProducerRecord<String, SpecificRecord> forOther = new ProducerRecord<>(KitTopics.IN, other, command(other, "ok", 1));
        forOther.headers().add("omniretail.replay.consumer", "loyalty".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, SpecificRecord> forMe = new ProducerRecord<>(KitTopics.IN, mine, command(mine, "ok", 1));
        forMe.headers().add("omniretail.replay.consumer", "kit-test".getBytes(StandardCharsets.UTF_8));
        producer.send(forOther).get();
        producer.send(forMe).get();
        awaitEffects(mine, 1);
        assertThat(effects(other)).isEmpty();
    }

    @Test
    void aBurstIsAppliedInBatchesEachEventOnceInOrderWithoutFallingBackToOneByOne() throws Exception {
        List<String> keys = List.of("burst-a-" + UUID.randomUUID(), "burst-b-" + UUID.randomUUID(), "burst-c-" + UUID.randomUUID());
        long batchesBefore = batchSizes().count();
        double oneByOneBefore = oneByOne();
        try (TopicProbe out = TopicProbe.from(KitTestConsumer.OUT.name())) {
            for (int i = 1; i <= 300; i++) {
                String key = keys.get(i % keys.size());
                producer.send(new ProducerRecord<>(KitTopics.IN, key, command(key, "ok", i)));
                if (i % 50 == 0) { // and every 50th again: the copy must have no effect
                    producer.send(new ProducerRecord<>(KitTopics.IN, key, command(key, "ok", i)));
                }
            }
            producer.flush();
            for (String key : keys) {
                awaitEffects(key, 100);
            }
            List<TopicProbe.Received> received = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                received.clear();
                received.addAll(out.collect(Duration.ofMillis(300)));
                assertThat(received).filteredOn(r -> keys.contains(r.key())).hasSize(300);
            });
            for (String key : keys) {
                assertThat(effects(key)).as("each event of %s applied once, in order", key).hasSize(100)
                        .isSortedAccordingTo(java.util.Comparator.comparingInt(KitContractIT::sequenceOf));
                assertThat(received.stream().filter(r -> key.equals(r.key())).map(r -> ((RewardCommand) r.value()).getPoints()).toList())
                        .isSorted().doesNotHaveDuplicates();
            }
        }
        assertThat(batchSizes().max()).as("records arrived and were applied in batches").isGreaterThan(1);
        assertThat(batchSizes().count()).as("fewer batches than records").isLessThan(batchesBefore + 300);
        assertThat(oneByOne()).as("no batch fell back to one-by-one").isEqualTo(oneByOneBefore);
    }

    @Test
    void aBatchWithARejectionABusinessOutcomeAndAFailureSettlesEachRecordAsItWouldAlone() throws Exception {
        String key = "mixed-" + UUID.randomUUID();
        List<RewardCommand> commands = List.of(command(key, "ok", 1), command(key, "reject", 2), command(key, "not-applicable", 3),
                command(key, "fail:2", 4), command(key, "ok", 5));
        try (TopicProbe dlq = TopicProbe.from(KitTopics.IN + ".dlq")) {
            commands.forEach(command -> producer.send(new ProducerRecord<>(KitTopics.IN, key, command)));
            producer.flush();
            awaitEffects(key, 3);
            dlq.await(r -> key.equals(r.key()) && ((RewardCommand) r.value()).getPoints() == 2, WAIT);
        }
        assertThat(effects(key)).containsExactly("applied " + key + "-1", "applied " + key + "-4", "applied " + key + "-5");
        assertThat(inbox(commands.get(2).getMetadata().getEventId())).isEqualTo("NOT_APPLICABLE|not for this programme: " + key + "-3");
        assertThat(inbox(commands.get(1).getMetadata().getEventId())).isNull();
        Thread.sleep(1_000);
        assertThat(effects(key)).as("nothing applied twice by the replay").hasSize(3);
    }

    @Test
    void anEventSeesWhatAnEarlierEventOfItsBatchWrote() throws Exception {
        String key = "chain-" + UUID.randomUUID();
        double oneByOneBefore = oneByOne();
        for (int i = 1; i <= 20; i++) { // each awaits the one before it: only visible within the batch's transaction
            producer.send(new ProducerRecord<>(KitTopics.IN, key, command(key, i == 1 ? "ok" : "await:" + key + "-" + (i - 1), i)));
        }
        producer.flush();
        awaitEffects(key, 20);
        assertThat(effects(key)).hasSize(20);
        assertThat(oneByOne()).as("no event of a batch waited for an earlier one").isEqualTo(oneByOneBefore);
    }

    @Test
    void aHandlerRunsHoldingItsEventsLockWhetherItsRecordIsSettledAloneOrInABatch() throws Exception {
        String alone = "lock-alone-" + UUID.randomUUID();
        send(alone, command(alone, "report-lock", 1));
        awaitEffects(alone, 1);
        String burst = "lock-burst-" + UUID.randomUUID();
        for (int i = 1; i <= 30; i++) {
            producer.send(new ProducerRecord<>(KitTopics.IN, burst, command(burst, "report-lock", i)));
        }
        producer.flush();
        awaitEffects(burst, 30);
        assertThat(effects(alone)).containsExactly("applied " + alone + "-1 holding its lock");
        assertThat(effects(burst)).hasSize(30).allSatisfy(effect -> assertThat(effect).endsWith(" holding its lock"));
    }

    @Test
    void advisoryLocksTakeEveryKeyOnceForTheTransaction() throws Throwable {
        Long held = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> locks
                .lockForTransaction("kit-test", List.of("b", "a", "b", "c"))
                .chain(() -> locks.lockForTransaction("kit-test", "a"))
                .chain(() -> Panache.getSession()).chain(session -> session.createNativeQuery(
                        "select count(distinct objid) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted",
                        Long.class).getSingleResult())));
        assertThat(held).isEqualTo(3);
        Long after = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession().chain(session ->
                session.createNativeQuery("select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()", Long.class)
                        .getSingleResult())));
        assertThat(after).as("released at commit").isZero();
    }

    @Test
    void theRelayKeepsPerKeyOrderAndSetsAsideARowKafkaCannotTake() throws Throwable {
        List<String> keys = List.of("order-a-" + UUID.randomUUID(), "order-b-" + UUID.randomUUID(), "order-c-" + UUID.randomUUID());
        String huge = "x".repeat(2 * 1024 * 1024);
        try (TopicProbe out = TopicProbe.from(KitTestConsumer.OUT.name())) {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
                io.smallrye.mutiny.Uni<Void> writes = outbox.enqueue(KitTestConsumer.OUT, keys.get(0), command(keys.get(0), huge, 0));
                for (int i = 1; i <= 60; i++) {
                    String key = keys.get(i % keys.size());
                    RewardCommand command = command(key, "ok", i);
                    writes = writes.chain(() -> outbox.enqueue(KitTestConsumer.OUT, key, command));
                }
                return writes;
            }));
            List<TopicProbe.Received> received = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                received.clear(); // collect returns everything seen so far
                received.addAll(out.collect(Duration.ofMillis(300)));
                assertThat(received).filteredOn(r -> keys.contains(r.key())).hasSize(60);
            });
            for (String key : keys) {
                List<Long> sequence = received.stream().filter(r -> key.equals(r.key()))
                        .map(r -> ((RewardCommand) r.value()).getPoints()).toList();
                assertThat(sequence).as(key).isSorted().doesNotHaveDuplicates();
            }
        }
        assertThat(query("SELECT reason FROM kit_outbox_failed WHERE record_key = '" + keys.get(0) + "'"))
                .singleElement().asString().contains("RecordTooLarge");
    }

    @Test
    void onlyTheLockHolderPublishesAndAStandbyTakesOverWhenItsSessionEnds() throws Throwable {
        String key = "customer-" + UUID.randomUUID();
        try (TopicProbe out = TopicProbe.from(KitTestConsumer.OUT.name())) {
            whileAnotherReplicaLeads(statement -> {
                send(key, command(key, "ok", 1));
                awaitEffects(key, 1);
                assertThat(out.collect(Duration.ofSeconds(3))).as("a standby relay publishes nothing").noneMatch(r -> key.equals(r.key()));
                assertThat(relay.isLeader()).isFalse();
            });
            out.await(r -> key.equals(r.key()), WAIT);
        }
    }

    @Test
    void aNewLeaderSendsTheRowsItsCrashedPredecessorHadClaimedBeforeTheRowsBehindThem() throws Throwable {
        String key = "customer-" + UUID.randomUUID();
        try (TopicProbe out = TopicProbe.from(KitTestConsumer.OUT.name())) {
            whileAnotherReplicaLeads(statement -> {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.enqueue(KitTestConsumer.OUT, key, command(key, "ok", 1))
                        .chain(() -> outbox.enqueue(KitTestConsumer.OUT, key, command(key, "ok", 2)))));
                // the predecessor claimed the first row and died before deleting it (its lease would run 10 minutes)
                statement.executeUpdate("UPDATE kit_outbox SET claimed_until = now() + interval '10 minutes' "
                        + "WHERE id = (SELECT min(id) FROM kit_outbox WHERE record_key = '" + key + "')");
            });
            assertThat(sequenceOf(out, key, 2)).containsExactly(1L, 2L);
        }
    }

    @Test
    void noRowIsSentPastARowThatIsStillClaimed() throws Throwable {
        await().atMost(WAIT).until(relay::isLeader);
        String key = "customer-" + UUID.randomUUID();
        try (TopicProbe out = TopicProbe.from(KitTestConsumer.OUT.name())) {
            // the first row committed still claimed, as after a hand-back that failed: the second waits for its lease
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.enqueue(KitTestConsumer.OUT, key, command(key, "ok", 1))
                    .chain(() -> outbox.enqueue(KitTestConsumer.OUT, key, command(key, "ok", 2)))
                    .chain(Panache::getSession).chain(session -> session.createNativeQuery("UPDATE kit_outbox SET claimed_until = now() + "
                            + "interval '2 seconds' WHERE id = (SELECT min(id) FROM kit_outbox WHERE record_key = :key)")
                            .setParameter("key", key).executeUpdate())));
            assertThat(sequenceOf(out, key, 2)).containsExactly(1L, 2L);
        }
    }

    // ------------------------------------------------------------------ helpers

    interface WithSession {
        void run(Statement statement) throws Throwable;
    }

    /**
     * Ends the relay leader's session, as a crash would, and takes its lock first, as another replica would; runs
     * {@code work} on that replica's session, then releases the lock and waits until the relay leads again.
     */
    void whileAnotherReplicaLeads(WithSession work) throws Throwable {
        await().atMost(WAIT).until(relay::isLeader);
        try (Connection other = DriverManager.getConnection(TestStack.jdbcUrl("kit"), "kit", TestStack.postgresPassword());
                Statement statement = other.createStatement()) {
            // the relay may take the lock back within milliseconds: end its session until this one holds the lock
            await().atMost(WAIT).until(() -> {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                        + "AND objid = hashtext('outbox-relay')::oid AND granted AND pid <> pg_backend_pid() "
                        + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
                try (ResultSet locked = statement.executeQuery("SELECT pg_try_advisory_lock(hashtext('kit'), hashtext('outbox-relay'))")) {
                    locked.next();
                    return locked.getBoolean(1);
                }
            });
            await().atMost(WAIT).until(() -> !relay.isLeader());
            work.run(statement);
            statement.execute("SELECT pg_advisory_unlock(hashtext('kit'), hashtext('outbox-relay'))");
        }
        await().atMost(WAIT).until(relay::isLeader);
    }

    /** The first {@code count} records of {@code key} on the output topic, as their command sequence numbers. */
    static List<Long> sequenceOf(TopicProbe out, String key, int count) {
        List<Long> sequence = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            sequence.clear();
            out.collect(Duration.ofMillis(300)).stream().filter(r -> key.equals(r.key()))
                    .forEach(r -> sequence.add(((RewardCommand) r.value()).getPoints()));
            assertThat(sequence).hasSizeGreaterThanOrEqualTo(count);
        });
        return sequence.subList(0, count);
    }

    io.micrometer.core.instrument.DistributionSummary batchSizes() {
        return meters.summary("omniretail.consumer.batch.size", "consumer", "kit-test");
    }

    double oneByOne() {
        return meters.counter("omniretail.consumer.batch.one.by.one", "consumer", "kit-test").count();
    }

    static int sequenceOf(String effect) {
        return Integer.parseInt(effect.substring(effect.lastIndexOf('-') + 1));
    }

    static RewardCommand command(String key, String reason, long sequence) {
        String id = key + "-" + sequence;
        return RewardCommand.newBuilder()
                .setMetadata(EventMetadataFactory.origin(EventMetadataFactory.derivedId("kit-test", id, reason.length() > 100 ? "big" : reason),
                        Instant.now(), "kit-test"))
                .setCommandId(id).setCustomerId(key).setPoints(sequence).setReason(reason)
                .setJourneyId("kit-test").setJourneyInstanceId(id).build();
    }

    static void send(String key, RewardCommand command) throws Exception {
        producer.send(new ProducerRecord<>(KitTopics.IN, key, command)).get();
    }

    static void awaitEffects(String key, int count) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(effects(key)).hasSizeGreaterThanOrEqualTo(count));
    }

    static List<String> effects(String key) throws Exception {
        return query("SELECT what FROM kit_test_effect WHERE record_key = '" + key + "' ORDER BY seq");
    }

    static String inbox(String eventId) throws Exception {
        List<String> rows = query("SELECT outcome || '|' || coalesce(outcome_reason, 'null') FROM kit_inbox WHERE event_id = '" + eventId + "'");
        return rows.isEmpty() ? null : rows.get(0);
    }

    static List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(TestStack.jdbcUrl("kit"), "kit", TestStack.postgresPassword());
                Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
