package io.omniretail.loyalty.api;

import io.omniretail.kit.http.Problem;
import io.omniretail.kit.http.ProblemException;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omniretail.loyalty.ledger.AccountReview;
import io.omniretail.loyalty.ledger.LedgerEntry;
import io.omniretail.loyalty.ledger.LoyaltyAccount;
import io.omniretail.loyalty.ledger.LoyaltyAccounts;
import io.omniretail.loyalty.redemption.Redemptions;
import io.omniretail.loyalty.rules.LoyaltyRules;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import io.omniretail.kit.security.Roles;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The account view for associates and clienteling, and redeeming points for a discount code at the till or for the shop:
 * the order applies the code as a discount code and loyalty sees it on the purchase; codes unused within the hold,
 * cancelled, or used by a cancelled order give their points back. Otherwise points only change through events.
 * Associates and up; every call is recorded in the access audit (ADR 0017).
 */
@Path("/loyalty/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "loyalty accounts")
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class LoyaltyAccountResource {

    static final int MAX_LEDGER_ENTRIES = 500;
    /** The account's own entries and those of the accounts merged into it. */
    private static final String GROUP_ENTRIES = "customerId = ?1 or customerId in "
            + "(select a.customerId from LoyaltyAccount a where a.mergedInto = ?1)";

    @Inject
    LoyaltyAccounts accounts;
    @Inject
    LoyaltyRules rules;
    @Inject
    Redemptions redemptions;
    @Inject
    AccountReview review;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/{customerId}")
    @WithSession
    @Operation(summary = "A customer's tier, points balance and latest ledger entries",
            description = "A customer merged into another one answers with the survivor's account.")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "Loyalty has no account for this customer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AccountView> account(@PathParam("customerId") String customerId,
            @Parameter(description = "How many ledger entries to return, newest first (at most 500)")
            @QueryParam("ledger-limit") @DefaultValue("100") int ledgerLimit) {
        int limit = Math.clamp(ledgerLimit, 1, MAX_LEDGER_ENTRIES);
        return accounts.findFollowingMerges(customerId)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "loyalty-account-not-found",
                        "Unknown loyalty account", "loyalty has no account for customer " + customerId))
                .chain(account -> review.nextExpiry(account.customerId, Instant.now()).chain(next -> latestEntries(account, limit)
                        .map(entries -> AccountView.of(account, rules.currency(), next, entries))));
    }

    private static Uni<List<LedgerEntry>> latestEntries(LoyaltyAccount account, int limit) {
        return LedgerEntry.find(GROUP_ENTRIES, Sort.descending("occurredAt", "recordedAt"), account.customerId)
                .page(0, limit).list();
    }

    public record RedemptionRequest(@NotNull Long points) {
    }

    @POST
    @Path("/{customerId}/redemptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem points for a discount code",
            description = "Debits the points now and returns a code worth their value, valid for one order within the hold."
                    + " An Idempotency-Key makes a retry answer the same code.")
    @APIResponse(responseCode = "201", description = "The code",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RedemptionView.class)))
    @APIResponse(responseCode = "400", description = "Below the minimum or not a whole step",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The balance does not cover the points",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> redeem(@RestPath String customerId, @RestHeader("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull RedemptionRequest request) {
        return redemptions.redeem(customerId, request.points(), idempotencyKey, identity.getPrincipal().getName(), Instant.now())
                .map(redemption -> Response.status(201).entity(RedemptionView.of(redemption)).build());
    }
}
