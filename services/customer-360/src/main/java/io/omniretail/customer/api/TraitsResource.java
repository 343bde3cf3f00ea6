package io.omniretail.customer.api;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.omniretail.customer.traits.TraitRefresh;
import io.omniretail.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operations on the traits of the whole customer base, for admins. */
@Path("/traits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class TraitsResource {

    @Inject
    TraitRefresh refresh;

    public record Refreshed(int customersChanged, Instant at) {
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Re-score everyone now (rolling 12-month spend and purchases, RFM quintiles), as the nightly run does")
    public Uni<Refreshed> refresh() {
        Instant now = Instant.now();
        return refresh.refresh(now).map(changed -> new Refreshed(changed, now));
    }
}
