package io.omniretail.orchestration.definition;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.journey.EscalationPriority;
import io.omniretail.kit.rules.NumberExpression;
import io.omniretail.kit.rules.Rule;
import io.omniretail.kit.rules.TextExpression;
import io.omniretail.kit.rules.TimeExpression;

/**
 * A journey definition, read and checked by {@link JourneyDefinitionReader}: every expression compiled, every step
 * reference resolved to a later step or {@link #END}. Immutable; a running instance keeps the version it started
 * with, so a new version never changes it.
 *
 * @param source the definition as written (YAML or JSON), kept with the version
 */
public record JourneyDefinition(String id, int version, String description, EventCondition trigger, Entry entry,
        List<EventCondition> exitWhen, Optional<Goal> goal, List<Step> steps, String source) {

    /** The step reference that ends an instance. */
    public static final String END = "end";

    /** {@code id@version}, as commands and escalations name the journey. */
    public String key() {
        return id + "@" + version;
    }

    public Optional<Step> step(String stepId) {
        return steps.stream().filter(step -> step.id().equals(stepId)).findFirst();
    }

    public Step first() {
        return steps.get(0);
    }

    /** An event on one of the streams a journey reads, and the condition it must meet (always true when absent). */
    public record EventCondition(EventStream on, Optional<Rule> when) {
    }

    public enum Reentry {
        ALWAYS, NEVER, COOLDOWN
    }

    public enum OnePer {
        NONE, CUSTOMER, OBJECT
    }

    /** Who may enter: re-entry, and at most one running instance per customer or per object. */
    public record Entry(Reentry reentry, Optional<Duration> cooldown, OnePer onePer, Optional<TextExpression> object) {
        public static final Entry DEFAULT = new Entry(Reentry.ALWAYS, Optional.empty(), OnePer.NONE, Optional.empty());
    }

    /** The conversion the journey aims at: an event within a time after entry. */
    public record Goal(EventStream on, Rule when, Duration within) {
    }

    /** One step; {@link #next()} is where it goes on (the following step unless the definition says otherwise). */
    public sealed interface Step {
        String id();

        String next();
    }

    public record Wait(String id, Duration duration, String next) implements Step {
    }

    /**
     * Waits until a computed time, or that time of day ({@code localTime}) in the customer's zone on the date the time
     * falls on there; a time that cannot be computed goes to {@code onMissing}.
     */
    public record WaitUntil(String id, TimeExpression at, Optional<LocalTime> localTime, String next, String onMissing) implements Step {
    }

    /** Waits for a matching event (one that arrived since the trigger counts), at most {@code timeout}. */
    public record WaitFor(String id, EventStream on, Rule when, Duration timeout, Optional<String> as, String next,
            String onTimeout) implements Step {
    }

    /** Goes on to {@code next} when the condition holds, otherwise to {@code otherwise}. */
    public record Branch(String id, Rule when, String next, String otherwise) implements Step {
    }

    /** A deterministic {@code controlPercent} of customers end here as the control group. */
    public record Split(String id, int controlPercent, String next) implements Step {
    }

    /**
     * Next best action (ADR 0028): among the options whose condition holds and whose cap (per customer) and budget (per
     * journey step, across customers) are not used up, the one with the highest expected value net of its cost, when
     * that is positive; the instance goes on at its {@code then}. A deterministic {@code controlPercent} of customers
     * get nothing and end as the control group, logged with the option they would have had, so the uplift of each
     * option is measured. With no option worth taking, the instance goes on at {@link #next()} (the end by default).
     */
    public record Choose(String id, int controlPercent, List<Option> options, String next) implements Step {
    }

    /** One candidate action of a {@link Choose} step. */
    public record Option(String id, Optional<Rule> when, NumberExpression value, double cost, Optional<Limit> cap,
            Optional<Limit> budget, String then) {
    }

    /** At most {@code max} choices of an option in any window of {@code per}. */
    public record Limit(int max, Duration per) {
    }

    public record Notify(String id, String template, ConsentPurpose purpose, Map<String, TextExpression> parameters,
            String next) implements Step {
    }

    public record Offer(String id, String campaign, String reason, String next) implements Step {
    }

    public record Reward(String id, long points, String reason, String next) implements Step {
    }

    /** Adds and removes clienteling tags of the customer (customer-360 applies them). */
    public record Tag(String id, List<String> add, List<String> remove, String next) implements Step {
    }

    /** Sets attributes of the customer (values computed in CEL; one that cannot be computed is left out) and removes others. */
    public record Attributes(String id, Map<String, TextExpression> set, List<String> remove, String next) implements Step {
    }

    public record Escalate(String id, TextExpression queue, EscalationPriority priority, TextExpression summary,
            Optional<TextExpression> reference, String next) implements Step {
    }
}
