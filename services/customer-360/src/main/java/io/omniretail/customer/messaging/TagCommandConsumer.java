package io.omniretail.customer.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.events.journey.TagCommand;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.kit.persistence.EventProcessor.BatchLocks;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Journeys' tag commands, through the kit's inbox/outbox/DLQ processing, holding the customer's lock (taken by the kit
 * before the batch, and by {@link ProfilePublisher#locked} for a survivor): the customer (the survivor, if merged
 * meanwhile) gets the tags added and removed, and the profile is published in the same transaction when they changed.
 * Applying a command again changes nothing. A tag that is not a clienteling tag is rejected to the DLQ with the
 * reason; a customer customer-360 does not know is recorded NOT_APPLICABLE.
 */
@ApplicationScoped
public class TagCommandConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    ProfilePublisher publisher;

    @Incoming("tag-commands")
    public Uni<Void> tags(KafkaRecordBatch<String, TagCommand> batch) {
        return processor.processBatch(batch, new BatchLocks<>(Customer.LOCKS, TagCommand::getCustomerId), this::apply, null);
    }

    private Uni<Void> apply(TagCommand command) {
        Optional<String> invalid = Stream.concat(command.getAdd().stream(), command.getRemove().stream())
                .filter(tag -> !Customer.TAG.matcher(tag).matches()).findFirst();
        if (invalid.isPresent()) {
            return Uni.createFrom().failure(new RejectedEventException("'" + invalid.get() + "' is not a tag: 1 to 40 lower-case letters, digits and '-'"));
        }
        return publisher.locked(command.getCustomerId()).chain(customer -> {
            if (customer == null) {
                return Uni.createFrom().failure(new NotApplicableException("the customer is unknown to customer-360 (erased, or never resolved here)"));
            }
            TreeSet<String> tags = new TreeSet<>(customer.tags);
            tags.addAll(command.getAdd());
            tags.removeAll(command.getRemove());
            if (tags.equals(new TreeSet<>(customer.tags))) {
                return Uni.createFrom().voidItem();
            }
            customer.tags = new ArrayList<>(tags);
            return publisher.changed(customer, command.getMetadata(), "journey-tags", Instant.now());
        });
    }
}
