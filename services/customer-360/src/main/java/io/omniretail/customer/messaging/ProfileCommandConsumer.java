package io.omniretail.customer.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.events.journey.ProfileCommand;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.kit.persistence.EventProcessor.BatchLocks;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Journeys' profile commands, through the kit's inbox/outbox/DLQ processing, holding the customer's lock (taken by the
 * kit before the batch, and by {@link ProfilePublisher#locked} for a survivor): the customer (the survivor, if merged
 * meanwhile) gets tags added and removed and attributes set and removed, and the profile is published in the same
 * transaction when anything changed. Applying a command again changes nothing. A tag that is not a clienteling tag, an
 * attribute name that is not camelCase, a value over {@link Customer#MAX_ATTRIBUTE_VALUE} characters or more than
 * {@link Customer#MAX_ATTRIBUTES} attributes is rejected to the DLQ with the reason; a customer customer-360 does not
 * know is recorded NOT_APPLICABLE.
 */
@ApplicationScoped
public class ProfileCommandConsumer {

    @Inject
    EventProcessor processor;
    @Inject
    ProfilePublisher publisher;

    @Incoming("profile-commands")
    public Uni<Void> commands(KafkaRecordBatch<String, ProfileCommand> batch) {
        return processor.processBatch(batch, new BatchLocks<>(Customer.LOCKS, ProfileCommand::getCustomerId), this::apply, null);
    }

    private Uni<Void> apply(ProfileCommand command) {
        Optional<String> invalid = invalid(command);
        if (invalid.isPresent()) {
            return Uni.createFrom().failure(new RejectedEventException(invalid.get()));
        }
        return ProfilePublisher.known(publisher.locked(command.getCustomerId())).chain(customer -> {
            TreeSet<String> tags = new TreeSet<>(customer.tags);
            tags.addAll(command.getAddTags());
            tags.removeAll(command.getRemoveTags());
            Map<String, String> attributes = new TreeMap<>(customer.attributes);
            attributes.putAll(command.getSetAttributes());
            command.getRemoveAttributes().forEach(attributes::remove);
            if (attributes.size() > Customer.MAX_ATTRIBUTES) {
                return Uni.createFrom().failure(new RejectedEventException("a customer has at most " + Customer.MAX_ATTRIBUTES + " attributes"));
            }
            if (tags.equals(new TreeSet<>(customer.tags)) && attributes.equals(new TreeMap<>(customer.attributes))) {
                return Uni.createFrom().voidItem();
            }
            customer.tags = new ArrayList<>(tags);
            customer.attributes = attributes;
            return publisher.changed(customer, command.getMetadata(), "journey-profile", Instant.now());
        });
    }

    private static Optional<String> invalid(ProfileCommand command) {
        Optional<String> tag = Stream.concat(command.getAddTags().stream(), command.getRemoveTags().stream())
                .filter(t -> !Customer.TAG.matcher(t).matches()).findFirst()
                .map(t -> "'" + t + "' is not a tag: 1 to 40 lower-case letters, digits and '-'");
        Optional<String> name = Stream.concat(command.getSetAttributes().keySet().stream(), command.getRemoveAttributes().stream())
                .filter(n -> !Customer.ATTRIBUTE.matcher(n).matches()).findFirst()
                .map(n -> "'" + n + "' is not an attribute name: camelCase, up to 40 letters and digits");
        Optional<String> value = command.getSetAttributes().entrySet().stream()
                .filter(e -> e.getValue().length() > Customer.MAX_ATTRIBUTE_VALUE).findFirst()
                .map(e -> "attribute '" + e.getKey() + "' is longer than " + Customer.MAX_ATTRIBUTE_VALUE + " characters");
        return tag.or(() -> name).or(() -> value);
    }
}
