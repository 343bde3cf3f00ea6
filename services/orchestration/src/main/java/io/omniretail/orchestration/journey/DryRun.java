package io.omniretail.orchestration.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.specific.SpecificRecordBase;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.rules.CelValues;
import io.omniretail.orchestration.definition.EventStream;
import io.omniretail.orchestration.definition.JourneyDefinition;
import io.omniretail.orchestration.definition.JourneyDefinition.Choose;
import io.omniretail.orchestration.definition.JourneyDefinition.Option;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitFor;
import io.omniretail.orchestration.journey.JourneyInstance.State;
import io.omniretail.orchestration.journey.JourneySemantics.Chose;
import io.omniretail.orchestration.journey.JourneySemantics.End;
import io.omniretail.orchestration.journey.JourneySemantics.Go;
import io.omniretail.orchestration.journey.JourneySemantics.LookBack;
import io.omniretail.orchestration.journey.JourneySemantics.Move;
import io.omniretail.orchestration.journey.JourneySemantics.Run;
import io.omniretail.orchestration.journey.JourneySemantics.Sleep;
import io.omniretail.orchestration.journey.JourneySemantics.Usage;
import io.omniretail.orchestration.journey.JourneySemantics.Who;
import io.omniretail.orchestration.journey.StepLog.Outcome;

/**
 * One journey definition run over recorded events in memory (ADR 0023): the same {@link JourneySemantics} as the live
 * engine, with the time of each recorded event as "now" and waits ending exactly when due, so a dry run reports who
 * would have entered, exited and converted and which actions would have gone out, and sends nothing. Feed it profiles
 * and events in time order, then {@link #finish()}. Not thread-safe: one per dry run.
 */
public final class DryRun {

    /** An action that would have gone out, as its record's fields (metadata left out). */
    public record ActionSample(String stepId, String customerId, String instanceId, Instant at, String topic, Map<String, Object> record) {
    }

    /** Up to {@code samples} customers who entered, exited and converted. */
    public record Customers(List<String> entered, List<String> exited, List<String> converted) {
    }

    /**
     * @param eventsRead  events per stream in the range (of the customers asked for, if any)
     * @param active      instances still waiting at the end of the range
     * @param steps       outcomes per step, as the live statistics count them
     * @param actions     actions per step that would have gone out
     */
    public record Report(String journeyId, int version, Instant from, Instant to, Map<String, Long> eventsRead, long customers,
            long entered, long active, long completed, long exited, long control, long converted,
            Map<String, Map<String, Long>> steps, Map<String, Long> actions, List<ActionSample> samples, Customers who) {
    }

    private record Kept(EventStream stream, SpecificRecordBase event, Instant occurredAt, Instant receivedAt) {
    }

    /** A running instance's own state: its trigger and the events it captured. */
    private record Walk(JourneyInstance instance, SpecificRecordBase trigger, Map<String, Object> captured) {
    }

    /** A choice a choose step made in this dry run (control-group choices are not counted, as live). */
    private record Chosen(String customerId, String stepId, String optionId, Instant at) {
    }

    private record Due(Instant at, String instanceId) {
    }

    private final JourneySemantics semantics;
    private final JourneyDefinition definition;
    private final Instant from;
    private final Instant to;
    private final int samples;
    private final Duration retention;
    private final Map<String, List<JourneyInstance>> earlier;
    private final Map<String, Who> profiles = new HashMap<>();
    private final Map<String, List<Kept>> recent = new HashMap<>();
    private final Map<String, Walk> walks = new LinkedHashMap<>();
    /** The walks by customer and by object (a product's SKU), in entry order: an event only looks at its own. */
    private final Map<String, List<Walk>> byCustomer = new HashMap<>();
    private final Map<String, List<Walk>> byObject = new HashMap<>();
    private final PriorityQueue<Due> timers = new PriorityQueue<>(Comparator.comparing(Due::at).thenComparing(Due::instanceId));
    private final Map<String, Long> eventsRead = new TreeMap<>();
    private final Set<String> customers = new LinkedHashSet<>();
    private final Map<String, Map<String, Long>> steps = new LinkedHashMap<>();
    private final List<Chosen> chosen = new ArrayList<>();
    private final Map<String, Long> actions = new LinkedHashMap<>();
    private final List<ActionSample> actionSamples = new ArrayList<>();
    private final Map<String, Integer> samplesPerStep = new HashMap<>();
    private final List<String> exitedCustomers = new ArrayList<>();
    private final List<String> convertedCustomers = new ArrayList<>();
    private long exited;
    private long converted;

    /**
     * @param earlier   the customers' instances of this journey that entered before {@code from} (live ones, any version),
     *                  so re-entry and one-per rules see them
     * @param retention how long an event counts for a later wait (the live engine's event retention)
     */
    DryRun(JourneySemantics semantics, JourneyDefinition definition, Instant from, Instant to, int samples, Duration retention,
            List<JourneyInstance> earlier) {
        this.semantics = semantics;
        this.definition = definition;
        this.from = from;
        this.to = to;
        this.samples = samples;
        this.retention = retention;
        this.earlier = new HashMap<>();
        earlier.forEach(instance -> this.earlier.computeIfAbsent(instance.customerId, id -> new ArrayList<>()).add(instance));
    }

    /** The customer's profile as of {@code at}; null when they were erased or merged away. */
    public void profile(String customerId, CustomerProfile profile, Instant at) {
        advance(at);
        if (profile == null) {
            profiles.remove(customerId);
        } else {
            profiles.put(customerId, Who.of(profile));
        }
    }

    /** An event of the customer, recorded at {@code at}: the live engine's order (keep, react, convert, enter). */
    public void event(EventStream stream, SpecificRecordBase event, String customerId, Instant at) {
        advance(at);
        eventsRead.merge(stream.label(), 1L, Long::sum);
        customers.add(customerId);
        EventMetadata metadata = EventMetadataFactory.metadataOf(event);
        List<Kept> kept = recent.computeIfAbsent(customerId, id -> new ArrayList<>());
        kept.removeIf(old -> old.receivedAt().isBefore(at.minus(retention)));
        kept.add(new Kept(stream, event, metadata.getOccurredAt(), at));
        Map<String, Object> cel = CelValues.of(event);
        Who who = who(customerId);
        List<Walk> theirs = byCustomer.getOrDefault(customerId, List.of());
        for (Walk walk : theirs) {
            if (walk.instance().state == State.ACTIVE) {
                react(walk, who, stream, event, cel, at);
            }
        }
        for (Walk walk : theirs) {
            JourneyInstance instance = walk.instance();
            if (instance.convertedAt == null && instance.goalUntil != null
                    && !instance.goalUntil.isBefore(at) && semantics.converts(run(walk, who), stream, cel, at)) {
                instance.convertedAt = at;
                converted++;
                sample(convertedCustomers, customerId);
            }
        }
        semantics.entrant(definition, stream, cel, metadata, who, at).ifPresent(entrant -> {
            if (walks.containsKey(entrant.instanceId())) {
                return;
            }
            List<JourneyInstance> before = new ArrayList<>(earlier.getOrDefault(customerId, List.of()));
            theirs.forEach(walk -> before.add(walk.instance()));
            if (!JourneySemantics.mayEnter(definition.entry(), before, entrant.object(), at)) {
                return;
            }
            Walk walk = new Walk(JourneySemantics.start(definition, entrant, customerId, metadata, at), event, new LinkedHashMap<>());
            walks.put(walk.instance().instanceId, walk);
            byCustomer.computeIfAbsent(customerId, id -> new ArrayList<>()).add(walk);
            if (walk.instance().objectKey != null) {
                byObject.computeIfAbsent(walk.instance().objectKey, key -> new ArrayList<>()).add(walk);
            }
            walk(run(walk, who), definition.first().id(), at);
        });
    }

    /** A product's price or stock changed, recorded at {@code at}: the running instances whose object is its SKU react. */
    public void product(ProductUpdated product, Instant at) {
        advance(at);
        eventsRead.merge(EventStream.PRODUCT.label(), 1L, Long::sum);
        Map<String, Object> cel = CelValues.of(product);
        for (Walk walk : byObject.getOrDefault(product.getSku(), List.of())) {
            if (walk.instance().state == State.ACTIVE) {
                react(walk, who(walk.instance().customerId), EventStream.PRODUCT, product, cel, at);
            }
        }
    }

    /** A running instance meets an event: exit, or the event it waits for (JourneyEngine.react). */
    private void react(Walk walk, Who who, EventStream stream, SpecificRecordBase event, Map<String, Object> cel, Instant at) {
        JourneyInstance instance = walk.instance();
        Run run = run(walk, who);
        if (semantics.exits(run, stream, cel, at)) {
            end(instance, State.EXITED, at);
            return;
        }
        Optional<WaitFor> awaited = semantics.awaited(run, stream, cel, at);
        if (awaited.isPresent()) {
            instance.wakeAt = null;
            capture(walk, awaited.get(), event);
            apply(run, JourneySemantics.matched(awaited.get()), at);
        }
    }

    /** Ends the range: waits due by its end run their course; the report. */
    public Report finish() {
        advance(to);
        long entered = walks.size();
        Map<State, Long> states = new TreeMap<>();
        walks.values().forEach(walk -> states.merge(walk.instance().state, 1L, Long::sum));
        List<String> enteredCustomers = walks.values().stream().map(walk -> walk.instance().customerId).distinct().limit(samples).toList();
        return new Report(definition.id(), definition.version(), from, to, eventsRead, customers.size(), entered,
                states.getOrDefault(State.ACTIVE, 0L), states.getOrDefault(State.COMPLETED, 0L), exited,
                states.getOrDefault(State.CONTROL, 0L), converted, steps, actions, actionSamples,
                new Customers(enteredCustomers, exitedCustomers, convertedCustomers));
    }

    /** Waits due by {@code now} end, in the order they fall due, each at its own time. */
    private void advance(Instant now) {
        while (!timers.isEmpty() && !timers.peek().at().isAfter(now)) {
            Due due = timers.poll();
            Walk walk = walks.get(due.instanceId());
            JourneyInstance instance = walk.instance();
            if (instance.state != State.ACTIVE || !due.at().equals(instance.wakeAt)) {
                continue;
            }
            instance.wakeAt = null;
            Run run = run(walk, who(instance.customerId));
            apply(run, semantics.woke(run), due.at());
        }
    }

    private void walk(Run run, String stepId, Instant now) {
        if (!JourneyDefinition.END.equals(stepId)) {
            run.instance().stepId = stepId;
        }
        apply(run, semantics.take(run, stepId, now, usage(run, stepId, now)), now);
    }

    /** A choose step's earlier choices in this dry run, counted as the live engine counts the stored ones. */
    private Usage usage(Run run, String stepId, Instant now) {
        Optional<Choose> found = definition.step(stepId).filter(Choose.class::isInstance).map(Choose.class::cast);
        if (found.isEmpty()) {
            return Usage.NONE;
        }
        Map<String, Long> byCustomer = new HashMap<>();
        Map<String, Long> overall = new HashMap<>();
        for (Option option : found.get().options()) {
            List<Chosen> earlier = chosen.stream().filter(c -> c.stepId().equals(stepId) && c.optionId().equals(option.id())).toList();
            option.cap().ifPresent(cap -> byCustomer.put(option.id(), earlier.stream()
                    .filter(c -> c.customerId().equals(run.instance().customerId) && c.at().isAfter(now.minus(cap.per()))).count()));
            option.budget().ifPresent(budget -> overall.put(option.id(), earlier.stream()
                    .filter(c -> c.at().isAfter(now.minus(budget.per()))).count()));
        }
        return new Usage(byCustomer, overall);
    }

    private void apply(Run run, Move move, Instant now) {
        JourneyInstance instance = run.instance();
        switch (move) {
            case Sleep sleep -> sleepUntil(instance, sleep.until());
            case LookBack lookBack -> {
                Optional<Kept> found = recent.getOrDefault(instance.customerId, List.of()).stream()
                        .filter(kept -> kept.stream() == lookBack.waitFor().on() && !kept.occurredAt().isBefore(instance.triggerOccurredAt))
                        .sorted(Comparator.comparing(Kept::occurredAt))
                        .filter(kept -> semantics.satisfies(run, lookBack.waitFor(), CelValues.of(kept.event()), now))
                        .findFirst();
                if (found.isEmpty()) {
                    sleepUntil(instance, lookBack.timeoutAt());
                } else {
                    capture(walks.get(instance.instanceId), lookBack.waitFor(), found.get().event());
                    apply(run, JourneySemantics.matched(lookBack.waitFor()), now);
                }
            }
            case Go go -> {
                go.action().ifPresent(action -> {
                    actions.merge(go.step().id(), 1L, Long::sum);
                    if (samplesPerStep.merge(go.step().id(), 1, Integer::sum) <= samples) {
                        Map<String, Object> fields = new LinkedHashMap<>(CelValues.of(action.record()));
                        fields.remove("metadata");
                        actionSamples.add(new ActionSample(go.step().id(), instance.customerId, instance.instanceId, now, action.topic().name(), fields));
                    }
                });
                count(go.step().id(), go.outcome());
                walk(run, go.next(), now);
            }
            case End end -> {
                end(instance, end.state(), now);
                end.step().ifPresent(step -> count(step.id(), end.outcome()));
            }
            case Chose chose -> {
                count(chose.step().id(), chose.outcome());
                chose.choice().ifPresent(choice -> steps.get(chose.step().id())
                        .merge(chose.outcome().name() + ":" + choice.option().id(), 1L, Long::sum));
                if (chose.outcome() == Outcome.CONTROL) {
                    end(instance, State.CONTROL, now);
                } else {
                    chose.choice().ifPresent(choice -> chosen.add(new Chosen(instance.customerId, chose.step().id(), choice.option().id(), now)));
                    walk(run, chose.next(), now);
                }
            }
        }
    }

    private void sleepUntil(JourneyInstance instance, Instant until) {
        instance.wakeAt = until;
        timers.add(new Due(until, instance.instanceId));
    }

    private void end(JourneyInstance instance, State state, Instant now) {
        instance.end(state, now);
        if (state == State.EXITED) {
            exited++;
            sample(exitedCustomers, instance.customerId);
        }
    }

    private void count(String stepId, Outcome outcome) {
        steps.computeIfAbsent(stepId, id -> new TreeMap<>()).merge(outcome.name(), 1L, Long::sum);
    }

    private void sample(List<String> list, String customerId) {
        if (list.size() < samples && !list.contains(customerId)) {
            list.add(customerId);
        }
    }

    private void capture(Walk walk, WaitFor waitFor, SpecificRecordBase event) {
        waitFor.as().ifPresent(name -> walk.captured().put(name, CelValues.of(event)));
    }

    private Run run(Walk walk, Who who) {
        return new Run(walk.instance(), definition, walk.trigger(), walk.captured(), who);
    }

    private Who who(String customerId) {
        return profiles.getOrDefault(customerId, Who.UNKNOWN);
    }
}
