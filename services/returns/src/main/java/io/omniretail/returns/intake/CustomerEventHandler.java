package io.omniretail.returns.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;

import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.RefundLine;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.returns.cases.ReturnCase;
import io.omniretail.returns.cases.ReturnCaseLine;
import io.omniretail.returns.cases.ReturnCases;
import io.omniretail.returns.cases.ReturnEvents;
import io.omniretail.returns.purchases.Purchase;
import io.omniretail.returns.purchases.PurchaseLine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Applies one unified customer event inside the caller's transaction (EventProcessor): a PURCHASE is recorded so
 * that associates' requests can be checked against it; a REFUND from Shopify or a POS opens a case that is
 * already REFUNDED (the money went back at the source) and publishes it. Other types are of no interest.
 */
@ApplicationScoped
public class CustomerEventHandler {

    private static final Logger LOG = Logger.getLogger(CustomerEventHandler.class);

    @Inject
    Outbox outbox;

    public Uni<Void> apply(CustomerEvent event) {
        return switch (event.getType()) {
            case PURCHASE -> {
                if (event.getPurchase() == null) {
                    throw new RejectedEventException("PURCHASE event " + event.getMetadata().getEventId() + " carries no purchase");
                }
                yield recordPurchase(event, event.getPurchase());
            }
            case REFUND -> {
                if (event.getRefund() == null) {
                    throw new RejectedEventException("REFUND event " + event.getMetadata().getEventId() + " carries no refund");
                }
                yield openRefundedCase(event, event.getRefund());
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    /** An order is recorded once, however often it is seen (two webhooks for one order, a replay). */
    private Uni<Void> recordPurchase(CustomerEvent event, PurchaseDetails details) {
        return Purchase.<Purchase>findById(details.getOrderId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Purchase purchase = new Purchase();
            purchase.orderId = details.getOrderId();
            purchase.customerId = event.getCustomerId();
            purchase.channel = event.getChannel().name();
            purchase.total = details.getTotal().getAmount();
            purchase.currency = details.getTotal().getCurrency();
            purchase.placedAt = details.getPlacedAt();
            purchase.recordedAt = Instant.now();
            List<Object> rows = new ArrayList<>(List.of(purchase));
            int lineNo = 0;
            for (LineItem item : details.getLines()) {
                PurchaseLine line = new PurchaseLine();
                line.key = new PurchaseLine.Key(purchase.orderId, ++lineNo);
                line.sku = item.getSku();
                line.quantity = item.getQuantity();
                line.unitPrice = item.getUnitPrice().getAmount();
                line.currency = item.getUnitPrice().getCurrency();
                rows.add(line);
            }
            // one batch of inserts, not one round trip per line: an order may have a thousand lines
            return Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
        });
    }

    /**
     * The case id is derived from the origin and the source's refund id, so the same refund seen again (a
     * second webhook, a replay with a new eventId) finds its case instead of opening a second one.
     */
    private Uni<Void> openRefundedCase(CustomerEvent event, RefundDetails refund) {
        ReturnOrigin origin = originOf(event);
        String caseId = EventMetadataFactory.derivedId("return-case", origin.name(), refund.getRefundId());
        return ReturnCase.<ReturnCase>findById(caseId).chain(existing -> {
            if (existing != null) {
                LOG.debugf("refund %s of order %s already has case %s", refund.getRefundId(), refund.getOrderId(), caseId);
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            EventMetadata cause = event.getMetadata();
            ReturnCase returnCase = new ReturnCase();
            returnCase.id = caseId;
            returnCase.customerId = event.getCustomerId();
            returnCase.orderId = refund.getOrderId();
            returnCase.origin = origin.name();
            returnCase.status = ReturnStatus.REFUNDED.name();
            returnCase.reason = refund.getReason();
            returnCase.refundAmount = refund.getAmount().getAmount();
            returnCase.currency = refund.getAmount().getCurrency();
            returnCase.sourceRefundId = refund.getRefundId();
            returnCase.openedAt = cause.getOccurredAt() != null ? cause.getOccurredAt() : now;
            returnCase.updatedAt = now;
            EventMetadata metadata = ReturnEvents.causedBy(returnCase, cause, "return-case", now);
            List<ReturnCaseLine> lines = new ArrayList<>();
            int lineNo = 0;
            for (RefundLine line : refund.getLines()) {
                lines.add(ReturnCaseLine.of(caseId, ++lineNo, line.getSku(), line.getQuantity(),
                        line.getAmount().getAmount(), line.getAmount().getCurrency()));
            }
            return ReturnCases.insert(returnCase, lines).chain(() -> outbox.enqueue(Topics.RETURNS_EVENTS, returnCase.customerId,
                    ReturnEvents.of(returnCase, lines, metadata)));
        });
    }

    /** Shopify refunds/create or a POS return row; anything else is still recorded, as UNKNOWN. */
    static ReturnOrigin originOf(CustomerEvent event) {
        String source = event.getSourceSystem() == null ? "" : event.getSourceSystem().toLowerCase(Locale.ROOT);
        if (source.startsWith("shopify")) {
            return ReturnOrigin.SHOPIFY;
        }
        if (source.startsWith("pos")) {
            return ReturnOrigin.POS;
        }
        if (event.getChannel() == TouchpointChannel.ONLINE_SHOPIFY) {
            return ReturnOrigin.SHOPIFY;
        }
        if (event.getChannel() == TouchpointChannel.STORE_POS) {
            return ReturnOrigin.POS;
        }
        return ReturnOrigin.UNKNOWN;
    }
}
