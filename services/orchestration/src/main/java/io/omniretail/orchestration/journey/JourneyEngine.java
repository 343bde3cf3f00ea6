package io.omniretail.orchestration.journey;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.avro.specific.SpecificRecordBase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.journey.Escalation;
import io.omniretail.events.journey.OfferCommand;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.kit.rules.CelValues;
import io.omniretail.kit.rules.Rule;
import io.omniretail.orchestration.definition.EventStream;
import io.omniretail.orchestration.definition.JourneyCatalog;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinition.Branch;
import io.omniretail.orchestration.definition.JourneyDefinition.Escalate;
import io.omniretail.orchestration.definition.JourneyDefinition.EventCondition;
import io.omniretail.orchestration.definition.JourneyDefinition.Notify;
import io.omniretail.orchestration.definition.JourneyDefinition.Offer;
import io.omniretail.orchestration.definition.JourneyDefinition.Reward;
import io.omniretail.orchestration.definition.JourneyDefinition.Split;
import io.omniretail.orchestration.definition.JourneyDefinition.Step;
import io.omniretail.orchestration.definition.JourneyDefinition.Wait;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitFor;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitUntil;
import io.omniretail.orchestration.journey.JourneyInstance.State;
import io.omniretail.orchestration.journey.StepLog.Outcome;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs journey definitions (ADR 0022) in the caller's transaction. For each event on a stream journeys read
 * ({@link #onEvent}), in this order: the event is kept for later waits; running instances of the customer exit when an
 * exit condition holds (at once, so nothing scheduled goes out afterwards), or move on when they wait for it; goals
 * convert; definitions whose trigger holds start an instance, within their entry rules. An instance then walks its
 * steps until it waits (for a time, or for an event with a timeout: the durable timer, {@link JourneyTimer}) or ends.
 * <p>
 * Contract: everything about one customer's instances runs holding the customer's {@link #CUSTOMER_LOCKS} advisory
 * lock (JourneyConsumers name it to the kit's EventProcessor; the timer takes it itself), so events on different
 * topics and several service instances are serialized per customer. Idempotent: an instance's id derives from the
 * journey and its trigger's eventId, every action's id from the instance and step (notificationId, commandId,
 * escalationId), and a step is logged once per instance (steps only go forward).
 */
@ApplicationScoped
public class JourneyEngine {

    static final String SOURCE = "orchestration";
    /** The advisory-lock namespace of a customer's journey state. */
    public static final String CUSTOMER_LOCKS = "orchestration.customer";
    private static final Logger LOG = Logger.getLogger(JourneyEngine.class);

    @Inject
    Outbox outbox;
    @Inject
    AdvisoryLocks locks;
    @Inject
    JourneyCatalog catalog;
    @Inject
    EventCodec codec;
    @ConfigProperty(name = "omniretail.journeys.control-salt")
    String controlSalt;
    /** The zone of customers whose profile names none, for local times. */
    @ConfigProperty(name = "omniretail.journeys.default-time-zone")
    ZoneId defaultZone;
    /** Where an escalation goes when its queue cannot be computed. */
    @ConfigProperty(name = "omniretail.journeys.default-queue")
    String defaultQueue;

    /** The customer as journey expressions see them: the latest profile (empty before the first) and its segments. */
    record Who(Map<String, Object> profile, List<String> segments) {
        static final Who UNKNOWN = new Who(Map.of(), List.of());
    }

    /** An instance with its definition, the events it keeps (the trigger among them) and its customer, as CEL reads them. */
    record Run(JourneyInstance instance, JourneyDefinition definition, SpecificRecordBase trigger, Map<String, Object> captured, Who who) {
        EventMetadata triggerMetadata() {
            return (EventMetadata) trigger.get(trigger.getSchema().getField("metadata").pos());
        }

        Map<String, Object> values(Map<String, Object> event, Instant now) {
            return JourneyEngine.values(event, CelValues.of(trigger), captured, who, now);
        }
    }

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
        return CustomerView.deleteById(customerId).replaceWithVoid();
    }

    private Uni<Who> who(String customerId) {
        return CustomerView.<CustomerView>findById(customerId).chain(view -> view == null ? Uni.createFrom().item(Who.UNKNOWN)
                : codec.decode(CustomerProfile.class, view.fingerprint, view.payload).map(record -> {
                    CustomerProfile profile = (CustomerProfile) record;
                    return new Who(CelValues.of(profile), profile.getTraits() == null ? List.of() : List.copyOf(profile.getTraits().getSegments()));
                }));
    }

    public Uni<Void> onEvent(EventStream stream, SpecificRecordBase event, String customerId, Instant now) {
        EventMetadata metadata = EventMetadataFactory.metadataOf(event);
        Map<String, Object> cel = CelValues.of(event);
        return keep(stream, event, customerId, metadata, now).chain(() -> who(customerId)).chain(who -> JourneyInstance
                .<JourneyInstance>list("customerId = ?1 and state = ?2 order by enteredAt", customerId, State.ACTIVE)
                .chain(active -> Multi.createFrom().iterable(active)
                        .onItem().transformToUniAndConcatenate(instance -> load(instance, who).chain(run -> run.isEmpty()
                                ? Uni.createFrom().voidItem() : react(run.get(), stream, event, cel, now)))
                        .collect().last())
                .chain(() -> convertGoals(stream, cel, customerId, who, now))
                .chain(() -> catalog.entering(now))
                .chain(definitions -> Multi.createFrom().iterable(definitions)
                        .filter(definition -> definition.trigger().on() == stream)
                        .onItem().transformToUniAndConcatenate(definition -> enter(definition, stream, event, cel, customerId, metadata, who, now))
                        .collect().last())
                .replaceWithVoid());
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
                            Run run = loaded.get();
                            instance.wakeAt = null;
                            Step step = run.definition().step(instance.stepId).orElseThrow();
                            if (step instanceof WaitFor waitFor) {
                                return log(run, step, Outcome.TIMED_OUT, now).chain(() -> walk(run, waitFor.onTimeout(), now));
                            }
                            return log(run, step, Outcome.DONE, now).chain(() -> walk(run, step.next(), now));
                        }).replaceWith(true));
    }

    /** A retired version: its running instances exit (the caller holds no customer lock; each row is updated once). */
    public Uni<Integer> exitAll(String journeyId, int version, Instant now) {
        return JourneyInstance.update("state = ?1, stepId = null, wakeAt = null, endedAt = ?2 where journeyId = ?3 and journeyVersion = ?4 and state = ?5",
                State.EXITED, now, journeyId, version, State.ACTIVE);
    }

    private Uni<Void> keep(EventStream stream, SpecificRecordBase event, String customerId, EventMetadata metadata, Instant now) {
        return RecentEvent.<RecentEvent>findById(metadata.getEventId()).chain(existing -> existing != null ? Uni.createFrom().voidItem()
                : codec.encode(event).chain(encoded -> {
                    RecentEvent recent = new RecentEvent();
                    recent.eventId = metadata.getEventId();
                    recent.customerId = customerId;
                    recent.stream = stream;
                    recent.fingerprint = encoded.fingerprint();
                    recent.payload = encoded.payload();
                    recent.occurredAt = metadata.getOccurredAt();
                    recent.receivedAt = now;
                    return recent.persist().replaceWithVoid();
                }));
    }

    /** A running instance meets an event: exit, or the event it waits for. */
    private Uni<Void> react(Run run, EventStream stream, SpecificRecordBase event, Map<String, Object> cel, Instant now) {
        JourneyInstance instance = run.instance();
        Map<String, Object> values = run.values(cel, now);
        for (EventCondition exit : run.definition().exitWhen()) {
            if (exit.on() == stream && holds(exit.when(), values, run, "exitWhen")) {
                instance.end(State.EXITED, now);
                return Uni.createFrom().voidItem();
            }
        }
        Optional<Step> step = run.definition().step(instance.stepId);
        if (step.orElse(null) instanceof WaitFor waitFor && waitFor.on() == stream && holds(Optional.of(waitFor.when()), values, run, waitFor.id())) {
            instance.wakeAt = null;
            return capture(run, waitFor, stream, event).chain(() -> log(run, waitFor, Outcome.MATCHED, now))
                    .chain(() -> walk(run, waitFor.next(), now));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> convertGoals(EventStream stream, Map<String, Object> cel, String customerId, Who who, Instant now) {
        return JourneyInstance.<JourneyInstance>list("customerId = ?1 and convertedAt is null and goalUntil >= ?2", customerId, now)
                .chain(candidates -> Multi.createFrom().iterable(candidates)
                        .onItem().transformToUniAndConcatenate(instance -> load(instance, who).invoke(loaded -> loaded.flatMap(run -> run.definition().goal()
                                .filter(goal -> goal.on() == stream && holds(Optional.of(goal.when()), run.values(cel, now), run, "goal"))
                                .map(goal -> run)).ifPresent(run -> instance.convertedAt = now)))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> enter(JourneyDefinition definition, EventStream stream, SpecificRecordBase event, Map<String, Object> cel,
            String customerId, EventMetadata metadata, Who who, Instant now) {
        Map<String, Object> values = values(cel, cel, Map.of(), who, now);
        if (definition.trigger().when().isPresent() && !definition.trigger().when().get().evaluate(values).holds()) {
            return Uni.createFrom().voidItem();
        }
        String instanceId = EventMetadataFactory.derivedId("journey", definition.id(), metadata.getEventId());
        Optional<String> object = definition.entry().object().flatMap(expression -> expression.evaluate(values));
        if (definition.entry().onePer() == JourneyDefinition.OnePer.OBJECT && object.isEmpty()) {
            LOG.infof("%s: event %s names no object (%s), no entry", definition.key(), metadata.getEventId(),
                    definition.entry().object().get().expression());
            return Uni.createFrom().voidItem();
        }
        return JourneyInstance.<JourneyInstance>findById(instanceId)
                .chain(existing -> existing != null ? Uni.createFrom().item(false) : mayEnter(definition, customerId, object, now))
                .chain(may -> !may ? Uni.createFrom().voidItem()
                        : start(definition, instanceId, stream, event, customerId, object, metadata, who, now));
    }

    private Uni<Boolean> mayEnter(JourneyDefinition definition, String customerId, Optional<String> object, Instant now) {
        JourneyDefinition.Entry entry = definition.entry();
        Uni<Boolean> reentry = switch (entry.reentry()) {
            case ALWAYS -> Uni.createFrom().item(true);
            case NEVER -> JourneyInstance.count("journeyId = ?1 and customerId = ?2", definition.id(), customerId).map(n -> n == 0);
            case COOLDOWN -> JourneyInstance.count("journeyId = ?1 and customerId = ?2 and enteredAt > ?3", definition.id(), customerId,
                    now.minus(entry.cooldown().orElseThrow())).map(n -> n == 0);
        };
        return reentry.chain(may -> switch (entry.onePer()) {
            case NONE -> Uni.createFrom().item(may);
            case CUSTOMER -> !may ? Uni.createFrom().item(false)
                    : JourneyInstance.count("journeyId = ?1 and customerId = ?2 and state = ?3", definition.id(), customerId, State.ACTIVE)
                            .map(n -> n == 0);
            case OBJECT -> !may ? Uni.createFrom().item(false)
                    : JourneyInstance.count("journeyId = ?1 and customerId = ?2 and objectKey = ?3", definition.id(), customerId, object.get())
                            .map(n -> n == 0);
        });
    }

    private Uni<Void> start(JourneyDefinition definition, String instanceId, EventStream stream, SpecificRecordBase event, String customerId,
            Optional<String> object, EventMetadata metadata, Who who, Instant now) {
        JourneyInstance instance = new JourneyInstance();
        instance.instanceId = instanceId;
        instance.journeyId = definition.id();
        instance.journeyVersion = definition.version();
        instance.customerId = customerId;
        instance.objectKey = object.orElse(null);
        instance.state = State.ACTIVE;
        instance.triggerOccurredAt = metadata.getOccurredAt();
        instance.correlationId = metadata.getCorrelationId();
        instance.enteredAt = now;
        instance.goalUntil = definition.goal().map(goal -> now.plus(goal.within())).orElse(null);
        Run run = new Run(instance, definition, event, new LinkedHashMap<>(), who);
        return instance.persist().chain(() -> store(instanceId, InstanceEvent.TRIGGER, stream, event))
                .chain(() -> walk(run, definition.first().id(), now));
    }

    /** Takes steps from {@code stepId} until one waits or the instance ends. */
    private Uni<Void> walk(Run run, String stepId, Instant now) {
        JourneyInstance instance = run.instance();
        if (JourneyDefinition.END.equals(stepId)) {
            instance.end(State.COMPLETED, now);
            return Uni.createFrom().voidItem();
        }
        Step step = run.definition().step(stepId).orElseThrow();
        instance.stepId = stepId;
        return switch (step) {
            case Wait wait -> {
                instance.wakeAt = now.plus(wait.duration());
                yield Uni.createFrom().voidItem();
            }
            case WaitUntil until -> {
                Optional<Instant> at = until.at().evaluate(run.values(Map.of(), now))
                        .map(time -> until.localTime().map(local -> time.atZone(zone(run.who())).toLocalDate().atTime(local)
                                .atZone(zone(run.who())).toInstant()).orElse(time));
                if (at.isEmpty()) {
                    yield log(run, step, Outcome.MISSING, now).chain(() -> walk(run, until.onMissing(), now));
                }
                if (!at.get().isAfter(now)) {
                    yield log(run, step, Outcome.DONE, now).chain(() -> walk(run, until.next(), now));
                }
                instance.wakeAt = at.get();
                yield Uni.createFrom().voidItem();
            }
            case WaitFor waitFor -> earlier(run, waitFor, now).chain(found -> {
                if (found.isEmpty()) {
                    instance.wakeAt = now.plus(waitFor.timeout());
                    return Uni.createFrom().voidItem();
                }
                return capture(run, waitFor, waitFor.on(), found.get()).chain(() -> log(run, step, Outcome.MATCHED, now))
                        .chain(() -> walk(run, waitFor.next(), now));
            });
            case Branch branch -> holds(Optional.of(branch.when()), run.values(Map.of(), now), run, branch.id())
                    ? log(run, step, Outcome.TAKEN, now).chain(() -> walk(run, branch.next(), now))
                    : log(run, step, Outcome.NOT_TAKEN, now).chain(() -> walk(run, branch.otherwise(), now));
            case Split split -> {
                if (ControlGroup.contains(controlSalt, run.definition().id(), instance.customerId, split.controlPercent())) {
                    instance.end(State.CONTROL, now);
                    yield log(run, step, Outcome.CONTROL, now);
                }
                yield log(run, step, Outcome.TREATMENT, now).chain(() -> walk(run, split.next(), now));
            }
            case Notify notify -> act(run, notify, now).chain(() -> log(run, step, Outcome.DONE, now)).chain(() -> walk(run, step.next(), now));
            case Offer offer -> act(run, offer, now).chain(() -> log(run, step, Outcome.DONE, now)).chain(() -> walk(run, step.next(), now));
            case Reward reward -> act(run, reward, now).chain(() -> log(run, step, Outcome.DONE, now)).chain(() -> walk(run, step.next(), now));
            case Escalate escalate -> act(run, escalate, now).chain(() -> log(run, step, Outcome.DONE, now)).chain(() -> walk(run, step.next(), now));
        };
    }

    /** A matching event of the customer that arrived before the wait began (and happened no earlier than the trigger). */
    private Uni<Optional<SpecificRecordBase>> earlier(Run run, WaitFor waitFor, Instant now) {
        return RecentEvent.<RecentEvent>list("customerId = ?1 and stream = ?2 and occurredAt >= ?3 order by occurredAt",
                        run.instance().customerId, waitFor.on(), run.instance().triggerOccurredAt)
                .chain(recent -> Multi.createFrom().iterable(recent)
                        .onItem().transformToUniAndConcatenate(row -> codec.decode(row.stream.type(), row.fingerprint, row.payload))
                        .filter(record -> holds(Optional.of(waitFor.when()), run.values(CelValues.of(record), now), run, waitFor.id()))
                        .toUni().map(Optional::ofNullable));
    }

    private Uni<Void> act(Run run, Step step, Instant now) {
        JourneyInstance instance = run.instance();
        String actionId = EventMetadataFactory.derivedId(instance.instanceId, step.id());
        EventMetadata metadata = EventMetadataFactory.causedBy(run.triggerMetadata(), "journey:" + instance.instanceId + ":" + step.id(), SOURCE, now);
        Map<String, Object> values = run.values(Map.of(), now);
        return switch (step) {
            case Notify notify -> {
                Map<String, String> parameters = new TreeMap<>();
                notify.parameters().forEach((name, expression) -> expression.evaluate(values).ifPresent(value -> parameters.put(name, value)));
                yield outbox.enqueue(Topics.NOTIFICATIONS_REQUESTS, instance.customerId, NotificationRequest.newBuilder()
                        .setMetadata(metadata).setNotificationId(actionId).setCustomerId(instance.customerId)
                        .setTemplateId(notify.template()).setPurpose(notify.purpose()).setParameters(parameters).build());
            }
            case Offer offer -> outbox.enqueue(Topics.PROMOTIONS_COMMANDS, instance.customerId, OfferCommand.newBuilder()
                    .setMetadata(metadata).setCommandId(actionId).setCustomerId(instance.customerId).setCampaignId(offer.campaign())
                    .setReason(offer.reason()).setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            case Reward reward -> outbox.enqueue(Topics.LOYALTY_COMMANDS, instance.customerId, RewardCommand.newBuilder()
                    .setMetadata(metadata).setCommandId(actionId).setCustomerId(instance.customerId).setPoints(reward.points())
                    .setReason(reward.reason()).setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            case Escalate escalate -> outbox.enqueue(Topics.JOURNEYS_ESCALATIONS, instance.customerId, Escalation.newBuilder()
                    .setMetadata(metadata).setEscalationId(actionId).setCustomerId(instance.customerId)
                    .setQueue(escalate.queue().evaluate(values).orElse(defaultQueue))
                    .setPriority(escalate.priority())
                    .setSummary(escalate.summary().evaluate(values).orElse(run.definition().description()))
                    .setReference(escalate.reference().flatMap(expression -> expression.evaluate(values)).orElse(instance.objectKey))
                    .setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            default -> throw new IllegalArgumentException("not an action: " + step);
        };
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
        StepLog log = new StepLog();
        log.key = new StepLog.Key(run.instance().instanceId, step.id());
        log.journeyId = run.definition().id();
        log.journeyVersion = run.definition().version();
        log.outcome = outcome;
        log.at = now;
        return log.persist().replaceWithVoid();
    }

    /** The instance ready to go on; empty (and the instance exited) when its version no longer reads. */
    private Uni<Optional<Run>> load(JourneyInstance instance, Who who) {
        return catalog.version(instance.journeyId, instance.journeyVersion).chain(found -> {
            if (found.isEmpty()) {
                if (instance.state == State.ACTIVE) {
                    instance.end(State.EXITED, Instant.now());
                }
                return Uni.createFrom().item(Optional.<Run>empty());
            }
            JourneyDefinition definition = found.get();
            return InstanceEvent.<InstanceEvent>list("key.instanceId", instance.instanceId)
                    .chain(kept -> Multi.createFrom().iterable(kept)
                            .onItem().transformToUniAndConcatenate(row -> codec.decode(row.stream.type(), row.fingerprint, row.payload)
                                    .map(record -> Map.entry(row.key.name(), record)))
                            .collect().asList())
                    .map(events -> {
                        SpecificRecordBase trigger = null;
                        Map<String, Object> captured = new LinkedHashMap<>();
                        for (Map.Entry<String, SpecificRecordBase> event : events) {
                            if (event.getKey().equals(InstanceEvent.TRIGGER)) {
                                trigger = event.getValue();
                            } else {
                                captured.put(event.getKey(), CelValues.of(event.getValue()));
                            }
                        }
                        return Optional.of(new Run(instance, definition, trigger, captured, who));
                    });
        });
    }

    /** A condition that cannot be evaluated (a field the event lacks) does not hold; the reason is logged. */
    private static boolean holds(Optional<Rule> rule, Map<String, Object> values, Run run, String where) {
        if (rule.isEmpty()) {
            return true;
        }
        Rule.Result result = rule.get().evaluate(values);
        if (result.outcome() == Rule.Outcome.ERROR) {
            LOG.debugf("%s %s %s: %s", run.definition().key(), run.instance().instanceId, where, result.error());
        }
        return result.holds();
    }

    private ZoneId zone(Who who) {
        Object zone = who.profile().get("timeZone");
        try {
            return zone instanceof String id ? ZoneId.of(id) : defaultZone;
        } catch (java.time.DateTimeException e) {
            return defaultZone;
        }
    }

    static Map<String, Object> values(Map<String, Object> event, Map<String, Object> trigger, Map<String, Object> events, Who who,
            Instant now) {
        return Map.of("event", event, "trigger", trigger, "events", events, "profile", who.profile(), "segments", who.segments(), "now", now);
    }
}
