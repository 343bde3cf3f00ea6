package io.omniretail.returns.cases;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.common.Money;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.returns.ReturnExchange;
import io.omniretail.events.returns.ReturnLabel;
import io.omniretail.events.returns.ReturnLine;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.kit.EventMetadataFactory;

/** ReturnCaseEvent for a case's current content, and the metadata chain of a case's events. */
public final class ReturnEvents {

    public static final String SOURCE = "returns";

    private ReturnEvents() {
    }

    /**
     * The event for the case's current content: its lines, the refund, who acted (null: the source), the label when one
     * was issued, and an exchange's replacement when the case was exchanged.
     */
    public static ReturnCaseEvent of(ReturnCase returnCase, List<ReturnCaseLine> lines, List<ExchangeLine> replacement,
            String actor, EventMetadata metadata) {
        ReturnStatus status = returnCase.currentStatus();
        boolean labelled = returnCase.labelUrl != null || returnCase.trackingNumber != null;
        return ReturnCaseEvent.newBuilder()
                .setMetadata(metadata)
                .setReturnCaseId(returnCase.id)
                .setCustomerId(returnCase.customerId)
                .setOrderId(returnCase.orderId)
                .setStatus(status)
                .setOrigin(returnCase.originValue())
                .setLines(lines(lines))
                .setRefundAmount(returnCase.refundAmount == null ? null : money(returnCase.currency, returnCase.refundAmount))
                .setReason(status == ReturnStatus.REJECTED && returnCase.rejectionReason != null
                        ? returnCase.rejectionReason : returnCase.reason)
                .setActor(actor)
                .setLabel(labelled ? ReturnLabel.newBuilder().setCarrier(returnCase.carrier)
                        .setTrackingNumber(returnCase.trackingNumber).setUrl(returnCase.labelUrl).build() : null)
                .setExchange(status == ReturnStatus.EXCHANGED && returnCase.priceDifference != null
                        ? ReturnExchange.newBuilder().setReplacementOrderId(replacementOrderId(returnCase))
                                .setLines(lines(replacement)).setPriceDifference(money(returnCase.currency, returnCase.priceDifference)).build()
                        : null)
                .build();
    }

    /** The replacement order of an exchanged case: derived from the case, so a replay names the same order. */
    public static String replacementOrderId(ReturnCase returnCase) {
        return "exchange-" + EventMetadataFactory.derivedId("return-exchange", returnCase.id);
    }

    private static List<ReturnLine> lines(List<? extends CaseLine> lines) {
        return lines.stream().map(line -> ReturnLine.newBuilder()
                .setSku(line.sku)
                .setQuantity(line.quantity)
                .setAmount(money(line.currency, line.amount))
                .build()).toList();
    }

    /** Metadata of a case's first event when nothing on Kafka caused it (an associate's request). */
    public static EventMetadata first(ReturnCase returnCase, Instant now) {
        EventMetadata metadata = EventMetadataFactory.origin(
                EventMetadataFactory.derivedId("return-case", returnCase.id, returnCase.status), now, SOURCE);
        returnCase.correlationId = metadata.getCorrelationId();
        returnCase.lastEventId = metadata.getEventId();
        return metadata;
    }

    /** Metadata of a case's first event caused by a consumed event (a Shopify / POS refund). */
    public static EventMetadata causedBy(ReturnCase returnCase, EventMetadata cause, String what, Instant now) {
        EventMetadata metadata = EventMetadataFactory.causedBy(cause, what, SOURCE, now);
        returnCase.correlationId = metadata.getCorrelationId();
        returnCase.lastEventId = metadata.getEventId();
        return metadata;
    }

    /** Metadata of a transition: caused by the case's previous event, in the same correlation. */
    public static EventMetadata next(ReturnCase returnCase, Instant now) {
        EventMetadata previous = EventMetadata.newBuilder()
                .setEventId(returnCase.lastEventId)
                .setOccurredAt(returnCase.updatedAt)
                .setSource(SOURCE)
                .setCorrelationId(returnCase.correlationId)
                .setCausationId(null)
                .build();
        return causedBy(returnCase, previous, returnCase.status, now);
    }

    public static Money money(String currency, BigDecimal amount) {
        return Money.newBuilder().setCurrency(currency).setAmount(amount.setScale(4, RoundingMode.HALF_UP)).build();
    }
}
