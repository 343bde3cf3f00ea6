package io.omniretail.kit.persistence.audit;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** This service's access audit for admins: who read whose personal data, newest first, by customer or by user. */
@Path("/audit/access")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AccessAuditResource {

    static final int MAX_LIMIT = 1_000;

    public record AccessView(Instant accessedAt, String subject, String username, String roles, String operation, String path,
            String customerId, int status) {
    }

    @GET
    @WithSession
    @Operation(summary = "Reads of personal data through this service's API, newest first, for a customer and/or a user (subject)")
    public Uni<List<AccessView>> search(@RestQuery String customerId, @RestQuery String subject,
            @RestQuery @DefaultValue("100") int limit) {
        boolean byCustomer = customerId != null && !customerId.isBlank();
        boolean bySubject = subject != null && !subject.isBlank();
        if (!byCustomer && !bySubject) {
            throw new ProblemException(400, "missing-filter", "Missing filter", "query parameter 'customerId' or 'subject' is required");
        }
        String query = byCustomer && bySubject ? "customerId = ?1 and subject = ?2" : byCustomer ? "customerId = ?1" : "subject = ?1";
        Object[] values = byCustomer && bySubject ? new Object[] {customerId, subject} : new Object[] {byCustomer ? customerId : subject};
        return AccessRecord.<AccessRecord>find(query, Sort.descending("accessedAt", "id"), values)
                .page(Page.ofSize(Math.clamp(limit, 1, MAX_LIMIT))).list()
                .map(records -> records.stream().map(r -> new AccessView(r.accessedAt, r.subject, r.username, r.roles, r.operation,
                        r.path, r.customerId, r.status)).toList());
    }
}
