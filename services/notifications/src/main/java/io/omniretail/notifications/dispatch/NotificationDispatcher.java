package io.omniretail.notifications.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.omniretail.events.Topic;
import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.DeliveryReceipt;
import io.omniretail.events.notification.DispatchMessage;
import io.omniretail.events.notification.NotificationCancellation;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.notification.NotificationOutcome;
import io.omniretail.events.notification.NotificationRequest;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.notifications.policy.FrequencyCap;
import io.omniretail.notifications.policy.NotificationPolicy;
import io.omniretail.notifications.policy.NotificationPolicyConfig;
import io.omniretail.notifications.policy.QuietHours;
import io.omniretail.notifications.policy.SmsSegments;
import io.omniretail.notifications.preferences.CustomerLinks;
import io.omniretail.notifications.recipient.Recipient;
import io.omniretail.notifications.recipient.RecipientConsent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a notification request into a message on the best allowed channel (ChannelSelector), in the customer's
 * language, at an hour the customer accepts, within the marketing caps, and follows its receipts: delivered, or failed
 * and then retried on the next allowed channel. Everything it writes goes through the outbox in the caller's
 * transaction. The order of the rules (ADR 0020):
 * <ol>
 * <li>no channel with an address and consent: SUPPRESSED (SUPPRESSED_NO_CONSENT);</li>
 * <li>before the request's notBefore: HELD until then (HELD_NOT_BEFORE);</li>
 * <li>inside the purpose's quiet hours in the customer's zone on the chosen channel: HELD until the window opens, plus
 * a spread (HELD_QUIET_HOURS); the {@link HeldReleaser} runs the rules again then, so consent withdrawn overnight or
 * a cap reached meanwhile still count;</li>
 * <li>marketing over a frequency cap on every allowed channel: SUPPRESSED (SUPPRESSED_FREQUENCY_CAP), with the cap;</li>
 * <li>else a dispatch: sent at once, or QUEUED for the channel's send rate ({@link ChannelPacer}).</li>
 * </ol>
 * A request and its customer's profile arrive on two topics, applied by two channels at once: both run holding the
 * customer's {@link #RECIPIENT_LOCKS} lock for their transaction (the consumers name it to the kit's EventProcessor,
 * which takes it before the handler runs), so a request either sees the committed profile or commits its waiting
 * notification before the profile's {@link #resumeAwaiting} looks for it. Releases and preference changes take the same
 * lock.
 */
@ApplicationScoped
public class NotificationDispatcher {

    static final String SOURCE = "notifications";
    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    /** The advisory-lock namespace of a customer's requests and profile (the class comment). */
    public static final String RECIPIENT_LOCKS = "notifications.recipient";

    @Inject
    Outbox outbox;
    @Inject
    MessageRenderer renderer;
    @Inject
    NotificationPolicy policy;
    @Inject
    NotificationPolicyConfig config;
    @Inject
    CustomerLinks links;
    @Inject
    ChannelPacer pacer;
    @Inject
    Clock clock;

    /** The gateway topic of a channel. */
    static Topic<DispatchMessage> dispatchTopic(ContactChannel channel) {
        return switch (channel) {
            case SMS -> Topics.NOTIFICATIONS_DISPATCH_SMS;
            case EMAIL -> Topics.NOTIFICATIONS_DISPATCH_EMAIL;
            case LINE -> Topics.NOTIFICATIONS_DISPATCH_LINE;
            case PUSH -> Topics.NOTIFICATIONS_DISPATCH_PUSH;
            case CHAT -> Topics.NOTIFICATIONS_DISPATCH_CHAT;
            case VOICE -> Topics.NOTIFICATIONS_DISPATCH_VOICE;
            default -> throw new RejectedEventException("no gateway topic for channel " + channel);
        };
    }

    /** Runs holding the customer's {@link #RECIPIENT_LOCKS} lock (the class comment). */
    public Uni<Void> onRequest(NotificationRequest request) {
        return Notification.<Notification>findById(request.getNotificationId()).chain(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem(); // the same notification requested again
            }
            Instant now = clock.instant();
            Notification notification = new Notification();
            notification.notificationId = request.getNotificationId();
            notification.customerId = request.getCustomerId();
            notification.templateId = request.getTemplateId();
            notification.purpose = request.getPurpose();
            notification.parameters = new LinkedHashMap<>(request.getParameters());
            notification.mediaUrls = List.copyOf(request.getMediaUrls());
            notification.requestedChannel = request.getPreferredChannel();
            notification.notBefore = request.getNotBefore();
            notification.correlationId = request.getMetadata().getCorrelationId();
            notification.status = NotificationStatus.AWAITING_PROFILE;
            notification.createdAt = now;
            notification.updatedAt = now;
            return notification.persist().chain(() -> NotificationWithdrawal.<NotificationWithdrawal>findById(request.getNotificationId()))
                    .chain(withdrawn -> withdrawn != null
                            ? withdrawn.delete().chain(() -> cancel(notification, withdrawn.reason, request.getMetadata())).replaceWithVoid()
                            : Recipient.<Recipient>findById(request.getCustomerId())
                                    // the profile travels on another topic and may come later: the notification waits
                                    // for it (resumeAwaiting), without holding up the requests of other customers
                                    .chain(recipient -> recipient == null ? Uni.createFrom().voidItem()
                                            : route(notification, recipient, request.getMetadata())));
        });
    }

    /**
     * Runs holding the customer's {@link #RECIPIENT_LOCKS} lock: the requester withdrew a notification (its journey
     * exited). One not sent yet is cancelled; one that has not arrived is cancelled when it does; one already
     * dispatched stays as it is (too late, logged). A withdrawal naming another customer's notification is rejected.
     */
    public Uni<Void> onCancellation(NotificationCancellation cancellation) {
        return Notification.<Notification>findById(cancellation.getNotificationId()).chain(found -> {
            if (found == null) {
                return NotificationWithdrawal.<NotificationWithdrawal>findById(cancellation.getNotificationId()).chain(known -> {
                    if (known != null) {
                        return Uni.createFrom().voidItem();
                    }
                    NotificationWithdrawal withdrawal = new NotificationWithdrawal();
                    withdrawal.notificationId = cancellation.getNotificationId();
                    withdrawal.customerId = cancellation.getCustomerId();
                    withdrawal.reason = cancellation.getReason();
                    withdrawal.withdrawnAt = clock.instant();
                    return withdrawal.persist().replaceWithVoid();
                });
            }
            if (!found.customerId.equals(cancellation.getCustomerId())) {
                throw new RejectedEventException("notification " + found.notificationId + " is not customer " + cancellation.getCustomerId() + "'s");
            }
            return cancel(found, cancellation.getReason(), cancellation.getMetadata()).invoke(cancelled -> {
                if (!cancelled) {
                    LOG.debugf("notification %s is %s: too late to withdraw (%s)", found.notificationId, found.status, cancellation.getReason());
                }
            }).replaceWithVoid();
        });
    }

    /** A customer's profile arrived: route what was waiting for it. */
    public Uni<Void> resumeAwaiting(Recipient recipient, EventMetadata profileMetadata) {
        return Notification.<Notification>list("customerId = ?1 and status = ?2 order by createdAt", recipient.customerId,
                NotificationStatus.AWAITING_PROFILE)
                .chain(waiting -> Multi.createFrom().iterable(waiting)
                        .onItem().transformToUniAndConcatenate(notification -> route(notification, recipient,
                                EventMetadata.newBuilder(profileMetadata).setCorrelationId(notification.correlationId).build()))
                        .collect().last().replaceWithVoid());
    }

    /** A held notification's time came (HeldReleaser, under the customer's lock): the rules run again. */
    public Uni<Void> release(Notification notification, Recipient recipient) {
        EventMetadata cause = EventMetadataFactory.causedBy(origin(notification, notification.notificationId),
                "release:" + notification.releaseAt.toEpochMilli(), SOURCE, clock.instant());
        NotificationOutcome reason = notification.holdReason;
        notification.releaseAt = null;
        notification.holdReason = null;
        return outcome(notification, NotificationOutcome.RELEASED, null, null, "after " + reason, cause)
                .chain(() -> route(notification, recipient, cause));
    }

    Uni<Void> route(Notification notification, Recipient recipient, EventMetadata cause) {
        notification.language = ChannelSelector.language(recipient.locale, config.languages(), config.fallbackLanguage());
        return consents(recipient.customerId).chain(consents -> {
            List<ContactChannel> channels = ChannelSelector.candidates(notification.requestedChannel, recipient.preferredChannel,
                    notification.purpose, policy.fallbackOrder(notification.purpose), recipient::addressFor, consents);
            if (channels.isEmpty()) {
                return suppress(notification, NotificationOutcome.SUPPRESSED_NO_CONSENT,
                        "no channel with an address and consent for " + notification.purpose, cause);
            }
            Instant now = clock.instant();
            ZoneId zone = recipient.zone(policy.shopZone());
            if (notification.notBefore != null && now.isBefore(notification.notBefore)) {
                return hold(notification, NotificationOutcome.HELD_NOT_BEFORE, notification.notBefore,
                        "held until " + notification.notBefore.atZone(zone), cause);
            }
            Optional<QuietHours> quiet = policy.quietHours(notification.purpose, channels.get(0));
            Optional<ZonedDateTime> opening = quiet.flatMap(q -> q.opensAfter(now, zone));
            if (opening.isPresent()) {
                Instant releaseAt = QuietHours.spread(opening.get(), policy.releaseSpread(), notification.notificationId);
                return hold(notification, NotificationOutcome.HELD_QUIET_HOURS, releaseAt, "quiet hours " + quiet.get().start()
                        + "-" + quiet.get().end() + " in " + zone + ": held until " + releaseAt.atZone(zone), cause);
            }
            List<FrequencyCap> caps = policy.caps(notification.purpose);
            if (caps.isEmpty()) {
                return dispatch(notification, recipient, channels.get(0), 1, cause);
            }
            return marketingSent(notification.customerId, now.minus(FrequencyCap.horizon(caps))).chain(sent -> {
                Optional<FrequencyCap> firstExceeded = Optional.empty();
                for (ContactChannel channel : channels) {
                    Optional<FrequencyCap> exceeded = FrequencyCap.exceeded(caps, channel, sent, now);
                    if (exceeded.isEmpty()) {
                        return dispatch(notification, recipient, channel, 1, cause);
                    }
                    firstExceeded = firstExceeded.or(() -> exceeded);
                }
                return suppress(notification, NotificationOutcome.SUPPRESSED_FREQUENCY_CAP, firstExceeded.get().describe(), cause);
            });
        });
    }

    public Uni<Void> onReceipt(DeliveryReceipt receipt) {
        return Dispatch.<Dispatch>findById(receipt.getDispatchId())
                .onItem().ifNull().failWith(() -> new RejectedEventException("receipt for unknown dispatch " + receipt.getDispatchId()))
                .chain(dispatch -> Notification.<Notification>findById(dispatch.notificationId).chain(notification -> {
                    DispatchStatus status = switch (receipt.getStatus()) {
                        case ACCEPTED -> DispatchStatus.ACCEPTED;
                        case DELIVERED -> DispatchStatus.DELIVERED;
                        case FAILED -> DispatchStatus.FAILED;
                        case BOUNCED -> DispatchStatus.BOUNCED;
                        case REJECTED -> DispatchStatus.REJECTED;
                        default -> DispatchStatus.UNKNOWN;
                    };
                    if (dispatch.status == DispatchStatus.DELIVERED && status == DispatchStatus.ACCEPTED) {
                        return Uni.createFrom().voidItem(); // the provider's receipts crossed: delivered stays delivered
                    }
                    dispatch.status = status;
                    dispatch.updatedAt = clock.instant();
                    if (status == DispatchStatus.DELIVERED && notification.status != NotificationStatus.DELIVERED) {
                        notification.status = NotificationStatus.DELIVERED;
                        notification.updatedAt = clock.instant();
                        return outcome(notification, NotificationOutcome.DELIVERED, dispatch.channel, dispatch.dispatchId, null, receipt.getMetadata());
                    }
                    if (status.failed()) {
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
            Set<ContactChannel> tried = attempts.stream().map(a -> a.channel).collect(Collectors.toSet());
            return Recipient.<Recipient>findById(notification.customerId).chain(recipient -> recipient == null
                    ? fail(notification, failed, detail + "; the customer is gone", receipt)
                    : consents(notification.customerId).chain(consents -> {
                        List<ContactChannel> next = ChannelSelector.candidates(null, recipient.preferredChannel, notification.purpose,
                                policy.fallbackOrder(notification.purpose), recipient::addressFor, consents)
                                .stream().filter(c -> !tried.contains(c)).toList();
                        if (next.isEmpty()) {
                            return fail(notification, failed, detail, receipt);
                        }
                        return outcome(notification, NotificationOutcome.FALLBACK, next.get(0), failed.dispatchId,
                                detail + "; trying " + next.get(0), receipt.getMetadata())
                                .chain(() -> dispatch(notification, recipient, next.get(0), failed.attempt + 1, receipt.getMetadata()));
                    }));
        });
    }

    private Uni<Void> fail(Notification notification, Dispatch failed, String detail, DeliveryReceipt receipt) {
        notification.status = NotificationStatus.FAILED;
        notification.detail = detail;
        notification.updatedAt = clock.instant();
        return outcome(notification, NotificationOutcome.FAILED, failed.channel, failed.dispatchId, detail, receipt.getMetadata());
    }

    private Uni<Void> dispatch(Notification notification, Recipient recipient, ContactChannel channel, int attempt, EventMetadata cause) {
        Map<String, String> parameters = new HashMap<>(notification.parameters);
        if (recipient.firstName != null) {
            parameters.putIfAbsent("firstName", recipient.firstName);
        }
        boolean marketing = notification.purpose != ConsentPurpose.TRANSACTIONAL;
        Map<String, String> headers = new LinkedHashMap<>();
        if (marketing) {
            String unsubscribe = links.unsubscribeUrl(notification.customerId, channel);
            parameters.put(MessageRenderer.UNSUBSCRIBE_URL, unsubscribe);
            parameters.put(MessageRenderer.PREFERENCES_URL, links.preferencesUrl(notification.customerId));
            if (channel == ContactChannel.EMAIL) { // RFC 8058 one-click unsubscribe; RFC 2369 for the link itself
                headers.put("List-Unsubscribe", "<" + unsubscribe + ">");
                headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
        }
        MessageRenderer.Rendered rendered = renderer.render(notification.templateId, notification.language, channel, parameters,
                marketing);
        Instant now = clock.instant();
        Dispatch dispatch = new Dispatch();
        dispatch.dispatchId = EventMetadataFactory.derivedId(notification.notificationId, channel.name(), Integer.toString(attempt));
        dispatch.notificationId = notification.notificationId;
        dispatch.customerId = notification.customerId;
        dispatch.channel = channel;
        dispatch.purpose = notification.purpose;
        dispatch.language = rendered.language();
        dispatch.recipient = recipient.addressFor(channel);
        dispatch.subject = rendered.subject();
        dispatch.body = rendered.body();
        dispatch.textBody = rendered.textBody();
        dispatch.mediaUrls = channel == ContactChannel.EMAIL || channel == ContactChannel.VOICE ? List.of() : notification.mediaUrls;
        dispatch.headers = headers;
        dispatch.sender = policy.sender(channel).orElse(null);
        if (channel == ContactChannel.SMS) {
            SmsSegments.Count count = SmsSegments.of(dispatch.body);
            dispatch.smsSegments = count.segments();
            dispatch.smsEncoding = count.encoding();
        }
        dispatch.attempt = attempt;
        dispatch.causeEventId = cause.getEventId();
        dispatch.createdAt = now;
        dispatch.updatedAt = now;
        notification.detail = null;
        notification.updatedAt = now;
        if (policy.rate(channel).isPresent()) {
            dispatch.status = DispatchStatus.QUEUED; // the ChannelPacer sends it at the channel's rate
            notification.status = NotificationStatus.QUEUED;
            return dispatch.persist().invoke(pacer::wake).replaceWithVoid();
        }
        dispatch.status = DispatchStatus.SENT; // as send() leaves it: one insert, no update
        dispatch.sentAt = now;
        return dispatch.persist().chain(() -> send(dispatch, notification));
    }

    /** Hands a dispatch to its gateway (at once, or from the ChannelPacer when its turn came). */
    Uni<Void> send(Dispatch dispatch, Notification notification) {
        Instant now = clock.instant();
        EventMetadata cause = origin(notification, dispatch.causeEventId);
        dispatch.status = DispatchStatus.SENT;
        dispatch.sentAt = now;
        dispatch.updatedAt = now;
        notification.status = NotificationStatus.DISPATCHED;
        notification.updatedAt = now;
        DispatchMessage message = DispatchMessage.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, "dispatch:" + dispatch.channel + ":" + dispatch.attempt, SOURCE, now))
                .setDispatchId(dispatch.dispatchId)
                .setNotificationId(dispatch.notificationId)
                .setCustomerId(dispatch.customerId)
                .setChannel(dispatch.channel)
                .setRecipient(dispatch.recipient)
                .setLanguage(dispatch.language)
                .setSubject(dispatch.subject)
                .setBody(dispatch.body)
                .setPurpose(dispatch.purpose)
                .setTextBody(dispatch.textBody)
                .setMediaUrls(dispatch.mediaUrls)
                .setHeaders(dispatch.headers)
                .setSender(dispatch.sender)
                .setSmsSegments(dispatch.smsSegments)
                .setSmsEncoding(dispatch.smsEncoding)
                .build();
        return outbox.enqueue(dispatchTopic(dispatch.channel), dispatch.customerId, message)
                .chain(() -> outcome(notification, NotificationOutcome.DISPATCHED, dispatch.channel, dispatch.dispatchId, null, message.getMetadata()));
    }

    private Uni<Void> hold(Notification notification, NotificationOutcome reason, Instant releaseAt, String detail, EventMetadata cause) {
        notification.status = NotificationStatus.HELD;
        notification.holdReason = reason;
        notification.releaseAt = releaseAt;
        notification.detail = detail;
        notification.updatedAt = clock.instant();
        return outcome(notification, reason, null, null, detail, cause);
    }

    private Uni<Void> suppress(Notification notification, NotificationOutcome reason, String detail, EventMetadata cause) {
        notification.status = NotificationStatus.SUPPRESSED;
        notification.detail = detail;
        notification.updatedAt = clock.instant();
        return outcome(notification, reason, null, null, detail, cause);
    }

    /** Withdraws a notification still held or queued (an operator, or a journey that ended); false when too late. */
    public Uni<Boolean> cancel(Notification notification, String reason, EventMetadata cause) {
        if (notification.status != NotificationStatus.HELD && notification.status != NotificationStatus.QUEUED
                && notification.status != NotificationStatus.AWAITING_PROFILE) {
            return Uni.createFrom().item(false);
        }
        notification.status = NotificationStatus.CANCELLED;
        notification.releaseAt = null;
        notification.detail = reason;
        notification.updatedAt = clock.instant();
        return Dispatch.update("status = ?1, updatedAt = ?2 where notificationId = ?3 and status = ?4", DispatchStatus.CANCELLED,
                clock.instant(), notification.notificationId, DispatchStatus.QUEUED)
                .chain(() -> outcome(notification, NotificationOutcome.CANCELLED, null, null, reason, cause)).replaceWith(true);
    }

    private Uni<Void> outcome(Notification notification, NotificationOutcome outcome, ContactChannel channel, String dispatchId,
            String detail, EventMetadata cause) {
        NotificationEvent event = NotificationEvent.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(cause, "outcome:" + outcome + ":" + dispatchId, SOURCE, clock.instant()))
                .setNotificationId(notification.notificationId)
                .setCustomerId(notification.customerId)
                .setOutcome(outcome)
                .setChannel(channel)
                .setDispatchId(dispatchId)
                .setDetail(detail)
                .build();
        return outbox.enqueue(Topics.NOTIFICATIONS_EVENTS, notification.customerId, event);
    }

    /** The metadata of an event of this notification's story that is not at hand any more (a release, a paced send). */
    static EventMetadata origin(Notification notification, String eventId) {
        return EventMetadata.newBuilder().setEventId(eventId).setOccurredAt(notification.createdAt).setSource(SOURCE)
                .setCorrelationId(notification.correlationId).setCausationId(null).build();
    }

    /** Marketing messages sent to the customer since {@code since}: each notification once, on its first channel. */
    private static Uni<List<FrequencyCap.Sent>> marketingSent(String customerId, Instant since) {
        return Dispatch.<Dispatch>list("customerId = ?1 and purpose = ?2 and attempt = 1 and createdAt > ?3", customerId,
                ConsentPurpose.MARKETING, since)
                .map(dispatches -> {
                    List<FrequencyCap.Sent> sent = new ArrayList<>();
                    dispatches.forEach(d -> sent.add(new FrequencyCap.Sent(d.channel, d.createdAt)));
                    return sent;
                });
    }

    static Uni<Map<ChannelSelector.Decision, Boolean>> consents(String customerId) {
        return RecipientConsent.<RecipientConsent>list("key.customerId", customerId).map(list -> {
            Map<ChannelSelector.Decision, Boolean> decisions = new HashMap<>();
            list.forEach(c -> decisions.put(new ChannelSelector.Decision(c.key.channel(), c.key.purpose()), c.granted));
            return decisions;
        });
    }
}
