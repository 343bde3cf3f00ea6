package io.omniretail.notifications.api;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.omniretail.kit.security.Roles;
import io.omniretail.notifications.dispatch.Dispatch;
import io.omniretail.notifications.dispatch.Notification;
import io.omniretail.notifications.dispatch.NotificationDispatcher;
import io.omniretail.notifications.dispatch.NotificationStatus;
import io.omniretail.notifications.recipient.Recipient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A one-to-one message from a store associate to a customer (clienteling, ADR 0018). It takes the path of every
 * notification (NotificationDispatcher), under the customer's lock: the customer's language, an allowed channel with
 * consent, quiet hours, the marketing caps, the channel's send rate, receipts and fallback. An associate reaches out on
 * their own initiative, so the message is MARKETING: without marketing consent on any channel it is not sent, at night
 * in the customer's zone it is held, and the answer says so. The answer gives the notification, its status (DISPATCHED,
 * QUEUED, HELD with releaseAt, or SUPPRESSED), the reason in detail, and its channel; a
 * customer whose profile notifications has not received is 404. An Idempotency-Key makes a retry the same message.
 */
@Path("/notifications/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
@PersonalData
public class AssociateMessageResource {

    static final String TEMPLATE = "associate-message";
    /** The channels with a gateway. */
    static final Set<ContactChannel> MESSAGE_CHANNELS = Set.of(ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.LINE,
            ContactChannel.PUSH, ContactChannel.CHAT);

    @Inject
    NotificationDispatcher dispatcher;
    @Inject
    AdvisoryLocks locks;
    @Inject
    SecurityIdentity identity;

    public record MessageRequest(@NotBlank @Size(max = 100) String customerId, @NotBlank @Size(max = 1_000) String text,
            ContactChannel channel) {
    }

    public record MessageSent(String notificationId, String customerId, NotificationStatus status, ContactChannel channel,
            String detail, Instant releaseAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a customer a message from the logged-in associate, on an allowed channel with marketing consent")
    public Uni<Response> send(@RestHeader("Idempotency-Key") String idempotencyKey, @Valid @NotNull MessageRequest message) {
        String associate = identity.getPrincipal().getName();
        String notificationId = EventMetadataFactory.idempotentId(idempotencyKey, "associate-message", associate);
        if (message.channel() != null && !MESSAGE_CHANNELS.contains(message.channel())) {
            throw new ProblemException(400, "invalid-channel", "Invalid channel", "channel is EMAIL, SMS, LINE, PUSH or CHAT, or left out");
        }
        EventMetadata origin = EventMetadataFactory.origin(notificationId, Instant.now(), "notifications:" + associate);
        NotificationRequest request = NotificationRequest.newBuilder().setMetadata(origin).setNotificationId(notificationId)
                .setCustomerId(message.customerId().strip()).setTemplateId(TEMPLATE).setPurpose(ConsentPurpose.MARKETING)
                .setPreferredChannel(message.channel())
                .setParameters(Map.of("text", message.text().strip(), "associate", associate)).build();
        return Panache.withTransaction(() -> locks.lockForTransaction(NotificationDispatcher.RECIPIENT_LOCKS, request.getCustomerId())
                .chain(() -> Recipient.required(request.getCustomerId()))
                .chain(() -> dispatcher.onRequest(request))
                .chain(() -> Notification.<Notification>findById(notificationId))
                .chain(notification -> Dispatch.<Dispatch>find("notificationId = ?1 order by attempt desc", notificationId).firstResult()
                        .map(dispatch -> new MessageSent(notificationId, request.getCustomerId(), notification.status,
                                dispatch == null ? null : dispatch.channel, notification.detail, notification.releaseAt))))
                .map(sent -> Response.accepted(sent).build());
    }
}
