package io.omniretail.customer.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.customer.privacy.PrivacyCoordinator;
import io.omniretail.customer.privacy.PrivacyRequestPart;
import io.omniretail.customer.privacy.PrivacyRequestRecord;
import io.omniretail.events.privacy.PrivacyAction;
import io.omniretail.events.touchpoint.PrivacyRequestKind;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Erase and export for admins (ADR 0019): ask for either on a customer (a verified request the retailer received
 * itself; Shopify's customers/redact and customers/data_request webhooks start the same coordination), follow every
 * request with its deadline and which participants answered, and fetch a completed export. An Idempotency-Key makes
 * a retried request the same request.
 */
@Path("/privacy/requests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class PrivacyResource {

    @Inject
    PrivacyCoordinator coordinator;
    @Inject
    SecurityIdentity identity;

    public record NewRequest(@NotBlank @Size(max = 100) String customerId, @NotNull PrivacyAction action) {
    }

    public record RequestView(String requestId, PrivacyRequestKind kind, String source, PrivacyRequestRecord.Status status,
            Instant receivedAt, Instant dueBy, boolean overdue, Instant completedAt, String requestedBy, List<String> answered,
            List<String> awaiting, Map<String, Map<String, Long>> erasedRows) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase or export everything held on a customer; 202 with the request to follow")
    public Uni<Response> request(@RestHeader("Idempotency-Key") String idempotencyKey, @Valid @NotNull NewRequest body) {
        if (body.action() == PrivacyAction.UNKNOWN) {
            throw new ProblemException(400, "invalid-action", "Invalid action", "action is ERASE or EXPORT");
        }
        String admin = identity.getPrincipal().getName();
        String requestId = EventMetadataFactory.idempotentId(idempotencyKey, "privacy-request", admin);
        Instant now = Instant.now();
        return Panache.withTransaction(() -> PrivacyRequestRecord.<PrivacyRequestRecord>findById(requestId).chain(seen -> {
            if (seen != null) {
                return Uni.createFrom().item(seen);
            }
            PrivacyRequestRecord record = new PrivacyRequestRecord();
            record.requestId = requestId;
            record.kind = body.action() == PrivacyAction.ERASE ? PrivacyRequestKind.ERASE_CUSTOMER : PrivacyRequestKind.EXPORT_CUSTOMER;
            record.sourceSystem = "admin";
            record.shop = "platform";
            record.customerId = body.customerId().strip();
            record.orderIds = List.of();
            record.status = PrivacyRequestRecord.Status.RECEIVED;
            record.receivedAt = now;
            record.dueBy = now.plus(PrivacyCoordinator.DEADLINE);
            record.requestedBy = admin;
            return record.persist().chain(() -> coordinator.start(record, EventMetadataFactory.origin(requestId, now, "customer-360:" + admin), now)
                    .onFailure(io.omniretail.kit.NotApplicableException.class).transform(unknown -> new ProblemException(404,
                            "customer-not-found", "Customer not found", "no customer for " + body.customerId())))
                    .replaceWith(record);
        })).chain(record -> view(record, now)).map(view -> Response.accepted(view).build());
    }

    @GET
    @WithSession
    @Operation(summary = "Privacy requests, oldest due first; open=true for those still awaiting answers (with overdue ones flagged)")
    public Uni<List<RequestView>> list(@RestQuery boolean open) {
        Instant now = Instant.now();
        return (open ? PrivacyRequestRecord.<PrivacyRequestRecord>list("status in ?1", Sort.by("dueBy"),
                List.of(PrivacyRequestRecord.Status.RECEIVED, PrivacyRequestRecord.Status.IN_PROGRESS))
                : PrivacyRequestRecord.<PrivacyRequestRecord>listAll(Sort.by("dueBy")))
                .chain(records -> io.smallrye.mutiny.Multi.createFrom().iterable(records)
                        .onItem().transformToUniAndConcatenate(record -> view(record, now)).collect().asList());
    }

    @GET
    @Path("/{requestId}")
    @WithSession
    @Operation(summary = "One privacy request: status, deadline, who answered and, for an erase, what each erased")
    public Uni<RequestView> one(@RestPath String requestId) {
        return find(requestId).chain(record -> view(record, Instant.now()));
    }

    @GET
    @Path("/{requestId}/export")
    @WithSession
    @PersonalData
    @Operation(summary = "The export document of a completed EXPORT request: every participant's part")
    public Uni<Map<String, Object>> export(@RestPath String requestId) {
        return find(requestId).map(record -> {
            if (record.kind != PrivacyRequestKind.EXPORT_CUSTOMER) {
                throw new ProblemException(404, "not-an-export", "Not an export", "request " + requestId + " is " + record.kind);
            }
            if (record.status != PrivacyRequestRecord.Status.COMPLETED) {
                throw new ProblemException(409, "export-not-ready", "Export not ready",
                        "request " + requestId + " is " + record.status + "; not every participant has answered yet");
            }
            return record.exportDocument;
        });
    }

    private static Uni<PrivacyRequestRecord> find(String requestId) {
        return PrivacyRequestRecord.<PrivacyRequestRecord>findById(requestId).onItem().ifNull()
                .failWith(() -> new ProblemException(404, "privacy-request-not-found", "Privacy request not found", "no request " + requestId));
    }

    private static Uni<RequestView> view(PrivacyRequestRecord r, Instant now) {
        return PrivacyRequestPart.<PrivacyRequestPart>list("key.requestId = ?1", r.requestId).map(parts -> {
            List<String> answered = parts.stream().map(p -> p.key.participant()).sorted().toList();
            List<String> awaiting = r.status == PrivacyRequestRecord.Status.IN_PROGRESS
                    ? PrivacyCoordinator.participants().stream().filter(p -> !answered.contains(p)).toList() : List.of();
            Map<String, Map<String, Long>> erased = new java.util.TreeMap<>();
            parts.stream().filter(p -> p.erasedRows != null).forEach(p -> erased.put(p.key.participant(), p.erasedRows));
            boolean open = r.status == PrivacyRequestRecord.Status.IN_PROGRESS || r.status == PrivacyRequestRecord.Status.RECEIVED;
            return new RequestView(r.requestId, r.kind, r.sourceSystem, r.status, r.receivedAt, r.dueBy, open && now.isAfter(r.dueBy),
                    r.completedAt, r.requestedBy, answered, awaiting, erased);
        });
    }
}
