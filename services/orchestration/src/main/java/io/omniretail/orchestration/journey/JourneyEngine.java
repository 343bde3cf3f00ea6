package io.omniretail.orchestration.journey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.avro.specific.SpecificRecordBase;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.kit.rules.CelValues;
import io.omniretail.orchestration.definition.EventStream;
import io.omniretail.orchestration.definition.JourneyCatalog;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinition.Choose;
import io.omniretail.orchestration.definition.JourneyDefinition.Notify;
import io.omniretail.orchestration.definition.JourneyDefinition.Step;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitFor;
import io.omniretail.orchestration.journey.JourneyInstance.State;
import io.omniretail.orchestration.journey.JourneySemantics.Action;
import io.omniretail.orchestration.journey.JourneySemantics.Choice;
import io.omniretail.orchestration.journey.JourneySemantics.Chose;
import io.omniretail.orchestration.journey.JourneySemantics.End;
import io.omniretail.orchestration.journey.JourneySemantics.Entrant;
import io.omniretail.orchestration.journey.JourneySemantics.Go;
import io.omniretail.orchestration.journey.JourneySemantics.LookBack;
import io.omniretail.orchestration.journey.JourneySemantics.Move;
import io.omniretail.orchestration.journey.JourneySemantics.Run;
import io.omniretail.orchestration.journey.JourneySemantics.Sleep;
import io.omniretail.orchestration.journey.JourneySemantics.Usage;
import io.omniretail.orchestration.journey.JourneySemantics.Who;
import io.omniretail.orchestration.journey.StepLog.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs journey definitions (ADR 0022) in the caller's transaction, applying the {@link JourneySemantics}' decisions to
 * the database and the outbox. For each event on a stream journeys read ({@link #onEvent}), in this order: the event is
 * kept for later waits; running instances of the customer exit when an exit condition holds (at once, so nothing
 * scheduled goes out afterwards, and notifications still held by the notifications service are withdrawn), or move on
 * when they wait for it; goals convert; definitions whose trigger holds start an instance, within their entry rules. An
 * instance then walks its steps until it waits (for a time, or for an event with a timeout: the durable timer,
 * {@link JourneyTimer}) or ends.
 * <p>
 * Contract: everything about one customer's instances runs holding the customer's {@link #CUSTOMER_LOCKS} advisory
 * lock (JourneyConsumers name it to the kit's EventProcessor; the timer takes it itself), so events on different
 * topics and several service instances are serialized per customer. Idempotent: an instance's id derives from the
 * journey and its trigger's eventId, every action's id from the instance and step (notificationId, commandId,
 * escalationId), and a step is logged once per instance (steps only go forward). A choose step also takes its
 * budgets' locks, after the customer's, so budgets hold across customers and instances.
 */
@ApplicationScoped
public class JourneyEngine {

    /** The advisory-lock namespace of a customer's journey state. */
    public static final String CUSTOMER_LOCKS = "orchestration.customer";
    /** A choose step option's budget ("journey/step/option"), taken after the customer's lock. */
    static final String BUDGET_LOCKS = "orchestration.budget";

    @Inject
    Outbox outbox;
    @Inject
    AdvisoryLocks locks;
    @Inject
    JourneyCatalog catalog;
    @Inject
    EventCodec codec;
    @Inject
    JourneySemantics semantics;

    private record DecodedProfile(long version, long fingerprint, Who who) {
    }

    /** Bounded: a customer's events come close together (an order brings several), then rarely for days. */
    private final Cache<String, DecodedProfile> profiles = Caffeine.newBuilder().maximumSize(2_000).build();

    /** A newer profile of the customer (an older one, redelivered or overtaken, changes nothing). */
    public Uni<Void> remember(CustomerProfile profile, Instant now) {
        return CustomerView.<CustomerView>findById(profile.getCustomerId()).chain(view -> {
            if (view != null && view.profileVersion >= profile.getVersion()) {
                return Uni.createFrom().voidItem();
            }
            return codec.encode(profile).chain(encoded -> {
                CustomerView latest = view != null ? view : new CustomerView();
                latest.customerId = profile.getCustomerId();
                latest.profileVersion = profile.getVersion();
                latest.fingerprint = encoded.fingerprint();
                latest.payload = encoded.payload();
                latest.updatedAt = now;
                return view != null ? Uni.createFrom().voidItem() : latest.persist().replaceWithVoid();
            });
        });
    }

    /** The customer was erased or merged away: their profile is gone. */
    public Uni<Void> forget(String customerId) {
        return forget(List.of(customerId)).replaceWithVoid();
    }

    /** Deletes these customers' profiles, and their decoded copies with them (no personal data outlives its row). */
    public Uni<Long> forget(List<String> customerIds) {
        return CustomerView.delete("customerId in ?1", customerIds).invoke(() -> profiles.invalidateAll(customerIds));
    }

    /**
     * The customer as expressions see them. The row is read every time (it is the truth, and cheap); decoding it is
     * not, so the decoded profile of each recently seen customer is kept for as long as its version is the row's.
     */
    private Uni<Who> who(String customerId) {
        return CustomerView.<CustomerView>findById(customerId).chain(view -> {
            if (view == null) {
                return Uni.createFrom().item(Who.UNKNOWN);
            }
            DecodedProfile decoded = profiles.getIfPresent(customerId);
            if (decoded != null && decoded.version() == view.profileVersion && decoded.fingerprint() == view.fingerprint) {
                return Uni.createFrom().item(decoded.who());
            }
            return codec.decode(CustomerProfile.class, view.fingerprint, view.payload).map(record -> {
                Who who = Who.of((CustomerProfile) record);
                profiles.put(customerId, new DecodedProfile(view.profileVersion, view.fingerprint, who));
                return who;
            });
        });
    }

    public Uni<Void> onEvent(EventStream stream, SpecificRecordBase event, String customerId, Instant now) {
        EventMetadata metadata = EventMetadataFactory.metadataOf(event);
        Map<String, Object> cel = CelValues.of(event);
        // one read of the customer's running and goal-tracking instances, and one of the events they keep
        return keep(stream, event, customerId, metadata, now).chain(() -> who(customerId)).chain(who -> JourneyInstance
                .<JourneyInstance>list("customerId = ?1 and (state = ?2 or (convertedAt is null and goalUntil >= ?3)) order by enteredAt",
                        customerId, State.ACTIVE, now)
                .chain(instances -> load(instances, who))
                .chain(runs -> {
                    List<Run> active = runs.stream().filter(run -> run.instance().state == State.ACTIVE).toList();
                    return Multi.createFrom().iterable(active)
                            .onItem().transformToUniAndConcatenate(run -> react(run, stream, event, cel, now))
                            .collect().last()
                            .invoke(() -> convertGoals(runs, stream, cel, now));
                })
                .chain(() -> catalog.entering(now))
                .chain(definitions -> Multi.createFrom().iterable(definitions)
                        .onItem().transformToUniAndConcatenate(definition -> semantics.entrant(definition, stream, cel, metadata, who, now)
                                .map(entrant -> enter(definition, entrant, stream, event, customerId, metadata, who, now))
                                .orElseGet(() -> Uni.createFrom().voidItem()))
                        .collect().last())
                .replaceWithVoid());
    }

    /**
     * A product's price or stock changed: the running instances whose object is its SKU (of any customer) may exit or
     * end a wait on it, each under its customer's lock (taken in order before any is touched). Nothing starts or
     * converts on a product event: it is no customer's.
     */
    public Uni<Void> onProduct(ProductUpdated product, Instant now) {
        Map<String, Object> cel = CelValues.of(product);
        return JourneyInstance.<JourneyInstance>list("objectKey = ?1 and state = ?2 order by enteredAt", product.getSku(), State.ACTIVE)
                .chain(candidates -> candidates.isEmpty() ? Uni.createFrom().voidItem()
                        : locks.lockForTransaction(CUSTOMER_LOCKS, candidates.stream().map(i -> i.customerId).distinct().toList())
                                .chain(() -> Multi.createFrom().iterable(candidates)
                                        .onItem().transformToUniAndConcatenate(instance -> Panache.getSession()
                                                .chain(session -> session.refresh(instance))
                                                .chain(() -> instance.state != State.ACTIVE ? Uni.createFrom().voidItem()
                                                        : who(instance.customerId).chain(who -> load(instance, who))
                                                                .chain(run -> run.isEmpty() ? Uni.createFrom().voidItem()
                                                                        : react(run.get(), EventStream.PRODUCT, product, cel, now))))
                                        .collect().last().replaceWithVoid()));
    }

    /** Called by the timer: the instance's wait is over if it still waits once the customer's lock is held. */
    public Uni<Boolean> wakeIfDue(String instanceId, String customerId, Instant now) {
        return locks.lockForTransaction(CUSTOMER_LOCKS, customerId)
                .chain(() -> JourneyInstance.<JourneyInstance>findById(instanceId))
                .chain(instance -> instance == null || instance.state != State.ACTIVE || instance.wakeAt == null || instance.wakeAt.isAfter(now)
                        ? Uni.createFrom().item(false)
                        : who(customerId).chain(who -> load(instance, who)).chain(loaded -> {
                            if (loaded.isEmpty()) {
                                return Uni.createFrom().voidItem();
                            }
                            instance.wakeAt = null;
                            return apply(loaded.get(), semantics.woke(loaded.get()), now);
                        }).replaceWith(true));
    }

    /**
     * Customers merged into a survivor: their instances, kept events and goals continue as the survivor's, under every
     * one of the customers' locks (taken in order). Where that leaves the survivor two running instances of a journey
     * that allows one per customer (or per object), the older one goes on and the others exit, withdrawing what they
     * asked notifications to send. Applying a merge again finds nothing to move.
     */
    public Uni<Void> merge(String survivor, List<String> merged, EventMetadata cause, Instant now) {
        if (survivor == null || survivor.isBlank() || merged.isEmpty()) {
            return Uni.createFrom().failure(new RejectedEventException("merge " + cause.getEventId() + " names no survivor or no merged customer"));
        }
        List<String> everyone = new ArrayList<>(merged);
        everyone.add(survivor);
        return locks.lockForTransaction(CUSTOMER_LOCKS, everyone)
                .chain(() -> JourneyInstance.update("customerId = ?1 where customerId in ?2", survivor, merged))
                .chain(() -> RecentEvent.update("customerId = ?1 where customerId in ?2", survivor, merged))
                .chain(() -> forget(merged))
                .chain(() -> who(survivor))
                .chain(who -> JourneyInstance.<JourneyInstance>list("customerId = ?1 and state = ?2 order by enteredAt, instanceId", survivor, State.ACTIVE)
                        .chain(active -> load(active, who))
                        .chain(runs -> {
                            Set<String> running = new HashSet<>();
                            return Multi.createFrom().iterable(runs)
                                    .onItem().transformToUniAndConcatenate(run -> {
                                        if (JourneySemantics.mayRunBeside(run.definition(), run.instance(), running)) {
                                            return Uni.createFrom().voidItem();
                                        }
                                        run.instance().end(State.EXITED, now);
                                        return withdraw(run, now);
                                    })
                                    .collect().last();
                        }))
                .replaceWithVoid();
    }

    /**
     * A retired version: its running instances exit, and the notifications they requested are withdrawn (each row is
     * updated once; the caller holds no customer lock, so an instance taking a step at this very moment may still send
     * it).
     */
    public Uni<Integer> exitAll(String journeyId, int version, Instant now) {
        return catalog.version(journeyId, version).chain(found -> found.map(definition -> withdrawAll(definition, now))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .chain(() -> JourneyInstance.update("state = ?1, stepId = null, wakeAt = null, endedAt = ?2 where journeyId = ?3 and journeyVersion = ?4 and state = ?5",
                        State.EXITED, now, journeyId, version, State.ACTIVE));
    }

    private Uni<Void> withdrawAll(JourneyDefinition definition, Instant now) {
        List<String> notifySteps = definition.steps().stream().filter(Notify.class::isInstance).map(Step::id).toList();
        if (notifySteps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT l.instance_id, l.step_id, i.customer_id, i.correlation_id
                        FROM journey_step_log l JOIN journey_instance i ON i.instance_id = l.instance_id
                        WHERE i.journey_id = ?1 AND i.journey_version = ?2 AND i.state = 'ACTIVE' AND l.outcome = 'DONE' AND l.step_id IN (?3)""",
                        Object[].class)
                .setParameter(1, definition.id()).setParameter(2, definition.version()).setParameter(3, notifySteps).getResultList())
                .chain(done -> Multi.createFrom().iterable(done)
                        .onItem().transformToUniAndConcatenate(row -> {
                            String instanceId = (String) row[0];
                            EventMetadata cause = EventMetadata.newBuilder().setEventId(EventMetadataFactory.derivedId("retire", instanceId))
                                    .setOccurredAt(now).setSource(JourneySemantics.SOURCE).setCorrelationId((String) row[3]).setCausationId(null).build();
                            return send(JourneySemantics.withdrawal(definition, instanceId, (String) row[2], (String) row[1], cause, "was retired", now));
                        })
                        .collect().last().replaceWithVoid());
    }

    /** Keeps the event for later waits; a redelivered event is kept once (one statement, no entity in the session). */
    private Uni<Void> keep(EventStream stream, SpecificRecordBase event, String customerId, EventMetadata metadata, Instant now) {
        return codec.encode(event).chain(encoded -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO journey_event (event_id, customer_id, stream, fingerprint, payload, occurred_at, received_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING""")
                .setParameter(1, metadata.getEventId()).setParameter(2, customerId).setParameter(3, stream.name())
                .setParameter(4, encoded.fingerprint()).setParameter(5, encoded.payload())
                .setParameter(6, metadata.getOccurredAt()).setParameter(7, now).executeUpdate()))
                .replaceWithVoid();
    }

    /** A running instance meets an event: exit, or the event it waits for. */
    private Uni<Void> react(Run run, EventStream stream, SpecificRecordBase event, Map<String, Object> cel, Instant now) {
        if (semantics.exits(run, stream, cel, now)) {
            run.instance().end(State.EXITED, now);
            return withdraw(run, now);
        }
        return semantics.awaited(run, stream, cel, now).map(waitFor -> {
            run.instance().wakeAt = null;
            return capture(run, waitFor, stream, event).chain(() -> apply(run, JourneySemantics.matched(waitFor), now));
        }).orElseGet(() -> Uni.createFrom().voidItem());
    }

    /** Withdraws what the exited instance asked notifications to send (JourneySemantics.withdrawals). */
    private Uni<Void> withdraw(Run run, Instant now) {
        return StepLog.<StepLog>list("key.instanceId = ?1 and outcome = ?2", run.instance().instanceId, Outcome.DONE)
                .chain(done -> Multi.createFrom().iterable(semantics.withdrawals(run, done.stream().map(log -> log.key.stepId()).toList(), now))
                        .onItem().transformToUniAndConcatenate(this::send).collect().last().replaceWithVoid());
    }

    /** Instances whose goal is still open convert when the event meets it (after the event moved them). */
    private void convertGoals(List<Run> runs, EventStream stream, Map<String, Object> cel, Instant now) {
        for (Run run : runs) {
            JourneyInstance instance = run.instance();
            if (instance.convertedAt == null && instance.goalUntil != null && !instance.goalUntil.isBefore(now)
                    && semantics.converts(run, stream, cel, now)) {
                instance.convertedAt = now;
            }
        }
    }

    private Uni<Void> enter(JourneyDefinition definition, Entrant entrant, EventStream stream, SpecificRecordBase event, String customerId,
            EventMetadata metadata, Who who, Instant now) {
        return JourneyInstance.<JourneyInstance>findById(entrant.instanceId())
                .chain(existing -> existing != null ? Uni.createFrom().item(false)
                        : !JourneySemantics.entryReadsHistory(definition.entry()) ? Uni.createFrom().item(true)
                        : JourneyInstance.<JourneyInstance>list("journeyId = ?1 and customerId = ?2", definition.id(), customerId)
                                .map(earlier -> JourneySemantics.mayEnter(definition.entry(), earlier, entrant.object(), now)))
                .chain(may -> {
                    if (!may) {
                        return Uni.createFrom().voidItem();
                    }
                    JourneyInstance instance = JourneySemantics.start(definition, entrant, customerId, metadata, now);
                    Run run = new Run(instance, definition, event, new LinkedHashMap<>(), who);
                    return instance.persist().chain(() -> store(instance.instanceId, InstanceEvent.TRIGGER, stream, event))
                            .chain(() -> walk(run, definition.first().id(), now));
                });
    }

    /** Takes steps from {@code stepId} until one waits or the instance ends. */
    private Uni<Void> walk(Run run, String stepId, Instant now) {
        if (!JourneyDefinition.END.equals(stepId)) {
            run.instance().stepId = stepId;
        }
        return usage(run, stepId, now).chain(usage -> apply(run, semantics.take(run, stepId, now, usage), now));
    }

    /**
     * What a choose step's caps and budgets count (nothing for any other step): the customer's earlier choices of each
     * capped option within its window, and everyone's of each budgeted option within its window, across the journey's
     * versions. The budgets' locks are taken first (after the customer's), so two customers' instances cannot both
     * take the last unit of a budget.
     */
    private Uni<Usage> usage(Run run, String stepId, Instant now) {
        Optional<Choose> found = run.definition().step(stepId).filter(Choose.class::isInstance).map(Choose.class::cast);
        if (found.isEmpty()) {
            return Uni.createFrom().item(Usage.NONE);
        }
        Choose choose = found.get();
        String journeyId = run.definition().id();
        List<String> budgeted = choose.options().stream().filter(option -> option.budget().isPresent())
                .map(option -> journeyId + "/" + choose.id() + "/" + option.id()).toList();
        Map<String, Long> byCustomer = new HashMap<>();
        Map<String, Long> overall = new HashMap<>();
        return locks.lockForTransaction(BUDGET_LOCKS, budgeted)
                .chain(() -> Multi.createFrom().iterable(choose.options())
                        .onItem().transformToUniAndConcatenate(option -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                        SELECT count(*) FILTER (WHERE i.customer_id = :customer AND l.at > :capSince),
                                               count(*) FILTER (WHERE l.at > :budgetSince)
                                        FROM journey_step_log l JOIN journey_instance i ON i.instance_id = l.instance_id
                                        WHERE l.journey_id = :journey AND l.step_id = :step AND l.detail = :option AND l.outcome = 'CHOSEN'
                                          AND l.at > least(cast(:capSince as timestamptz), cast(:budgetSince as timestamptz))""", Object[].class)
                                .setParameter("customer", run.instance().customerId)
                                .setParameter("capSince", option.cap().map(cap -> now.minus(cap.per())).orElse(now))
                                .setParameter("budgetSince", option.budget().map(budget -> now.minus(budget.per())).orElse(now))
                                .setParameter("journey", journeyId).setParameter("step", choose.id()).setParameter("option", option.id())
                                .getSingleResult())
                                .invoke(row -> {
                                    byCustomer.put(option.id(), ((Number) row[0]).longValue());
                                    overall.put(option.id(), ((Number) row[1]).longValue());
                                }))
                        .collect().last())
                .map(ignored -> new Usage(byCustomer, overall));
    }

    private Uni<Void> apply(Run run, Move move, Instant now) {
        JourneyInstance instance = run.instance();
        return switch (move) {
            case Sleep sleep -> {
                instance.wakeAt = sleep.until();
                yield Uni.createFrom().voidItem();
            }
            case LookBack lookBack -> earlier(run, lookBack.waitFor(), now).chain(found -> {
                if (found.isEmpty()) {
                    instance.wakeAt = lookBack.timeoutAt();
                    return Uni.createFrom().voidItem();
                }
                return capture(run, lookBack.waitFor(), lookBack.waitFor().on(), found.get())
                        .chain(() -> apply(run, JourneySemantics.matched(lookBack.waitFor()), now));
            });
            case Go go -> go.action().map(this::send).orElseGet(() -> Uni.createFrom().voidItem())
                    .chain(() -> log(run, go.step(), go.outcome(), now)).chain(() -> walk(run, go.next(), now));
            case End end -> {
                instance.end(end.state(), now);
                yield end.step().map(step -> log(run, step, end.outcome(), now)).orElseGet(() -> Uni.createFrom().voidItem());
            }
            case Chose chose -> {
                Uni<Void> logged = log(run, chose.step(), chose.outcome(), now, chose.choice());
                if (chose.outcome() == Outcome.CONTROL) {
                    instance.end(State.CONTROL, now);
                    yield logged;
                }
                yield logged.chain(() -> walk(run, chose.next(), now));
            }
        };
    }

    private <V extends SpecificRecordBase> Uni<Void> send(Action<V> action) {
        return outbox.enqueue(action.topic(), action.key(), action.record());
    }

    /** A matching event of the customer that arrived before the wait began (and happened no earlier than the trigger). */
    private Uni<Optional<SpecificRecordBase>> earlier(Run run, WaitFor waitFor, Instant now) {
        return RecentEvent.<RecentEvent>list("customerId = ?1 and stream = ?2 and occurredAt >= ?3 order by occurredAt",
                        run.instance().customerId, waitFor.on(), run.instance().triggerOccurredAt)
                .chain(recent -> Multi.createFrom().iterable(recent)
                        .onItem().transformToUniAndConcatenate(row -> codec.decode(row.stream.type(), row.fingerprint, row.payload))
                        .filter(record -> semantics.satisfies(run, waitFor, CelValues.of(record), now))
                        .toUni().map(Optional::ofNullable));
    }

    private Uni<Void> capture(Run run, WaitFor waitFor, EventStream stream, SpecificRecordBase event) {
        if (waitFor.as().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        run.captured().put(waitFor.as().get(), CelValues.of(event));
        return store(run.instance().instanceId, waitFor.as().get(), stream, event);
    }

    private Uni<Void> store(String instanceId, String name, EventStream stream, SpecificRecordBase event) {
        return codec.encode(event).chain(encoded -> {
            InstanceEvent kept = new InstanceEvent();
            kept.key = new InstanceEvent.Key(instanceId, name);
            kept.stream = stream;
            kept.fingerprint = encoded.fingerprint();
            kept.payload = encoded.payload();
            return kept.persist().replaceWithVoid();
        });
    }

    private Uni<Void> log(Run run, Step step, Outcome outcome, Instant now) {
        return log(run, step, outcome, now, Optional.empty());
    }

    private Uni<Void> log(Run run, Step step, Outcome outcome, Instant now, Optional<Choice> choice) {
        StepLog log = new StepLog();
        log.detail = choice.map(c -> c.option().id()).orElse(null);
        log.expectedValue = choice.map(Choice::net).orElse(null);
        log.key = new StepLog.Key(run.instance().instanceId, step.id());
        log.journeyId = run.definition().id();
        log.journeyVersion = run.definition().version();
        log.outcome = outcome;
        log.at = now;
        return log.persist().replaceWithVoid();
    }

    /** The instance ready to go on; empty (and the instance exited) when its version no longer reads. */
    private Uni<Optional<Run>> load(JourneyInstance instance, Who who) {
        return load(List.of(instance), who).map(runs -> runs.stream().findFirst());
    }

    /**
     * The instances ready to go on, in the given order, their kept events read in one query; an instance whose version
     * no longer reads is left out (and exited).
     */
    private Uni<List<Run>> load(List<JourneyInstance> instances, Who who) {
        if (instances.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return InstanceEvent.<InstanceEvent>list("key.instanceId in ?1", instances.stream().map(instance -> instance.instanceId).toList())
                .chain(kept -> Multi.createFrom().iterable(kept)
                        .onItem().transformToUniAndConcatenate(row -> codec.decode(row.stream.type(), row.fingerprint, row.payload)
                                .map(record -> new Kept(row.key, record)))
                        .collect().asList())
                .chain(events -> Multi.createFrom().iterable(instances)
                        .onItem().transformToUniAndConcatenate(instance -> catalog.version(instance.journeyId, instance.journeyVersion)
                                .map(found -> found.map(definition -> run(instance, definition, events, who)).or(() -> {
                                    if (instance.state == State.ACTIVE) {
                                        instance.end(State.EXITED, Instant.now());
                                    }
                                    return Optional.empty();
                                })))
                        .collect().asList())
                .map(runs -> runs.stream().flatMap(Optional::stream).toList());
    }

    private record Kept(InstanceEvent.Key key, SpecificRecordBase record) {
    }

    private static Run run(JourneyInstance instance, JourneyDefinition definition, List<Kept> events, Who who) {
        SpecificRecordBase trigger = null;
        Map<String, Object> captured = new LinkedHashMap<>();
        for (Kept event : events) {
            if (!event.key().instanceId().equals(instance.instanceId)) {
                continue;
            }
            if (event.key().name().equals(InstanceEvent.TRIGGER)) {
                trigger = event.record();
            } else {
                captured.put(event.key().name(), CelValues.of(event.record()));
            }
        }
        return new Run(instance, definition, trigger, captured, who);
    }
}
