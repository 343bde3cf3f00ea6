package io.omniretail.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.DeliveryReceipt;
import io.omniretail.events.notification.DeliveryStatus;
import io.omniretail.events.notification.DispatchMessage;
import io.omniretail.gateway.DeliveryRules.Verdict;
import io.omniretail.kit.EventMetadataFactory;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The six simulated providers (SMS and MMS, e-mail, LINE, push, chat / in-app, voice). Each DispatchMessage is "sent" (recorded in {@link MessageHistory} and logged) and
 * answered with DeliveryReceipts on retail.notifications.receipts.v1, keyed by customerId:
 * <ul>
 * <li>REJECTED (invalid-recipient) or FAILED (provider-unavailable, the failure rule): one receipt;</li>
 * <li>otherwise ACCEPTED at once and DELIVERED after {@code omniretail.gateway.delivery-delay}.</li>
 * </ul>
 * The dispatch record is acknowledged only after all its receipts were acknowledged by Kafka (acks=all); the
 * throttled commit strategy never commits past it before, so a crash re-delivers it. The channel moves on to the
 * next dispatch as soon as the first receipt is acknowledged, so the delivery delay does not throttle a channel.
 * Receipt eventIds are derived from the dispatch and the status, so a re-delivered dispatch yields the same receipt
 * events (the notifications inbox drops the copies) and is not recorded as a second send.
 */
@ApplicationScoped
public class ChannelGateway {

    static final String SOURCE_PREFIX = "gateway-simulator:";
    static final String CHANNEL_MISMATCH = "channel-mismatch";
    private static final int REMEMBERED_DISPATCHES = 10_000;
    private static final int LOGGED_BODY_CHARS = 300;
    private static final Logger LOG = Logger.getLogger(ChannelGateway.class);

    @Inject
    @Channel("receipts")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<DeliveryReceipt> receipts;

    @Inject
    DeliveryRules rules;
    @Inject
    MessageHistory history;
    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "omniretail.gateway.delivery-delay", defaultValue = "PT0.2S")
    Duration deliveryDelay;

    /** dispatchIds already sent, so a re-delivered dispatch is not sent (recorded) twice: "at most once per dispatchId". */
    private final Map<String, Boolean> sentDispatchIds = Collections.synchronizedMap(new LinkedHashMap<String, Boolean>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_DISPATCHES;
        }
    });

    @Incoming("dispatch-sms")
    public Uni<Void> sms(Message<DispatchMessage> message) {
        return handle(ContactChannel.SMS, message);
    }

    @Incoming("dispatch-email")
    public Uni<Void> email(Message<DispatchMessage> message) {
        return handle(ContactChannel.EMAIL, message);
    }

    @Incoming("dispatch-line")
    public Uni<Void> line(Message<DispatchMessage> message) {
        return handle(ContactChannel.LINE, message);
    }

    @Incoming("dispatch-push")
    public Uni<Void> push(Message<DispatchMessage> message) {
        return handle(ContactChannel.PUSH, message);
    }

    @Incoming("dispatch-chat")
    public Uni<Void> chat(Message<DispatchMessage> message) {
        return handle(ContactChannel.CHAT, message);
    }

    @Incoming("dispatch-voice")
    public Uni<Void> voice(Message<DispatchMessage> message) {
        return handle(ContactChannel.VOICE, message);
    }

    Uni<Void> handle(ContactChannel gateway, Message<DispatchMessage> message) {
        Object payload = message.getPayload();
        if (!(payload instanceof DispatchMessage dispatch)) {
            // dispatch topics have no DLQ (topics.yaml): a real provider would drop what it cannot read
            String topic = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(IncomingKafkaRecordMetadata::getTopic).orElse("?");
            LOG.warnf("%s gateway: skipping a record of %s that is not a DispatchMessage (%s)", gateway, topic,
                    payload == null ? "undecodable" : payload.getClass().getName());
            meters.counter("omniretail.gateway.undecodable", "channel", name(gateway)).increment();
            return ack(message);
        }

        Verdict verdict = dispatch.getChannel() != gateway
                ? Verdict.rejected(CHANNEL_MISMATCH, "a " + dispatch.getChannel() + " message on the " + gateway + " gateway's topic")
                : rules.decide(gateway, dispatch.getRecipient());
        String providerMessageId = verdict.isAccepted() ? providerMessageId(dispatch) : null;

        if (sentDispatchIds.putIfAbsent(dispatch.getDispatchId(), Boolean.TRUE) == null) {
            history.add(MessageHistory.Entry.of(dispatch, verdict.status(), providerMessageId, verdict.errorCode(),
                    verdict.errorMessage(), Instant.now()));
            logSend(gateway, dispatch, verdict);
        } else {
            LOG.debugf("%s gateway: dispatch %s seen before, reporting its receipts again without sending", gateway,
                    dispatch.getDispatchId());
        }

        Uni<Void> first = publish(gateway, dispatch, verdict.status(), providerMessageId, verdict.errorCode(), verdict.errorMessage());
        if (!verdict.isAccepted()) {
            return first.chain(() -> ack(message))
                    .onFailure().recoverWithUni(failure -> nack(message, gateway, failure));
        }
        return first.invoke(() -> deliverLater(gateway, dispatch, providerMessageId, message))
                .onFailure().recoverWithUni(failure -> nack(message, gateway, failure));
    }

    /** DELIVERED after the delay (a timer, no thread blocked), then the dispatch record is acknowledged. */
    private void deliverLater(ContactChannel gateway, DispatchMessage dispatch, String providerMessageId,
            Message<DispatchMessage> message) {
        Uni<Void> wait = deliveryDelay.isZero() || deliveryDelay.isNegative()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(deliveryDelay);
        wait.chain(() -> publish(gateway, dispatch, DeliveryStatus.DELIVERED, providerMessageId, null, null))
                .invoke(() -> history.updateStatus(dispatch.getDispatchId(), DeliveryStatus.DELIVERED, Instant.now()))
                .chain(() -> ack(message))
                .subscribe().with(
                        ignored -> {
                        },
                        failure -> nack(message, gateway, failure).subscribe().with(ignored -> {
                        }, nackFailure -> LOG.errorf(nackFailure, "%s gateway: nack failed", gateway)));
    }

    private Uni<Void> publish(ContactChannel gateway, DispatchMessage dispatch, DeliveryStatus status,
            String providerMessageId, String errorCode, String errorMessage) {
        Instant now = Instant.now();
        DeliveryReceipt receipt = DeliveryReceipt.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(dispatch.getMetadata(), "receipt:" + status,
                        SOURCE_PREFIX + name(gateway), now))
                .setDispatchId(dispatch.getDispatchId())
                .setNotificationId(dispatch.getNotificationId())
                .setCustomerId(dispatch.getCustomerId())
                .setChannel(dispatch.getChannel())
                .setStatus(status)
                .setProviderMessageId(providerMessageId)
                .setErrorCode(errorCode)
                .setErrorMessage(errorMessage)
                .setReportedAt(now)
                .build();
        return receipts.sendMessage(Message.of(receipt)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(dispatch.getCustomerId()).build()))
                .invoke(() -> meters.counter("omniretail.gateway.receipts", "channel", name(gateway), "status", status.name())
                        .increment());
    }

    private static Uni<Void> ack(Message<?> message) {
        return Uni.createFrom().completionStage(() -> message.ack());
    }

    private static Uni<Void> nack(Message<?> message, ContactChannel gateway, Throwable failure) {
        LOG.errorf(failure, "%s gateway: could not publish a receipt, the dispatch is not acknowledged", gateway);
        return Uni.createFrom().completionStage(() -> message.nack(failure));
    }

    /** Stable per dispatch, like a provider's id for one accepted send. */
    static String providerMessageId(DispatchMessage dispatch) {
        return "sim-" + EventMetadataFactory.derivedId("gateway-simulator", dispatch.getDispatchId())
                .replace("-", "").substring(0, 12);
    }

    private static void logSend(ContactChannel gateway, DispatchMessage dispatch, Verdict verdict) {
        String body = dispatch.getBody().replaceAll("\\s+", " ").strip();
        if (body.length() > LOGGED_BODY_CHARS) {
            body = body.substring(0, LOGGED_BODY_CHARS) + "…";
        }
        String outcome = verdict.isAccepted() ? "sent" : verdict.status() + " (" + verdict.errorCode() + ")";
        LOG.infof("%s %s to %s [%s]%s: %s", gateway, outcome, dispatch.getRecipient(), dispatch.getLanguage(),
                dispatch.getSubject() == null ? "" : " \"" + dispatch.getSubject() + "\"", body);
    }

    private static String name(ContactChannel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
