package io.omniretail.customer.api;

import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.customer.identity.IdentifierNormalizer;
import io.omniretail.customer.profile.KnownIdentifier;
import io.omniretail.customer.resolution.ProfilePublisher;
import io.omniretail.customer.resolution.ProfileViews;
import io.omniretail.customer.resolution.ProfileViews.CustomerView;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.security.Roles;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The single customer view for store associates and care agents (clienteling). Read-only. Associates and up; every
 * read is recorded in the access audit (ADR 0017).
 */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class CustomerResource {

    @Inject
    ProfileViews views;
    @Inject
    ProfilePublisher customers;

    @GET
    @Path("/{customerId}")
    @WithSession
    @Operation(summary = "One customer: identifiers, consents, purchase statistics and orders; a merged id answers with its survivor")
    public Uni<CustomerView> byId(@RestPath String customerId) {
        return find(customerId);
    }

    @GET
    @WithSession
    @Operation(summary = "Look a customer up by an identifier (type EMAIL, PHONE, SHOPIFY_CUSTOMER_ID, POS_LOYALTY_CARD, ...)")
    public Uni<CustomerView> byIdentifier(@RestQuery String type, @RestQuery String value) {
        if (type == null || value == null) {
            throw new ProblemException(400, "missing-identifier", "Missing identifier", "query parameters 'type' and 'value' are required");
        }
        String kind = type.toUpperCase(Locale.ROOT);
        String normalized = switch (kind) {
            case "EMAIL" -> IdentifierNormalizer.email(value);
            default -> value.trim();
        };
        return KnownIdentifier.<KnownIdentifier>findById(new KnownIdentifier.Key(kind, normalized == null ? "" : normalized))
                .onItem().ifNull().failWith(() -> notFound(kind + " " + value))
                .chain(known -> find(known.customerId));
    }

    private Uni<CustomerView> find(String customerId) {
        return customers.survivor(customerId).onItem().ifNull().failWith(() -> notFound(customerId)).chain(views::view);
    }

    private static ProblemException notFound(String what) {
        return new ProblemException(404, "customer-not-found", "Customer not found", "no customer for " + what);
    }
}
