package io.omniretail.notifications.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.SmsEncoding;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.audit.AboutCustomer;
import io.omniretail.notifications.dispatch.DispatchStatus;
import io.omniretail.notifications.dispatch.NotificationDispatcher;
import io.omniretail.notifications.dispatch.NotificationStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
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
 * What was sent to a customer, on which channel, and how it ended (for care agents), and cancelling a notification that
 * has not gone yet (managers). Associates and up; every call is recorded in the access audit (ADR 0017).
 */
@Path("/notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class NotificationResource {

    public record DispatchView(String dispatchId, ContactChannel channel, String recipient, String sender, String subject,
            String body, String textBody, List<String> mediaUrls, Map<String, String> headers, Integer smsSegments,
            SmsEncoding smsEncoding, DispatchStatus status, int attempt, Instant createdAt, Instant sentAt) {
    }

    public record NotificationView(String notificationId, String customerId, String templateId, ConsentPurpose purpose,
            String language, NotificationStatus status, String detail, Instant releaseAt, String correlationId, Instant createdAt,
            List<DispatchView> dispatches) implements AboutCustomer {
    }

    public record RecipientView(String customerId, String locale, String timeZone, ContactChannel preferredChannel,
            List<ContactChannel> channels, long profileVersion) {
    }

    @Inject
    NotificationDispatcher dispatcher;
    @Inject
    AdvisoryLocks locks;
    @Inject
    SecurityIdentity identity;
    @Inject
    Clock clock;

    @GET
    @Path("/recipients/{customerId}")
    @WithSession
    @Operation(summary = "How a customer can be reached: known channels, language, time zone (404 until their profile arrived)")
    public Uni<RecipientView> recipient(@RestPath String customerId) {
        return Recipient.required(customerId)
                .map(r -> new RecipientView(r.customerId, r.locale, r.timeZone, r.preferredChannel,
                        Stream.of(ContactChannel.values()).filter(c -> c != ContactChannel.UNKNOWN && r.addressFor(c) != null).toList(),
                        r.profileVersion));
    }

    @DELETE
    @Path("/{notificationId}")
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Cancel a notification still held (quiet hours, notBefore) or queued for its channel's rate; 409 once sent")
    public Uni<NotificationView> cancel(@RestPath String notificationId) {
        return Panache.withTransaction(() -> Notification.<Notification>findById(notificationId)
                .onItem().ifNull().failWith(() -> notFound(notificationId))
                .chain(found -> locks.lockForTransaction(NotificationDispatcher.RECIPIENT_LOCKS, found.customerId)
                        .chain(() -> Panache.getSession()).chain(session -> session.refresh(found))
                        .chain(() -> dispatcher.cancel(found, "cancelled by " + identity.getPrincipal().getName(),
                                EventMetadataFactory.origin(EventMetadataFactory.derivedId("cancel", notificationId), clock.instant(),
                                        "notifications:" + identity.getPrincipal().getName())))
                        .chain(cancelled -> {
                            if (!cancelled) {
                                throw new ProblemException(409, "notification-not-cancellable", "Too late to cancel",
                                        "notification " + notificationId + " is " + found.status);
                            }
                            return view(found);
                        })));
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
                        .onItem().transformToUniAndConcatenate(NotificationResource::view)
                        .collect().asList());
    }

    private static Uni<NotificationView> view(Notification n) {
        return Dispatch.<Dispatch>list("notificationId = ?1 order by attempt", n.notificationId)
                .map(dispatches -> new NotificationView(n.notificationId, n.customerId, n.templateId, n.purpose, n.language, n.status,
                        n.detail, n.releaseAt, n.correlationId, n.createdAt, dispatches.stream().map(d -> new DispatchView(d.dispatchId,
                                d.channel, d.recipient, d.sender, d.subject, d.body, d.textBody, d.mediaUrls, d.headers, d.smsSegments,
                                d.smsEncoding, d.status, d.attempt, d.createdAt, d.sentAt)).toList()));
    }

    private static ProblemException notFound(String notificationId) {
        return new ProblemException(404, "notification-not-found", "Notification not found", "no notification " + notificationId);
    }
}
