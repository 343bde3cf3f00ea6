package io.omniretail.customer.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.customer.resolution.TouchpointResolver;
import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.events.customer.ProfileStats;
import io.omniretail.events.privacy.PrivacyAction;
import io.omniretail.events.privacy.PrivacyCommand;
import io.omniretail.events.privacy.PrivacyReply;
import io.omniretail.events.touchpoint.PrivacyRequestKind;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Coordinates erase and export (ADR 0019). {@link #start} runs in the transaction that records a request: it
 * collects every customer id of the person (the survivor and everyone merged into it), holds their locks, sends one
 * {@link PrivacyCommand} to every participant through the outbox, and does customer-360's own part at once (an erase
 * also publishes an erased profile and a tombstone for each id on the compacted profile topic). {@link #answer}
 * records each participant's {@link PrivacyReply} once (its key) under the request's lock; when every participant
 * (customer-360 and the catalog's readers of retail.privacy.commands.v1) has answered, the request is COMPLETED: an
 * export's parts are assembled into one document, an erase forgets the customer ids it named.
 */
@ApplicationScoped
public class PrivacyCoordinator {

    /** Shopify's deadline for customers/redact and customers/data_request; the platform holds itself to it for all. */
    public static final Duration DEADLINE = Duration.ofDays(30);
    public static final String SELF = TouchpointResolver.SOURCE;
    public static final String REQUEST_LOCKS = "privacy-request";

    @Inject
    CustomerPersonalData own;
    @Inject
    ProfilePublisher customers;
    @Inject
    AdvisoryLocks locks;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;

    /** Who must answer: customer-360 itself and every reader of the commands topic. */
    public static List<String> participants() {
        List<String> all = new ArrayList<>(List.of(SELF));
        all.addAll(Topics.PRIVACY_COMMANDS.readers());
        return all;
    }

    public static PrivacyAction actionOf(PrivacyRequestKind kind) {
        return switch (kind) {
            case ERASE_CUSTOMER -> PrivacyAction.ERASE;
            case EXPORT_CUSTOMER -> PrivacyAction.EXPORT;
            default -> throw new IllegalArgumentException(kind + " is not about one customer");
        };
    }

    /** Starts a persisted request that names a known customer (its {@code customerId}, following merges). */
    public Uni<Void> start(PrivacyRequestRecord request, EventMetadata cause, Instant now) {
        PrivacyAction action = actionOf(request.kind);
        return customers.survivor(request.customerId).map(customer -> customer == null ? null : customer.id).chain(survivor -> {
            if (survivor == null) {
                return Uni.createFrom().failure(new NotApplicableException("customer " + request.customerId + " is unknown"));
            }
            return personOf(survivor).chain(ids -> locks.lockForTransaction(Customer.LOCKS, ids).chain(() -> {
                request.customerId = survivor;
                request.customerIds = List.copyOf(ids);
                request.status = PrivacyRequestRecord.Status.IN_PROGRESS;
                request.dueBy = request.receivedAt.plus(DEADLINE);
                PrivacyCommand command = PrivacyCommand.newBuilder()
                        .setMetadata(EventMetadataFactory.causedBy(cause, "privacy-command", SELF, now))
                        .setRequestId(request.requestId).setAction(action).setCustomerIds(request.customerIds)
                        .setDueBy(request.dueBy).build();
                Uni<Void> ownPart = action == PrivacyAction.ERASE
                        ? erasedProfiles(request.customerIds, cause, now).chain(() -> own.erase(request.customerIds))
                                .chain(rows -> part(request, SELF, rows, null, now))
                        : own.export(request.customerIds).chain(export -> part(request, SELF, null, tree(export), now));
                return outbox.enqueue(Topics.PRIVACY_COMMANDS, survivor, command).chain(() -> ownPart)
                        .chain(() -> completeIfAnswered(request, now));
            }));
        });
    }

    /** One participant's answer. */
    public Uni<Void> answer(PrivacyReply reply, Instant now) {
        if (!participants().contains(reply.getParticipant())) {
            return Uni.createFrom().failure(new RejectedEventException("privacy reply from " + reply.getParticipant()
                    + ", which is not a participant " + participants()));
        }
        return PrivacyRequestRecord.<PrivacyRequestRecord>findById(reply.getRequestId()).chain(request -> {
            if (request == null) {
                return Uni.createFrom().failure(new NotApplicableException("no privacy request " + reply.getRequestId()));
            }
            return PrivacyRequestPart.<PrivacyRequestPart>findById(new PrivacyRequestPart.Key(request.requestId, reply.getParticipant()))
                    .chain(seen -> seen != null || request.status == PrivacyRequestRecord.Status.COMPLETED ? Uni.createFrom().voidItem()
                            : part(request, reply.getParticipant(), reply.getAction() == PrivacyAction.ERASE ? reply.getErasedRows() : null,
                                    reply.getExportJson() == null ? null : parse(reply.getExportJson()), now)
                                    .chain(() -> completeIfAnswered(request, now)));
        });
    }

    private Uni<Void> part(PrivacyRequestRecord request, String participant, Map<String, Long> erasedRows,
            Map<String, Object> exportPart, Instant now) {
        PrivacyRequestPart part = new PrivacyRequestPart();
        part.key = new PrivacyRequestPart.Key(request.requestId, participant);
        part.erasedRows = erasedRows == null ? null : new LinkedHashMap<>(erasedRows);
        part.exportPart = exportPart;
        part.answeredAt = now;
        return part.persist().replaceWithVoid();
    }

    private Uni<Void> completeIfAnswered(PrivacyRequestRecord request, Instant now) {
        return PrivacyRequestPart.<PrivacyRequestPart>list("key.requestId = ?1", request.requestId).invoke(parts -> {
            Set<String> answered = new LinkedHashSet<>();
            parts.forEach(part -> answered.add(part.key.participant()));
            if (!answered.containsAll(participants())) {
                return;
            }
            request.status = PrivacyRequestRecord.Status.COMPLETED;
            request.completedAt = now;
            if (actionOf(request.kind) == PrivacyAction.EXPORT) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("requestId", request.requestId);
                document.put("customerIds", request.customerIds);
                document.put("generatedAt", now.toString());
                Map<String, Object> byParticipant = new LinkedHashMap<>();
                participants().forEach(p -> parts.stream().filter(part -> part.key.participant().equals(p)).findFirst()
                        .ifPresent(part -> byParticipant.put(p, part.exportPart)));
                document.put("parts", byParticipant);
                request.exportDocument = document;
            } else {
                // the person is gone everywhere: the request keeps what was done, not whom it was done to
                request.customerId = null;
                request.customerIds = List.of();
            }
        }).replaceWithVoid();
    }

    /** The survivor and every customer merged into it, directly or through others; the survivor first. */
    private static Uni<List<String>> personOf(String survivor) {
        return collect(new ArrayList<>(List.of(survivor)), List.of(survivor));
    }

    private static Uni<List<String>> collect(List<String> all, List<String> frontier) {
        return Customer.<Customer>list("mergedInto in ?1", frontier).chain(merged -> {
            List<String> next = merged.stream().map(c -> c.id).filter(id -> !all.contains(id)).toList();
            if (next.isEmpty()) {
                return Uni.createFrom().item(all);
            }
            all.addAll(next);
            return collect(all, next);
        });
    }

    /** The schema's promise: an erased profile (every personal field empty), then a tombstone, for each id. */
    private Uni<Void> erasedProfiles(List<String> ids, EventMetadata cause, Instant now) {
        return Customer.<Customer>list("id in ?1", ids).chain(customers -> Multi.createFrom().iterable(customers)
                .onItem().transformToUniAndConcatenate(customer -> outbox.enqueue(Topics.CUSTOMERS_PROFILES, customer.id,
                        CustomerProfile.newBuilder()
                                .setMetadata(EventMetadataFactory.causedBy(cause, "erased-profile:" + customer.id, SELF, now))
                                .setCustomerId(customer.id).setStats(ProfileStats.newBuilder().build())
                                .setVersion(customer.version + 1).setErased(true).build())
                        .chain(() -> outbox.enqueueTombstone(Topics.CUSTOMERS_PROFILES, customer.id)))
                .collect().last().replaceWithVoid());
    }

    private Map<String, Object> tree(Object export) {
        return json.convertValue(export, new TypeReference<Map<String, Object>>() {
        });
    }

    private Map<String, Object> parse(String exportJson) {
        try {
            return json.readValue(exportJson, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new RejectedEventException("an export part that is not a JSON object: " + e.getOriginalMessage());
        }
    }
}
