package io.omniretail.orchestration.journey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs journey instances inside the caller's transaction: start one per trigger (idempotent by instance id),
 * feed it the facts it waits for (stored, since they can arrive first), and act when nothing is missing or the
 * durable timer says the wait is over. The action is a notification request through the outbox that keeps the
 * trigger's correlationId, so the message can be traced back to the first touchpoint.
 * <p>
 * Everything about one order (journey start, facts, exit, timer) is serialized on the order's {@link #REFERENCE_LOCKS}
 * lock: the events arrive on different topics and are processed concurrently, and without it a fact and a start
 * committed together would not see each other. {@link #start}, {@link #recordFact} and {@link #exit} run holding it
 * (JourneyConsumers name it to the kit's EventProcessor, which takes it before the handler runs); the timer's
 * {@link #completeIfDue} takes it itself.
 */
@ApplicationScoped
public class JourneyEngine {

    static final String SOURCE = "orchestration";
    /** The advisory-lock namespace of an order's journey state. */
    static final String REFERENCE_LOCKS = "orchestration.reference";

    @Inject
    Outbox outbox;
    @Inject
    AdvisoryLocks locks;
    @Inject
    Journeys journeys;

    private final ObjectMapper json = new ObjectMapper();

    /** Called by the timer: completes the instance if it is still waiting once the order's lock is held. */
    public Uni<Boolean> completeIfDue(String instanceId, String reference, Instant now) {
        return locks.lockForTransaction(REFERENCE_LOCKS, reference)
                .chain(() -> JourneyInstance.<JourneyInstance>findById(instanceId))
                .chain(instance -> instance == null || !"WAITING".equals(instance.state) || instance.dueAt.isAfter(now)
                        ? Uni.createFrom().item(false)
                        : complete(instance, now).replaceWith(true));
    }

    public Uni<Void> start(JourneyDefinition definition, String instanceId, String customerId, String reference,
            Map<String, String> parameters, EventMetadata cause) {
        return JourneyInstance.<JourneyInstance>findById(instanceId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            JourneyInstance instance = new JourneyInstance();
            instance.instanceId = instanceId;
            instance.journeyId = definition.id();
            instance.journeyVersion = definition.version();
            instance.customerId = customerId;
            instance.reference = reference;
            instance.state = "WAITING";
            instance.waitsFor = String.join(",", definition.waitsFor());
            instance.parameters = write(new TreeMap<>(parameters));
            instance.causeEventId = cause.getEventId();
            instance.correlationId = cause.getCorrelationId();
            instance.traceparent = cause.getTraceparent();
            instance.dueAt = now.plus(definition.maxWait());
            instance.createdAt = now;
            return JourneyFact.<JourneyFact>list("key.reference = ?1 and key.kind in ?2", reference, definition.waitsFor())
                    .chain(facts -> {
                        facts.forEach(fact -> absorb(instance, fact.key.kind(), read(fact.parameters)));
                        return instance.persist().chain(() -> instance.waitsFor.isEmpty() ? complete(instance, now) : Uni.createFrom().voidItem());
                    });
        });
    }

    /** An awaited event arrived: keep it, and move every instance waiting for it. */
    public Uni<Void> recordFact(String kind, String reference, String customerId, Map<String, String> parameters) {
        Instant now = Instant.now();
        return JourneyFact.<JourneyFact>findById(new JourneyFact.Key(kind, reference)).chain(existing -> {
            Uni<Void> stored = Uni.createFrom().voidItem();
            if (existing == null) {
                JourneyFact fact = new JourneyFact();
                fact.key = new JourneyFact.Key(kind, reference);
                fact.customerId = customerId;
                fact.parameters = write(new TreeMap<>(parameters));
                fact.recordedAt = now;
                stored = fact.persist().replaceWithVoid();
            }
            return stored.chain(() -> JourneyInstance.<JourneyInstance>list("reference = ?1 and state = 'WAITING'", reference))
                    .chain(waiting -> Multi.createFrom().iterable(waiting)
                            .filter(instance -> waits(instance).contains(kind))
                            .onItem().transformToUniAndConcatenate(instance -> {
                                absorb(instance, kind, parameters);
                                return instance.waitsFor.isEmpty() ? complete(instance, now) : Uni.createFrom().voidItem();
                            })
                            .collect().last().replaceWithVoid());
        });
    }

    /**
     * The order the journeys of {@code reference} are about was cancelled: every instance still waiting ends as EXITED
     * without acting (a thank-you for a cancelled order is not sent). Instances already completed stay as they are.
     */
    public Uni<Void> exit(String reference, Instant now) {
        return JourneyInstance.<JourneyInstance>list("reference = ?1 and state = 'WAITING'", reference)
                .invoke(waiting -> waiting.forEach(instance -> {
                    instance.state = "EXITED";
                    instance.completedAt = now;
                }))
                .replaceWithVoid();
    }

    /** The final action, with whatever arrived; called when nothing is missing or the wait is over. */
    public Uni<Void> complete(JourneyInstance instance, Instant now) {
        instance.state = "COMPLETED";
        instance.completedAt = now;
        JourneyDefinition definition = journeys.byId(instance.journeyId);
        EventMetadata trigger = EventMetadata.newBuilder().setEventId(instance.causeEventId).setOccurredAt(instance.createdAt)
                .setSource(SOURCE).setCorrelationId(instance.correlationId).setTraceparent(instance.traceparent).build();
        NotificationRequest request = NotificationRequest.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(trigger, "journey:" + instance.instanceId, SOURCE, now))
                .setNotificationId(EventMetadataFactory.derivedId(instance.instanceId, "notify"))
                .setCustomerId(instance.customerId)
                .setTemplateId(definition.templateId())
                .setPurpose(ConsentPurpose.valueOf(definition.purpose()))
                .setParameters(read(instance.parameters))
                .build();
        return outbox.enqueue(Topics.NOTIFICATIONS_REQUESTS, instance.customerId, request);
    }

    private void absorb(JourneyInstance instance, String kind, Map<String, String> parameters) {
        Map<String, String> merged = new TreeMap<>(read(instance.parameters));
        merged.putAll(parameters);
        instance.parameters = write(merged);
        List<String> remaining = new ArrayList<>(waits(instance));
        remaining.remove(kind);
        instance.waitsFor = String.join(",", remaining);
    }

    private static List<String> waits(JourneyInstance instance) {
        return instance.waitsFor.isEmpty() ? List.of() : Arrays.asList(instance.waitsFor.split(","));
    }

    private String write(Map<String, String> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> read(String parameters) {
        try {
            return json.readValue(parameters, new TypeReference<TreeMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
