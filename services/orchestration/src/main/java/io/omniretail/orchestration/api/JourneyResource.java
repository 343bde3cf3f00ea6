package io.omniretail.orchestration.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.omniretail.orchestration.journey.JourneyInstance;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A customer's journey instances: which step each is at, what it waits until, how it ended. Admins only; every read
 * is recorded in the access audit (ADR 0017).
 */
@Path("/journeys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@PersonalData
public class JourneyResource {

    public record InstanceView(String instanceId, String journeyId, int version, String object, JourneyInstance.State state,
            String step, Instant wakeAt, Instant enteredAt, Instant endedAt, Instant convertedAt) {
    }

    @GET
    @WithSession
    @Operation(summary = "Journey instances of a customer, newest first")
    public Uni<List<InstanceView>> byCustomer(@RestQuery String customerId) {
        if (customerId == null || customerId.isBlank()) {
            throw new ProblemException(400, "missing-customer", "Missing customerId", "query parameter 'customerId' is required");
        }
        return JourneyInstance.<JourneyInstance>list("customerId = ?1 order by enteredAt desc", customerId)
                .map(list -> list.stream().map(i -> new InstanceView(i.instanceId, i.journeyId, i.journeyVersion, i.objectKey,
                        i.state, i.stepId, i.wakeAt, i.enteredAt, i.endedAt, i.convertedAt)).toList());
    }
}
