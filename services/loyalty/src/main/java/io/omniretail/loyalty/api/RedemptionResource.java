package io.omniretail.loyalty.api;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.omniretail.loyalty.redemption.Redemptions;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Redemption codes (issued through POST /loyalty/accounts/{customerId}/redemptions): look one up at the till, or cancel
 * an unused one. Associates and up; every call is recorded in the access audit (ADR 0017).
 */
@Path("/loyalty/redemptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "loyalty redemptions")
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class RedemptionResource {

    @Inject
    Redemptions redemptions;

    @GET
    @Path("/{code}")
    @WithSession
    @Operation(summary = "A redemption code: its value and whether it is still usable (HELD)")
    public Uni<RedemptionView> redemption(@RestPath String code) {
        return redemptions.find(code).onItem().ifNull().failWith(() -> notFound(code)).map(RedemptionView::of);
    }

    @DELETE
    @Path("/{code}")
    @Operation(summary = "Cancel an unused code: its points come back",
            description = "A code an order used answers 409: cancelling the order gives its points back.")
    public Uni<RedemptionView> cancel(@RestPath String code) {
        return redemptions.cancel(code, Instant.now()).map(RedemptionView::of);
    }

    private static ProblemException notFound(String code) {
        return new ProblemException(404, "redemption-not-found", "Unknown redemption code", "no redemption has the code " + code);
    }
}
