package io.omniretail.loyalty.api;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omniretail.kit.security.Roles;
import io.omniretail.loyalty.ledger.AccountReview;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The nightly account review on demand, for admins. */
@Path("/loyalty/reviews")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "loyalty accounts")
@RolesAllowed(Roles.ADMIN)
public class ReviewResource {

    @Inject
    AccountReview review;

    @POST
    @Operation(summary = "Review every account now, as the nightly run does",
            description = "Re-evaluates tiers as spend ages out of the rolling window and books the points that lapsed.")
    public Uni<AccountReview.Reviewed> review() {
        return review.reviewAll(Instant.now());
    }
}
