package io.omniretail.notifications.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.kit.http.ProblemException;
import io.omniretail.notifications.dispatch.Dispatch;
import io.omniretail.notifications.dispatch.Notification;
import io.omniretail.notifications.recipient.Recipient;
import io.omniretail.kit.security.Roles;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What was sent to a customer, on which channel, and how it ended (for care agents). Associates and up; every read is
 * recorded in the access audit (ADR 0017).
 */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class NotificationResource {

    public record DispatchView(String dispatchId, String channel, String recipient, String subject, String body,
            String status, int attempt, Instant createdAt) {
    }

    public record NotificationView(String notificationId, String templateId, String purpose, String language,
            String status, String correlationId, Instant createdAt, List<DispatchView> dispatches) {
    }

    public record RecipientView(String customerId, String locale, String timeZone, String preferredChannel,
            List<String> channels, long profileVersion) {
    }

    @GET
    @Path("/recipients/{customerId}")
    @WithSession
    @Operation(summary = "How a customer can be reached: known channels, language, time zone (404 until their profile arrived)")
    public Uni<RecipientView> recipient(@RestPath String customerId) {
        return Recipient.<Recipient>findById(customerId)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "recipient-not-found", "Recipient not found",
                        "no profile received for customer " + customerId))
                .map(r -> new RecipientView(r.customerId, r.locale, r.timeZone, r.preferredChannel,
                        java.util.stream.Stream.of("EMAIL", "SMS", "LINE").filter(c -> r.addressFor(c) != null).toList(),
                        r.profileVersion));
    }

    @GET
    @WithSession
    @Operation(summary = "A customer's notifications with every dispatch attempt, newest first")
    public Uni<List<NotificationView>> byCustomer(@RestQuery String customerId) {
        if (customerId == null || customerId.isBlank()) {
            throw new ProblemException(400, "missing-customer", "Missing customerId", "query parameter 'customerId' is required");
        }
        return Notification.<Notification>list("customerId = ?1 order by createdAt desc", customerId)
                .chain(notifications -> Multi.createFrom().iterable(notifications)
                        .onItem().transformToUniAndConcatenate(n -> Dispatch.<Dispatch>list("notificationId = ?1 order by attempt", n.notificationId)
                                .map(dispatches -> new NotificationView(n.notificationId, n.templateId, n.purpose, n.language, n.status,
                                        n.correlationId, n.createdAt, dispatches.stream().map(d -> new DispatchView(d.dispatchId, d.channel,
                                                d.recipient, d.subject, d.body, d.status, d.attempt, d.createdAt)).toList())))
                        .collect().asList());
    }
}
