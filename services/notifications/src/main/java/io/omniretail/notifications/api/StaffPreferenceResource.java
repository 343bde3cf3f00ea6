package io.omniretail.notifications.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.events.customer.ConsentSource;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.omniretail.notifications.api.PreferenceCentreResource.PreferenceChanges;
import io.omniretail.notifications.preferences.ConsentDecisions;
import io.omniretail.notifications.preferences.Preferences;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A customer's preferences for store associates and admins (associate role and up): what the customer chose, and a
 * change recorded on the customer's word (source STAFF, with the associate as the actor). Every call is in the access
 * audit (ADR 0017).
 */
@Path("/notifications/preferences/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class StaffPreferenceResource {

    @Inject
    ConsentDecisions decisions;
    @Inject
    SecurityIdentity identity;

    @GET
    @WithSession
    @Operation(summary = "A customer's consent per channel and purpose, and where we can reach them")
    public Uni<Preferences> preferences(@RestPath String customerId) {
        return decisions.preferences(customerId);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the customer's consent decisions, told to an associate")
    public Uni<Preferences> change(@RestPath String customerId, @Valid @NotNull PreferenceChanges changes) {
        return Panache.withTransaction(() -> decisions.record(customerId, changes.changes(), ConsentSource.STAFF, null,
                identity.getPrincipal().getName()));
    }
}
