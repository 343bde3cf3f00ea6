package io.omniretail.notifications.dispatch;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.events.Topic;
import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.DeliveryReceipt;
import io.omniretail.events.notification.DispatchMessage;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.notification.NotificationOutcome;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.notifications.recipient.Recipient;
import io.omniretail.notifications.recipient.RecipientConsent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a notification request into a message on the best allowed channel (ChannelSelector), in the customer's
 * language, and follows its receipts: delivered, or failed and then retried on the next allowed channel.
 * Everything it writes goes through the outbox in the caller's transaction.
 * <p>
 * A request and its customer's profile arrive on two topics, applied by two channels at once: both run holding the
 * customer's {@link #RECIPIENT_LOCKS} lock for their transaction (the consumers name it to the kit's EventProcessor,
 * which takes it before the handler runs), so a request either sees the committed profile or commits its waiting
 * notification before the profile's {@link #resumeAwaiting} looks for it. Without the lock each could miss the other's
 * uncommitted write, and the notification would wait for a profile that had already come.
 */
@ApplicationScoped
public class NotificationDispatcher {

    static final String SOURCE = "notifications";
    private static final Set<String> FAILURES = Set.of("FAILED", "REJECTED", "BOUNCED");

    @Inject
    Outbox outbox;
    @Inject
    MessageRenderer renderer;

    @ConfigProperty(name = "omniretail.notifications.languages")
    List<String> languages;
    @ConfigProperty(name = "omniretail.notifications.fallback-language")
    String fallbackLanguage;

    private final ObjectMapper json = new ObjectMapper();

    /** The gateway topic of a channel; channels without a gateway never get an address (Recipient.addressFor). */
    static Topic<DispatchMessage> dispatchTopic(String channel) {
        return switch (ContactChannel.valueOf(channel)) {
            case SMS -> Topics.NOTIFICATIONS_DISPATCH_SMS;
            case EMAIL -> Topics.NOTIFICATIONS_DISPATCH_EMAIL;
            case LINE -> Topics.NOTIFICATIONS_DISPATCH_LINE;
            case PUSH -> Topics.NOTIFICATIONS_DISPATCH_PUSH;
            default -> throw new RejectedEventException("no gateway topic for channel " + channel);
        };
    }

    static final String AWAITING_PROFILE = "AWAITING_PROFILE";
    /** The advisory-lock namespace of a customer's requests and profile (the class comment). */
    public static final String RECIPIENT_LOCKS = "notifications.recipient";

    /** Runs holding the customer's {@link #RECIPIENT_LOCKS} lock (the class comment). */
    public Uni<Void> onRequest(NotificationRequest request) {
        return Notification.<Notification>findById(request.getNotificationId()).chain(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem(); // the same notification requested again
            }
            Instant now = Instant.now();
            Notification notification = new Notification();
            notification.notificationId = request.getNotificationId();
            notification.customerId = request.getCustomerId();
            notification.templateId = request.getTemplateId();
            notification.purpose = request.getPurpose().name();
            notification.parameters = toJson(request.getParameters());
            notification.correlationId = request.getMetadata().getCorrelationId();
            notification.status = AWAITING_PROFILE;
            notification.createdAt = now;
            notification.updatedAt = now;
            String requested = request.getPreferredChannel() == null ? null : request.getPreferredChannel().name();
            return notification.persist().chain(() -> Recipient.<Recipient>findById(request.getCustomerId()))
                    // the profile travels on another topic and may come later: the notification waits for it
                    // (resumeAwaiting), without holding up the requests of other customers
                    .chain(recipient -> recipient == null ? Uni.createFrom().voidItem()
                            : route(notification, recipient, requested, request.getMetadata()));
        });
    }

    /** A customer's profile arrived: send what was waiting for it. */
    public Uni<Void> resumeAwaiting(Recipient recipient, EventMetadata profileMetadata) {
        return Notification.<Notification>list("customerId = ?1 and status = ?2 order by createdAt", recipient.customerId, AWAITING_PROFILE)
                .chain(waiting -> io.smallrye.mutiny.Multi.createFrom().iterable(waiting)
                        .onItem().transformToUniAndConcatenate(notification -> route(notification, recipient, null,
                                EventMetadata.newBuilder(profileMetadata).setCorrelationId(notification.correlationId).build()))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> route(Notification notification, Recipient recipient, String requested, EventMetadata cause) {
        notification.language = ChannelSelector.language(recipient.locale, languages, fallbackLanguage);
        return consents(recipient.customerId).chain(consents -> {
            List<String> channels = ChannelSelector.candidates(requested, recipient.preferredChannel, notification.purpose,
                    recipient::addressFor, consents);
            if (channels.isEmpty()) {
                notification.status = NotificationOutcome.SUPPRESSED_NO_CONSENT.name();
                notification.updatedAt = Instant.now();
                return outcome(notification, NotificationOutcome.SUPPRESSED_NO_CONSENT, null, null,
                        "no channel with an address and consent for " + notification.purpose, cause);
            }
            return dispatch(notification, recipient, channels.get(0), 1, cause);
        });
    }

    public Uni<Void> onReceipt(DeliveryReceipt receipt) {
        return Dispatch.<Dispatch>findById(receipt.getDispatchId())
                .onItem().ifNull().failWith(() -> new RejectedEventException("receipt for unknown dispatch " + receipt.getDispatchId()))
                .chain(dispatch -> Notification.<Notification>findById(dispatch.notificationId).chain(notification -> {
                    String status = receipt.getStatus().name();
                    dispatch.status = status;
                    dispatch.updatedAt = Instant.now();
                    if ("DELIVERED".equals(status) && !"DELIVERED".equals(notification.status)) {
                        notification.status = "DELIVERED";
                        notification.updatedAt = Instant.now();
                        return outcome(notification, NotificationOutcome.DELIVERED, dispatch.channel, dispatch.dispatchId, null, receipt.getMetadata());
                    }
                    if (FAILURES.contains(status)) {
                        return fallBack(notification, dispatch, receipt);
                    }
                    return Uni.createFrom().voidItem();
                }));
    }

    /** After a failed attempt: the next allowed channel not tried yet, or the notification fails. */
    private Uni<Void> fallBack(Notification notification, Dispatch failed, DeliveryReceipt receipt) {
        String detail = failed.channel + " " + receipt.getStatus() + (receipt.getErrorCode() == null ? "" : " (" + receipt.getErrorCode() + ")");
        return Dispatch.<Dispatch>list("notificationId", notification.notificationId).chain(attempts -> {
            if (attempts.stream().anyMatch(a -> a.attempt > failed.attempt)) {
                return Uni.createFrom().voidItem(); // a later attempt exists already (e.g. a duplicated receipt)
            }
            Set<String> tried = attempts.stream().map(a -> a.channel).collect(Collectors.toSet());
            return Recipient.<Recipient>findById(notification.customerId).chain(recipient -> consents(notification.customerId).chain(consents -> {
                List<String> next = ChannelSelector.candidates(null, recipient.preferredChannel, notification.purpose,
                        recipient::addressFor, consents).stream().filter(c -> !tried.contains(c)).toList();
                if (next.isEmpty()) {
                    notification.status = "FAILED";
                    notification.updatedAt = Instant.now();
                    return outcome(notification, NotificationOutcome.FAILED, failed.channel, failed.dispatchId, detail, receipt.getMetadata());
                }
                return outcome(notification, NotificationOutcome.FALLBACK, next.get(0), failed.dispatchId,
                        detail + "; trying " + next.get(0), receipt.getMetadata())
                        .chain(() -> dispatch(notification, recipient, next.get(0), failed.attempt + 1, receipt.getMetadata()));
            }));
        });
    }

    private Uni<Void> dispatch(Notification notification, Recipient recipient, String channel, int attempt, EventMetadata cause) {
        Map<String, String> parameters = fromJson(notification.parameters);
        if (recipient.firstName != null) {
            parameters.putIfAbsent("firstName", recipient.firstName);
        }
        MessageRenderer.Rendered rendered = renderer.render(notification.templateId, notification.language, parameters);
        Instant now = Instant.now();
        Dispatch dispatch = new Dispatch();
        dispatch.dispatchId = EventMetadataFactory.derivedId(notification.notificationId, channel, Integer.toString(attempt));
        dispatch.notificationId = notification.notificationId;
        dispatch.channel = channel;
        dispatch.recipient = recipient.addressFor(channel);
        dispatch.subject = "EMAIL".equals(channel) ? rendered.subject() : null;
        dispatch.body = rendered.body();
        dispatch.status = "SENT";
        dispatch.attempt = attempt;
        dispatch.createdAt = now;
        dispatch.updatedAt = now;
        notification.status = NotificationOutcome.DISPATCHED.name();
        notification.updatedAt = now;
        DispatchMessage message = DispatchMessage.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, "dispatch:" + channel + ":" + attempt, SOURCE, now))
                .setDispatchId(dispatch.dispatchId)
                .setNotificationId(notification.notificationId)
                .setCustomerId(notification.customerId)
                .setChannel(ContactChannel.valueOf(channel))
                .setRecipient(dispatch.recipient)
                .setLanguage(notification.language)
                .setSubject(dispatch.subject)
                .setBody(dispatch.body)
                .setPurpose(ConsentPurpose.valueOf(notification.purpose))
                .build();
        return dispatch.persist()
                .chain(() -> outbox.enqueue(dispatchTopic(channel), notification.customerId, message))
                .chain(() -> outcome(notification, NotificationOutcome.DISPATCHED, channel, dispatch.dispatchId, null, cause));
    }

    private Uni<Void> outcome(Notification notification, NotificationOutcome outcome, String channel, String dispatchId,
            String detail, EventMetadata cause) {
        NotificationEvent event = NotificationEvent.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, "outcome:" + outcome + ":" + dispatchId, SOURCE, Instant.now()))
                .setNotificationId(notification.notificationId)
                .setCustomerId(notification.customerId)
                .setOutcome(outcome)
                .setChannel(channel == null ? null : ContactChannel.valueOf(channel))
                .setDispatchId(dispatchId)
                .setDetail(detail)
                .build();
        return outbox.enqueue(Topics.NOTIFICATIONS_EVENTS, notification.customerId, event);
    }

    private static Uni<Map<String, Boolean>> consents(String customerId) {
        return RecipientConsent.<RecipientConsent>list("key.customerId", customerId).map(list -> {
            Map<String, Boolean> decisions = new HashMap<>();
            list.forEach(c -> decisions.put(c.key.channel() + "/" + c.key.purpose(), c.granted));
            return decisions;
        });
    }

    private String toJson(Map<String, String> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> fromJson(String parameters) {
        try {
            return new HashMap<>(json.readValue(parameters, new TypeReference<Map<String, String>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
