package io.omniretail.customer.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.customer.profile.Consent;
import io.omniretail.customer.profile.ConsentEvidence;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.events.customer.ConsentSource;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.audit.AboutCustomer;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A customer's consents with their evidence: the current decision per channel and purpose, and every explicit
 * decision received, newest first, with its source, time, consent text version and actor (ADR 0020). A merged id
 * answers with its survivor. Associates and up; every read is in the access audit.
 */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class ConsentResource {

    @Inject
    ProfilePublisher customers;

    public record CurrentConsent(String channel, String purpose, boolean granted, Instant decidedAt) {
    }

    public record EvidenceView(String channel, String purpose, boolean granted, Instant decidedAt, ConsentSource source,
            String textVersion, String actor, String optInLevel, String eventId) {
    }

    public record Consents(String customerId, List<CurrentConsent> current, List<EvidenceView> evidence) implements AboutCustomer {
    }

    @GET
    @Path("/{customerId}/consents")
    @WithSession
    @Operation(summary = "A customer's current consents and the evidence of every explicit decision")
    public Uni<Consents> consents(@RestPath String customerId) {
        return customers.survivor(customerId)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "customer-not-found", "Customer not found",
                        "no customer " + customerId))
                .chain(customer -> Consent.<Consent>list("key.customerId = ?1 order by key.channel, key.purpose", customer.id)
                        .chain(current -> ConsentEvidence.<ConsentEvidence>list("customerId = ?1 order by decidedAt desc", customer.id)
                                .map(evidence -> new Consents(customer.id,
                                        current.stream().map(c -> new CurrentConsent(c.key.channel(), c.key.purpose(), c.granted, c.updatedAt)).toList(),
                                        evidence.stream().map(e -> new EvidenceView(e.key.channel(), e.key.purpose(), e.granted, e.decidedAt,
                                                e.source, e.textVersion, e.actor, e.optInLevel, e.key.eventId())).toList()))));
    }
}
