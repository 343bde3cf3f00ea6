package io.omniretail.returns.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.Topics;
import io.omniretail.events.privacy.PrivacyCommand;
import io.omniretail.kit.persistence.privacy.PrivacyParticipant;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** retail.privacy.commands.v1 → returns's part of erase and export, answered on retail.returns.privacy.v1 (kit). */
@ApplicationScoped
public class PrivacyConsumer {

    @Inject
    PrivacyParticipant participant;

    @Incoming("privacy-commands")
    public Uni<Void> consume(KafkaRecordBatch<String, PrivacyCommand> batch) {
        return participant.consume(batch, Topics.RETURNS_PRIVACY);
    }
}
