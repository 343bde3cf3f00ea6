package io.omniretail.kit.persistence;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.Topic;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.kit.AwaitingDependencyException;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.RejectedEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The consumer of the kit's tests: a RewardCommand's reason says what to do: "ok" (record an effect and publish
 * the command to test.kit.out), "reject", "not-applicable", "fail:N" (fail N times, then as "ok"), "await:ID" (as "ok"
 * once command ID was applied, until then awaiting it), "report-lock" (as "ok", the effect saying whether the
 * handler ran holding its key's {@link #LOCKS} lock). Every event is serialized on its record key's lock.
 */
@ApplicationScoped
public class KitTestConsumer {

    static final Topic<RewardCommand> OUT = new Topic<>("test.kit.out", RewardCommand.class, true, "kit-test", List.of(),
            List.of(), false);
    static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    static final String LOCKS = "kit-test.key";
    /** Whether this transaction holds the advisory lock AdvisoryLocks takes for (namespace, key). */
    private static final String HOLDS_LOCK = """
            select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted and objsubid = 2
               and classid = (hashtext(:namespace)::bigint & 4294967295)::oid and objid = (hashtext(:key)::bigint & 4294967295)::oid""";

    @Inject
    EventProcessor processor;
    @Inject
    Outbox outbox;

    @Incoming("kit-in")
    public Uni<Void> consume(KafkaRecordBatch<String, RewardCommand> batch) {
        return processor.processBatch(batch, new EventProcessor.BatchLocks<>(LOCKS, RewardCommand::getCustomerId), this::apply,
                key -> KitTestEffect.of(key, "deleted").persist().replaceWithVoid());
    }

    Uni<Void> apply(RewardCommand command) {
        String reason = command.getReason();
        if (reason.equals("reject")) {
            throw new RejectedEventException("told to reject " + command.getCommandId());
        }
        if (reason.equals("not-applicable")) {
            return Uni.createFrom().failure(new NotApplicableException("not for this programme: " + command.getCommandId()));
        }
        if (reason.startsWith("fail:")
                && FAILURES.computeIfAbsent(command.getCommandId(), id -> new AtomicInteger()).incrementAndGet() <= Integer.parseInt(reason.substring(5))) {
            return Uni.createFrom().failure(new IllegalStateException("not yet, attempt " + FAILURES.get(command.getCommandId()).get()));
        }
        if (reason.startsWith("await:")) {
            String dependency = reason.substring(6);
            return KitTestEffect.count("what", "applied " + dependency).chain(applied -> {
                if (applied == 0) {
                    return Uni.createFrom().failure(new AwaitingDependencyException("command " + dependency + " not applied yet"));
                }
                return applied(command, "");
            });
        }
        if (reason.equals("report-lock")) {
            return Panache.getSession().chain(session -> session.createNativeQuery(HOLDS_LOCK, Long.class)
                    .setParameter("namespace", LOCKS).setParameter("key", command.getCustomerId()).getSingleResult())
                    .chain(held -> applied(command, held > 0 ? " holding its lock" : " without its lock"));
        }
        return applied(command, "");
    }

    private Uni<Void> applied(RewardCommand command, String note) {
        return KitTestEffect.of(command.getCustomerId(), "applied " + command.getCommandId() + note).persist()
                .chain(() -> outbox.enqueue(OUT, command.getCustomerId(), command));
    }
}
