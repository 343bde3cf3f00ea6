package io.omniretail.customer.segments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.CustomerTraits;
import io.omniretail.kit.rules.CelValues;
import io.omniretail.kit.rules.Rule;
import io.omniretail.kit.rules.RuleLanguage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Segment membership (ADR 0021). Every segment is a CEL rule over the profile about to be published; the rules are
 * compiled when the service starts, so a rule that does not compile stops the start with its segment, position and
 * reason (and {@code SegmentRulesTest} fails the build first). {@link #place} evaluates them for a profile, records
 * who entered and who left in customer_segment, and returns the profile with its segments among the traits and the
 * changes, which {@code ProfilePublisher} publishes on retail.customers.segments.v1.
 * Runs in the caller's transaction, under the customer's lock (every profile publication takes it). A rule that
 * cannot be evaluated for a customer (a trait they lack) does not hold for them, and is counted.
 */
@ApplicationScoped
public class Segments {

    private static final Logger LOG = Logger.getLogger(Segments.class);

    public record Segment(String id, String description, Rule rule) {
    }

    private final Map<String, Segment> segments;
    private final MeterRegistry meters;

    @Inject
    public Segments(SegmentConfig config, MeterRegistry meters) {
        this.meters = meters;
        Map<String, Segment> compiled = new TreeMap<>();
        config.definitions().forEach((id, definition) -> {
            try {
                compiled.put(id, new Segment(id, definition.description(), RuleLanguage.SEGMENTS.compile(definition.rule())));
            } catch (io.omniretail.kit.rules.RuleException e) {
                throw new IllegalStateException("segment '" + id + "': " + e.getMessage(), e);
            }
        });
        this.segments = Map.copyOf(compiled);
    }

    public List<Segment> all() {
        return segments.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    public Segment find(String id) {
        return segments.get(id);
    }

    /** The segments a profile is in now, sorted. */
    public List<String> of(CustomerProfile profile, Instant now) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("profile", CelValues.of(profile));
        values.put("now", now);
        List<String> in = new ArrayList<>();
        for (Segment segment : all()) {
            Rule.Result result = segment.rule().evaluate(values);
            if (result.holds()) {
                in.add(segment.id());
            } else if (result.outcome() == Rule.Outcome.ERROR) {
                meters.counter("omniretail.segments.undecided", "segment", segment.id()).increment();
                LOG.debugf("segment %s undecided for %s: %s", segment.id(), profile.getCustomerId(), result.error());
            }
        }
        return in;
    }

    /** A profile in its segments, and the segments it entered and left (sorted). */
    public record Placement(CustomerProfile profile, List<String> entered, List<String> left) {
    }

    /** Records entries and exits, and returns the profile with its segments among the traits. */
    public Uni<Placement> place(CustomerProfile profile, Instant now) {
        List<String> in = of(profile, now);
        String customerId = profile.getCustomerId();
        return SegmentMember.<SegmentMember>list("key.customerId", customerId).chain(known -> {
            Set<String> before = known.stream().map(m -> m.key.segmentId()).collect(Collectors.toSet());
            List<SegmentMember> left = known.stream().filter(m -> !in.contains(m.key.segmentId())).toList();
            List<SegmentMember> entered = in.stream().filter(id -> !before.contains(id)).map(id -> {
                SegmentMember member = new SegmentMember();
                member.key = new SegmentMember.Key(customerId, id);
                member.enteredAt = now;
                return member;
            }).toList();
            return Multi.createFrom().iterable(left).onItem().transformToUniAndConcatenate(m -> m.delete()).collect().last()
                    .chain(() -> Multi.createFrom().iterable(entered).onItem().transformToUniAndConcatenate(m -> m.persist()).collect().last())
                    .map(ignored -> new Placement(profile.getTraits() == null ? profile
                            : CustomerProfile.newBuilder(profile).setTraits(CustomerTraits.newBuilder(profile.getTraits()).setSegments(in).build()).build(),
                            entered.stream().map(m -> m.key.segmentId()).sorted().toList(),
                            left.stream().map(m -> m.key.segmentId()).sorted().toList()));
        });
    }

    /** Whether the profile's segments now differ from those recorded (a time-based rule changed its mind). */
    public Uni<Boolean> changedSince(CustomerProfile profile, Instant now) {
        Set<String> in = Set.copyOf(of(profile, now));
        return SegmentMember.<SegmentMember>list("key.customerId", profile.getCustomerId())
                .map(known -> !known.stream().map(m -> m.key.segmentId()).collect(Collectors.toSet()).equals(in));
    }

    /** Forgets the memberships of customers merged away or erased. */
    public static Uni<Long> forget(List<String> customerIds) {
        return SegmentMember.delete("key.customerId in ?1", customerIds);
    }
}
