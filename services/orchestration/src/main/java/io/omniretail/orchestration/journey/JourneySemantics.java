package io.omniretail.orchestration.journey;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.specific.SpecificRecordBase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.omniretail.events.Topic;
import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.journey.Escalation;
import io.omniretail.events.journey.OfferCommand;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.events.journey.ProfileCommand;
import io.omniretail.events.notification.NotificationCancellation;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.rules.CelValues;
import io.omniretail.kit.rules.Rule;
import io.omniretail.orchestration.definition.EventStream;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinition.Attributes;
import io.omniretail.orchestration.definition.JourneyDefinition.Branch;
import io.omniretail.orchestration.definition.JourneyDefinition.Choose;
import io.omniretail.orchestration.definition.JourneyDefinition.Escalate;
import io.omniretail.orchestration.definition.JourneyDefinition.EventCondition;
import io.omniretail.orchestration.definition.JourneyDefinition.Notify;
import io.omniretail.orchestration.definition.JourneyDefinition.Offer;
import io.omniretail.orchestration.definition.JourneyDefinition.Option;
import io.omniretail.orchestration.definition.JourneyDefinition.Reward;
import io.omniretail.orchestration.definition.JourneyDefinition.Split;
import io.omniretail.orchestration.definition.JourneyDefinition.Step;
import io.omniretail.orchestration.definition.JourneyDefinition.Tag;
import io.omniretail.orchestration.definition.JourneyDefinition.Wait;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitFor;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitUntil;
import io.omniretail.orchestration.journey.JourneyInstance.State;
import io.omniretail.orchestration.journey.StepLog.Outcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What a journey definition means (ADR 0022), with no storage and no clock of its own: whether an event starts an
 * instance and whether the entry rules let it; whether an event exits a running instance, is the one it waits for, or
 * converts its goal; what taking a step does (log an outcome, send an action, wait, end). Pure and synchronous: the
 * live {@link JourneyEngine} applies its moves to the database and the outbox, a {@link DryRun} to memory, so the
 * two cannot disagree about a rule.
 */
@Singleton
final class JourneySemantics {

    static final String SOURCE = "orchestration";
    private static final Logger LOG = Logger.getLogger(JourneySemantics.class);

    private final String controlSalt;
    private final ZoneId defaultZone;
    private final String defaultQueue;

    /**
     * @param controlSalt  mixed into control-group membership
     * @param defaultZone  the zone of customers whose profile names none, for local times
     * @param defaultQueue where an escalation goes when its queue cannot be computed
     */
    @Inject
    JourneySemantics(@ConfigProperty(name = "omniretail.journeys.control-salt") String controlSalt,
            @ConfigProperty(name = "omniretail.journeys.default-time-zone") ZoneId defaultZone,
            @ConfigProperty(name = "omniretail.journeys.default-queue") String defaultQueue) {
        this.controlSalt = controlSalt;
        this.defaultZone = defaultZone;
        this.defaultQueue = defaultQueue;
    }

    /** The customer as journey expressions see them: the latest profile (empty before the first) and its segments. */
    record Who(Map<String, Object> profile, List<String> segments) {
        static final Who UNKNOWN = new Who(Map.of(), List.of());

        static Who of(CustomerProfile profile) {
            return new Who(CelValues.of(profile), profile.getTraits() == null ? List.of() : List.copyOf(profile.getTraits().getSegments()));
        }
    }

    /** An instance with its definition, the events it keeps (the trigger among them) and its customer, as CEL reads them. */
    record Run(JourneyInstance instance, JourneyDefinition definition, SpecificRecordBase trigger, Map<String, Object> captured, Who who) {
        EventMetadata triggerMetadata() {
            return EventMetadataFactory.metadataOf(trigger);
        }

        Map<String, Object> values(Map<String, Object> event, Instant now) {
            return JourneySemantics.values(event, CelValues.of(trigger), captured, who, now);
        }
    }

    /** A command, notification request or escalation a step sends, on its topic. */
    record Action<V extends SpecificRecordBase>(Topic<V> topic, String key, V record) {
    }

    /** What taking a step does. */
    sealed interface Move {
    }

    /** The instance waits until a time. */
    record Sleep(Instant until) implements Move {
    }

    /** A wait for an event begins: one that arrived since the trigger satisfies it at once, otherwise it sleeps until the timeout. */
    record LookBack(WaitFor waitFor, Instant timeoutAt) implements Move {
    }

    /** The step's outcome is logged (its action, if any, sent first) and the instance goes on at {@code next}. */
    record Go(Step step, Outcome outcome, Optional<Action<?>> action, String next) implements Move {
    }

    /** The instance ends: past its last step, or in a split's control group (that step logged with its outcome). */
    record End(State state, Optional<Step> step, Outcome outcome) implements Move {
    }

    /**
     * How often each option of a choose step was chosen before (the control group's would-be choices not counted): for
     * this customer within the option's cap window, and across customers within its budget window. By option id.
     */
    record Usage(Map<String, Long> byCustomer, Map<String, Long> overall) {
        static final Usage NONE = new Usage(Map.of(), Map.of());
    }

    /** A choose step's pick: the option and its expected value net of its cost. */
    record Choice(Option option, double net) {
    }

    /**
     * A choose step decided: CHOSEN goes on at the option's step, CONTROL ends the instance in the control group with
     * the option it would have had, NONE_ELIGIBLE goes on at the step's {@code otherwise}.
     */
    record Chose(Choose step, Outcome outcome, Optional<Choice> choice, String next) implements Move {
    }

    /** Who an event starts an instance for, before the entry rules: its id, and the object it is about (when the journey names one). */
    record Entrant(String instanceId, Optional<String> object) {
    }

    /** The instance an event starts: its trigger holds and, for one-per-object journeys, it names its object. */
    Optional<Entrant> entrant(JourneyDefinition definition, EventStream stream, Map<String, Object> event, EventMetadata metadata,
            Who who, Instant now) {
        if (definition.trigger().on() != stream) {
            return Optional.empty();
        }
        Map<String, Object> values = values(event, event, Map.of(), who, now);
        if (definition.trigger().when().isPresent() && !definition.trigger().when().get().evaluate(values).holds()) {
            return Optional.empty();
        }
        Optional<String> object = definition.entry().object().flatMap(expression -> expression.evaluate(values));
        if (definition.entry().onePer() == JourneyDefinition.OnePer.OBJECT && object.isEmpty()) {
            LOG.infof("%s: event %s names no object (%s), no entry", definition.key(), metadata.getEventId(),
                    definition.entry().object().get().expression());
            return Optional.empty();
        }
        return Optional.of(new Entrant(EventMetadataFactory.derivedId("journey", definition.id(), metadata.getEventId()), object));
    }

    /**
     * The entry rules, given the customer's earlier instances of the journey (any version): re-entry never, after a
     * cool-down or always; at most one running instance per customer, or one instance ever per object.
     */
    static boolean mayEnter(JourneyDefinition.Entry entry, List<JourneyInstance> earlier, Optional<String> object, Instant now) {
        boolean reentry = switch (entry.reentry()) {
            case ALWAYS -> true;
            case NEVER -> earlier.isEmpty();
            case COOLDOWN -> earlier.stream().noneMatch(instance -> instance.enteredAt.isAfter(now.minus(entry.cooldown().orElseThrow())));
        };
        return reentry && switch (entry.onePer()) {
            case NONE -> true;
            case CUSTOMER -> earlier.stream().noneMatch(instance -> runningAt(instance, now));
            case OBJECT -> earlier.stream().noneMatch(instance -> object.get().equals(instance.objectKey));
        };
    }

    /**
     * Whether a running instance may go on beside the ones already seen ({@code running}, updated): false for a second
     * instance of a journey that allows one running instance per customer, or one instance per object (after a merge).
     */
    static boolean mayRunBeside(JourneyDefinition definition, JourneyInstance instance, Set<String> running) {
        return switch (definition.entry().onePer()) {
            case NONE -> true;
            case CUSTOMER -> running.add(definition.id());
            case OBJECT -> running.add(definition.id() + "|" + instance.objectKey);
        };
    }

    /** Whether the entry rules look at earlier instances at all (re-entry always and no one-per rule need none). */
    static boolean entryReadsHistory(JourneyDefinition.Entry entry) {
        return entry.reentry() != JourneyDefinition.Reentry.ALWAYS || entry.onePer() != JourneyDefinition.OnePer.NONE;
    }

    /** Still running at a time: active, or ended after it (a dry run sees instances as they are now). */
    private static boolean runningAt(JourneyInstance instance, Instant at) {
        return instance.state == State.ACTIVE || instance.endedAt != null && instance.endedAt.isAfter(at);
    }

    static JourneyInstance start(JourneyDefinition definition, Entrant entrant, String customerId, EventMetadata trigger, Instant now) {
        JourneyInstance instance = new JourneyInstance();
        instance.instanceId = entrant.instanceId();
        instance.journeyId = definition.id();
        instance.journeyVersion = definition.version();
        instance.customerId = customerId;
        instance.objectKey = entrant.object().orElse(null);
        instance.state = State.ACTIVE;
        instance.triggerOccurredAt = trigger.getOccurredAt();
        instance.correlationId = trigger.getCorrelationId();
        instance.enteredAt = now;
        instance.goalUntil = definition.goal().map(goal -> now.plus(goal.within())).orElse(null);
        return instance;
    }

    /** An exit condition of the instance's journey holds for the event: it ends at once. */
    boolean exits(Run run, EventStream stream, Map<String, Object> event, Instant now) {
        Map<String, Object> values = run.values(event, now);
        for (EventCondition exit : run.definition().exitWhen()) {
            if (exit.on() == stream && holds(exit.when(), values, run, "exitWhen")) {
                return true;
            }
        }
        return false;
    }

    /** The wait for an event the instance is at, when the event is the one it waits for. */
    Optional<WaitFor> awaited(Run run, EventStream stream, Map<String, Object> event, Instant now) {
        return run.definition().step(run.instance().stepId)
                .filter(step -> step instanceof WaitFor waitFor && waitFor.on() == stream && satisfies(run, waitFor, event, now))
                .map(WaitFor.class::cast);
    }

    boolean satisfies(Run run, WaitFor waitFor, Map<String, Object> event, Instant now) {
        return holds(Optional.of(waitFor.when()), run.values(event, now), run, waitFor.id());
    }

    /** The event is the instance's goal, within its window (checked by the caller), on its stream. */
    boolean converts(Run run, EventStream stream, Map<String, Object> event, Instant now) {
        return run.definition().goal().filter(goal -> goal.on() == stream && holds(Optional.of(goal.when()), run.values(event, now), run, "goal"))
                .isPresent();
    }

    /**
     * Taking step {@code stepId} (or {@link JourneyDefinition#END}); {@code usage} is what a choose step's caps and
     * budgets count ({@link Usage#NONE} for any other step).
     */
    Move take(Run run, String stepId, Instant now, Usage usage) {
        if (JourneyDefinition.END.equals(stepId)) {
            return new End(State.COMPLETED, Optional.empty(), null);
        }
        Step step = run.definition().step(stepId).orElseThrow();
        return switch (step) {
            case Wait wait -> new Sleep(now.plus(wait.duration()));
            case WaitUntil until -> {
                Optional<Instant> at = until.at().evaluate(run.values(Map.of(), now))
                        .map(time -> until.localTime().map(local -> time.atZone(zone(run.who())).toLocalDate().atTime(local)
                                .atZone(zone(run.who())).toInstant()).orElse(time));
                if (at.isEmpty()) {
                    yield new Go(until, Outcome.MISSING, Optional.empty(), until.onMissing());
                }
                yield at.get().isAfter(now) ? new Sleep(at.get()) : new Go(until, Outcome.DONE, Optional.empty(), until.next());
            }
            case WaitFor waitFor -> new LookBack(waitFor, now.plus(waitFor.timeout()));
            case Branch branch -> holds(Optional.of(branch.when()), run.values(Map.of(), now), run, branch.id())
                    ? new Go(branch, Outcome.TAKEN, Optional.empty(), branch.next())
                    : new Go(branch, Outcome.NOT_TAKEN, Optional.empty(), branch.otherwise());
            case Split split -> ControlGroup.contains(controlSalt, run.definition().id(), run.instance().customerId, split.controlPercent())
                    ? new End(State.CONTROL, Optional.of(split), Outcome.CONTROL)
                    : new Go(split, Outcome.TREATMENT, Optional.empty(), split.next());
            case Notify notify -> new Go(notify, Outcome.DONE, Optional.of(action(run, notify, now)), notify.next());
            case Offer offer -> new Go(offer, Outcome.DONE, Optional.of(action(run, offer, now)), offer.next());
            case Reward reward -> new Go(reward, Outcome.DONE, Optional.of(action(run, reward, now)), reward.next());
            case Escalate escalate -> new Go(escalate, Outcome.DONE, Optional.of(action(run, escalate, now)), escalate.next());
            case Tag tag -> new Go(tag, Outcome.DONE, Optional.of(action(run, tag, now)), tag.next());
            case Attributes attributes -> new Go(attributes, Outcome.DONE, Optional.of(action(run, attributes, now)), attributes.next());
            case Choose choose -> choose(run, choose, usage, now);
        };
    }

    /** The best option, then the control group: so a control customer is logged with what they would have had. */
    private Move choose(Run run, Choose choose, Usage usage, Instant now) {
        Optional<Choice> best = best(choose, run.values(Map.of(), now), usage);
        if (best.isEmpty()) {
            return new Chose(choose, Outcome.NONE_ELIGIBLE, best, choose.next());
        }
        if (ControlGroup.contains(controlSalt, run.definition().id() + "/" + choose.id(), run.instance().customerId, choose.controlPercent())) {
            return new Chose(choose, Outcome.CONTROL, best, JourneyDefinition.END);
        }
        return new Chose(choose, Outcome.CHOSEN, best, best.get().option().then());
    }

    /**
     * The option with the highest expected value net of its cost, among those whose condition holds (one that cannot be
     * evaluated does not), whose cap and budget are not used up and whose value can be computed and beats its cost;
     * the earlier option on a tie. Empty when none is worth taking.
     */
    static Optional<Choice> best(Choose choose, Map<String, Object> values, Usage usage) {
        Choice best = null;
        for (Option option : choose.options()) {
            if (option.when().isPresent() && !option.when().get().evaluate(values).holds()) {
                continue;
            }
            if (option.cap().isPresent() && usage.byCustomer().getOrDefault(option.id(), 0L) >= option.cap().get().max()
                    || option.budget().isPresent() && usage.overall().getOrDefault(option.id(), 0L) >= option.budget().get().max()) {
                continue;
            }
            Optional<Double> value = option.value().evaluate(values);
            if (value.isEmpty() || value.get() - option.cost() <= 0) {
                continue;
            }
            double net = value.get() - option.cost();
            if (best == null || net > best.net()) {
                best = new Choice(option, net);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The instance's wait is over: a wait for an event timed out, any other wait ran its course. */
    Move woke(Run run) {
        Step step = run.definition().step(run.instance().stepId).orElseThrow();
        return step instanceof WaitFor waitFor ? new Go(waitFor, Outcome.TIMED_OUT, Optional.empty(), waitFor.onTimeout())
                : new Go(step, Outcome.DONE, Optional.empty(), step.next());
    }

    /** The wait for an event met it. */
    static Move matched(WaitFor waitFor) {
        return new Go(waitFor, Outcome.MATCHED, Optional.empty(), waitFor.next());
    }

    /** An action's id derives from the instance and step, so it is sent at most once whatever is redelivered. */
    private Action<?> action(Run run, Step step, Instant now) {
        JourneyInstance instance = run.instance();
        String actionId = EventMetadataFactory.derivedId(instance.instanceId, step.id());
        EventMetadata metadata = EventMetadataFactory.causedBy(run.triggerMetadata(), "journey:" + instance.instanceId + ":" + step.id(), SOURCE, now);
        Map<String, Object> values = run.values(Map.of(), now);
        return switch (step) {
            case Notify notify -> {
                Map<String, String> parameters = new TreeMap<>();
                notify.parameters().forEach((name, expression) -> expression.evaluate(values).ifPresent(value -> parameters.put(name, value)));
                yield new Action<>(Topics.NOTIFICATIONS_REQUESTS, instance.customerId, NotificationRequest.newBuilder()
                        .setMetadata(metadata).setNotificationId(actionId).setCustomerId(instance.customerId)
                        .setTemplateId(notify.template()).setPurpose(notify.purpose()).setParameters(parameters).build());
            }
            case Offer offer -> new Action<>(Topics.PROMOTIONS_COMMANDS, instance.customerId, OfferCommand.newBuilder()
                    .setMetadata(metadata).setCommandId(actionId).setCustomerId(instance.customerId).setCampaignId(offer.campaign())
                    .setReason(offer.reason()).setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            case Reward reward -> new Action<>(Topics.LOYALTY_COMMANDS, instance.customerId, RewardCommand.newBuilder()
                    .setMetadata(metadata).setCommandId(actionId).setCustomerId(instance.customerId).setPoints(reward.points())
                    .setReason(reward.reason()).setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            case Escalate escalate -> new Action<>(Topics.JOURNEYS_ESCALATIONS, instance.customerId, Escalation.newBuilder()
                    .setMetadata(metadata).setEscalationId(actionId).setCustomerId(instance.customerId)
                    .setQueue(escalate.queue().evaluate(values).orElse(defaultQueue))
                    .setPriority(escalate.priority())
                    .setSummary(escalate.summary().evaluate(values).orElse(run.definition().description()))
                    .setReference(escalate.reference().flatMap(expression -> expression.evaluate(values)).orElse(instance.objectKey))
                    .setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            case Tag tag -> new Action<>(Topics.CUSTOMERS_COMMANDS, instance.customerId, ProfileCommand.newBuilder()
                    .setMetadata(metadata).setCommandId(actionId).setCustomerId(instance.customerId)
                    .setAddTags(tag.add()).setRemoveTags(tag.remove())
                    .setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            case Attributes attributes -> {
                Map<String, String> set = new TreeMap<>();
                attributes.set().forEach((name, expression) -> expression.evaluate(values).ifPresent(value -> set.put(name, value)));
                yield new Action<>(Topics.CUSTOMERS_COMMANDS, instance.customerId, ProfileCommand.newBuilder()
                        .setMetadata(metadata).setCommandId(actionId).setCustomerId(instance.customerId)
                        .setSetAttributes(set).setRemoveAttributes(attributes.remove())
                        .setJourneyId(run.definition().key()).setJourneyInstanceId(instance.instanceId).build());
            }
            default -> throw new IllegalArgumentException("not an action: " + step);
        };
    }

    /**
     * The journey exited: its notifications that went out to notifications (notify steps DONE) are withdrawn, so one
     * still held for quiet hours or its notBefore, or queued, is not sent afterwards; notifications leaves one already
     * dispatched as it is. The cancellation's id derives from the notification's.
     */
    List<Action<?>> withdrawals(Run run, Collection<String> doneSteps, Instant now) {
        return doneSteps.stream().flatMap(stepId -> run.definition().step(stepId).stream()).filter(Notify.class::isInstance)
                .<Action<?>>map(step -> withdrawal(run.definition(), run.instance().instanceId, run.instance().customerId, step.id(),
                        run.triggerMetadata(), "exited", now))
                .toList();
    }

    /** The withdrawal of the notification an instance's notify step requested ({@code why}: "exited", "was retired"). */
    static Action<?> withdrawal(JourneyDefinition definition, String instanceId, String customerId, String stepId, EventMetadata cause,
            String why, Instant now) {
        String notificationId = EventMetadataFactory.derivedId(instanceId, stepId);
        return new Action<>(Topics.NOTIFICATIONS_CANCELLATIONS, customerId, NotificationCancellation.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, "withdraw:" + notificationId, SOURCE, now))
                .setNotificationId(notificationId).setCustomerId(customerId)
                .setReason("journey " + definition.key() + " " + why).build());
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
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    static Map<String, Object> values(Map<String, Object> event, Map<String, Object> trigger, Map<String, Object> events, Who who,
            Instant now) {
        return Map.of("event", event, "trigger", trigger, "events", events, "profile", who.profile(), "segments", who.segments(), "now", now);
    }
}
