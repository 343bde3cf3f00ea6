package io.omniretail.kit.persistence.privacy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.events.Topic;
import io.omniretail.events.privacy.PrivacyCommand;
import io.omniretail.events.privacy.PrivacyReply;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.kit.persistence.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * A service's part of erase and export requests (ADR 0019), written once: each {@link PrivacyCommand} is applied
 * through the kit's processing (inbox, DLQ) in one transaction with the service's {@link PersonalDataOwner}, and the
 * answer goes to the service's own privacy topic through the outbox, so a request is answered exactly once. An
 * erase also strips the kit's own tables of the customer ids ({@link #forgetInKitTables}).
 */
@ApplicationScoped
public class PrivacyParticipant {

    /** What the access audit names instead of an erased customer. */
    public static final String ERASED = "erased";

    @Inject
    EventProcessor processor;
    @Inject
    Outbox outbox;
    /** The service's own; looked up when a command arrives, so that a service without personal data needs none. */
    @Inject
    Instance<PersonalDataOwner> owners;
    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    public Uni<Void> consume(KafkaRecordBatch<String, PrivacyCommand> batch, Topic<PrivacyReply> replies) {
        return processor.processBatch(batch, command -> apply(command, replies));
    }

    private Uni<Void> apply(PrivacyCommand command, Topic<PrivacyReply> replies) {
        PersonalDataOwner owner = owners.get();
        List<String> ids = List.copyOf(command.getCustomerIds());
        if (ids.isEmpty()) {
            return Uni.createFrom().failure(new RejectedEventException("privacy command " + command.getRequestId() + " names no customer"));
        }
        PrivacyReply.Builder reply = PrivacyReply.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(command.getMetadata(), "privacy-reply:" + service, service, Instant.now()))
                .setRequestId(command.getRequestId()).setParticipant(service).setAction(command.getAction());
        Uni<PrivacyReply> answered = switch (command.getAction()) {
            case ERASE -> owner.erase(ids).chain(rows -> forgetInKitTables(ids).map(kit -> {
                Map<String, Long> all = new LinkedHashMap<>(rows);
                all.putAll(kit);
                return reply.setErasedRows(all).build();
            }));
            case EXPORT -> owner.export(ids).map(part -> reply.setExportJson(write(part)).build());
            default -> Uni.createFrom().failure(new RejectedEventException("privacy command " + command.getRequestId()
                    + " has action " + command.getAction() + ", neither ERASE nor EXPORT"));
        };
        return answered.chain(answer -> outbox.enqueue(replies, ids.get(0), answer));
    }

    /**
     * The kit's own tables after an erase: the access audit's rows stay (who read what, for accountability) but name
     * {@link #ERASED} instead of the customer, in the customer column and in the path; inbox outcome reasons that named
     * the customer name {@link #ERASED} too. Rows changed per table.
     */
    public static Uni<Map<String, Long>> forgetInKitTables(List<String> ids) {
        Map<String, Long> rows = new LinkedHashMap<>(Map.of("kit_access_audit", 0L, "kit_inbox", 0L));
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> Panache.getSession().chain(session -> session.createNativeQuery(FORGET_AUDIT)
                        .setParameter("id", id).setParameter("erased", ERASED).executeUpdate()
                        .invoke(n -> rows.merge("kit_access_audit", n.longValue(), Long::sum))
                        .chain(() -> session.createNativeQuery(FORGET_INBOX).setParameter("id", id).setParameter("erased", ERASED)
                                .executeUpdate())
                        .invoke(n -> rows.merge("kit_inbox", n.longValue(), Long::sum))))
                .collect().last().replaceWith(rows);
    }

    private static final String FORGET_AUDIT = "UPDATE kit_access_audit SET customer_id = :erased, path = replace(path, :id, :erased) "
            + "WHERE customer_id = :id OR strpos(path, :id) > 0";
    private static final String FORGET_INBOX = "UPDATE kit_inbox SET outcome_reason = replace(outcome_reason, :id, :erased) "
            + "WHERE strpos(outcome_reason, :id) > 0";

    private String write(Object part) {
        try {
            return json.writeValueAsString(part);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the export part of " + service + " cannot be written as JSON", e);
        }
    }
}
