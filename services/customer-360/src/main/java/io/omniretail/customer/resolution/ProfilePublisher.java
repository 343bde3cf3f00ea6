package io.omniretail.customer.resolution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.segments.Segments;
import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.SegmentChange;
import io.omniretail.events.customer.SegmentMembershipChanged;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Changes of a customer that come from outside the touchpoint path (loyalty's reports, the trait refresh,
 * associates): {@link #locked} reads the customer holding its advisory lock, so that no other writer changes the row
 * until the transaction ends; {@link #changed} gives the profile its next version and writes it to the outbox in the
 * caller's transaction.
 */
@ApplicationScoped
public class ProfilePublisher {

    @Inject
    AdvisoryLocks locks;
    @Inject
    Outbox outbox;
    @Inject
    ProfileViews profiles;
    @Inject
    Segments segments;

    /** The customer (following merges to the survivor), locked; null when customer-360 does not know the id. */
    public Uni<Customer> locked(String customerId) {
        return following(customerId, id -> locks.lockForTransaction(Customer.LOCKS, id).chain(() -> Customer.<Customer>findById(id)), 0);
    }

    /**
     * The customer {@code found} ({@link #locked} or {@link #survivor}), or NotApplicableException when customer-360 does
     * not know them: an event about such a customer is recorded as not applicable, not dead-lettered.
     */
    public static Uni<Customer> known(Uni<Customer> found) {
        return found.onItem().ifNull().failWith(() -> new NotApplicableException("the customer is unknown to customer-360 (erased, or never resolved here)"));
    }

    /** The customer (following merges to the survivor), not locked: for reading; null when unknown. */
    public Uni<Customer> survivor(String customerId) {
        return following(customerId, id -> Customer.<Customer>findById(id), 0);
    }

    /** Loads the customer and, while it was merged into another, that one (at most 5 hops: merges never chain deeper). */
    private static Uni<Customer> following(String customerId, Function<String, Uni<Customer>> load, int hops) {
        return load.apply(customerId).chain(customer -> customer != null && customer.mergedInto != null && hops < 5
                ? following(customer.mergedInto, load, hops + 1) : Uni.createFrom().item(customer));
    }

    /** The customer's next profile, caused by {@code cause}, in its segments, on the compacted profile topic (through the outbox). */
    public Uni<Void> changed(Customer customer, EventMetadata cause, String what, Instant now) {
        customer.version++;
        customer.updatedAt = now;
        return publish(customer, EventMetadataFactory.causedBy(cause, what, TouchpointResolver.SOURCE, now), now);
    }

    /**
     * The customer's profile as it stands, in its segments, on the compacted profile topic, and each segment it
     * entered or left on the segments topic (both through the outbox, in this order).
     */
    public Uni<Void> publish(Customer customer, EventMetadata metadata, Instant now) {
        return profiles.profile(customer, metadata)
                .chain(profile -> segments.place(profile, now))
                .chain(placement -> outbox.enqueue(Topics.CUSTOMERS_PROFILES, customer.id, placement.profile())
                        .chain(() -> Multi.createFrom().iterable(changes(placement, now))
                                .onItem().transformToUniAndConcatenate(change -> outbox.enqueue(Topics.CUSTOMERS_SEGMENTS, customer.id, change))
                                .collect().last().replaceWithVoid()));
    }

    /** Whether publishing the customer now would move them between segments (a time-based rule changed its mind). */
    public Uni<Boolean> segmentsChanged(Customer customer, EventMetadata metadata, Instant now) {
        return profiles.profile(customer, metadata).chain(profile -> segments.changedSince(profile, now));
    }

    private static List<SegmentMembershipChanged> changes(Segments.Placement placement, Instant now) {
        CustomerProfile profile = placement.profile();
        List<String> in = profile.getTraits() == null ? List.of() : profile.getTraits().getSegments();
        List<SegmentMembershipChanged> changes = new ArrayList<>();
        placement.entered().forEach(id -> changes.add(change(profile, id, SegmentChange.ENTERED, in, now)));
        placement.left().forEach(id -> changes.add(change(profile, id, SegmentChange.LEFT, in, now)));
        return changes;
    }

    private static SegmentMembershipChanged change(CustomerProfile profile, String segmentId, SegmentChange change, List<String> in, Instant now) {
        return SegmentMembershipChanged.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(profile.getMetadata(), "segment:" + segmentId + ":" + change + ":" + profile.getVersion(),
                        TouchpointResolver.SOURCE, now))
                .setCustomerId(profile.getCustomerId()).setSegmentId(segmentId).setChange(change).setSegments(in)
                .setProfileVersion(profile.getVersion()).build();
    }
}
