package io.omniretail.kit.persistence.audit;

import java.time.Instant;
import java.util.TreeSet;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Records each successful answer of a {@link PersonalData} endpoint to a logged-in user in the access audit, in its
 * own transaction, before the answer leaves: if the record cannot be written, the personal data is not sent either
 * (the request fails). Answers that carry no personal data (an unknown customer's 404, a rejected request) and
 * anonymous or forged-token requests write no row.
 */
public class AccessAuditFilter {

    @Inject
    CurrentIdentityAssociation identities;

    @PersonalData
    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo resource) {
        return identities.getDeferredIdentity().chain(identity -> {
            if (identity == null || identity.isAnonymous() || response.getStatus() / 100 != 2) {
                return Uni.createFrom().voidItem();
            }
            AccessRecord record = new AccessRecord();
            record.accessedAt = Instant.now();
            record.subject = subject(identity);
            record.username = identity.getPrincipal().getName();
            record.roles = String.join(" ", new TreeSet<>(identity.getRoles()));
            record.operation = resource.getResourceClass().getSimpleName() + "." + resource.getMethodName();
            record.path = request.getUriInfo().getPath();
            record.customerId = customerOf(request, response);
            record.status = response.getStatus();
            return Panache.withTransaction(record::persist).replaceWithVoid();
        });
    }

    private static String subject(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null ? token.getSubject()
                : identity.getPrincipal().getName();
    }

    private static String customerOf(ContainerRequestContext request, ContainerResponseContext response) {
        String named = request.getUriInfo().getPathParameters().getFirst("customerId");
        if (named == null) {
            named = request.getUriInfo().getQueryParameters().getFirst("customerId");
        }
        if (named == null && response.getEntity() instanceof AboutCustomer about) {
            named = about.customerId();
        }
        return named;
    }
}
