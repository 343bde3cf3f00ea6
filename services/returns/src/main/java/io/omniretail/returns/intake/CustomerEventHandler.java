package io.omniretail.returns.intake;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.ItemQuantity;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.RefundLine;
import io.omniretail.events.touchpoint.ReturnDetails;
import io.omniretail.events.touchpoint.SourceReturnStatus;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.returns.cases.ReturnCase;
import io.omniretail.returns.cases.ReturnCaseLine;
import io.omniretail.returns.cases.ReturnCases;
import io.omniretail.returns.cases.ReturnEvents;
import io.omniretail.returns.cases.SourceReturnProgress;
import io.omniretail.returns.purchases.Purchase;
import io.omniretail.returns.purchases.PurchaseLine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * Applies one unified customer event inside the caller's transaction (EventProcessor): a PURCHASE is recorded so
 * that associates' requests can be checked against it; a return the shop manages (RETURN_REQUEST, RETURN_UPDATED:
 * Shopify returns/request, approve, decline, close, labels) opens a case and moves it forward with the source
 * ({@link SourceReturnProgress}); a REFUND completes the shop's open return of that order, or else opens a case
 * that is already REFUNDED (the money went back at the source). Every new status is published. Case ids derive
 * from the source's return or refund id, so a delivery seen twice finds its case. Other types are of no interest.
 */
@ApplicationScoped
public class CustomerEventHandler {

    private static final Logger LOG = Logger.getLogger(CustomerEventHandler.class);

    @Inject
    ReturnCases cases;

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
                yield refunded(event, event.getRefund());
            }
            case RETURN_REQUEST, RETURN_UPDATED -> {
                if (event.getSourceReturn() == null) {
                    throw new RejectedEventException(event.getType() + " event " + event.getMetadata().getEventId() + " carries no return");
                }
                yield followSourceReturn(event, event.getSourceReturn());
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
                line.category = item.getCategory();
                line.currency = item.getUnitPrice().getCurrency();
                rows.add(line);
            }
            // one batch of inserts, not one round trip per line: an order may have a thousand lines
            return Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
        });
    }

    /**
     * A return the shop manages: its case is opened at the source's status (a request, or an approval seen first)
     * and then only moves forward; a label or tracking number is kept whenever one arrives.
     */
    private Uni<Void> followSourceReturn(CustomerEvent event, ReturnDetails details) {
        ReturnOrigin origin = originOf(event);
        String caseId = EventMetadataFactory.derivedId("return-case", origin.name(), "return", details.getReturnId());
        Optional<ReturnStatus> said = SourceReturnProgress.statusFor(details.getStatus());
        return ReturnCase.<ReturnCase>findById(caseId, LockModeType.PESSIMISTIC_WRITE).chain(existing -> {
            Instant now = Instant.now();
            if (existing == null) {
                if (details.getOrderId() == null) {
                    throw new NotApplicableException("return " + details.getReturnId() + " was never requested here: nothing to update");
                }
                return openSourceReturnCase(event, details, caseId, origin, said.orElse(ReturnStatus.REQUESTED), now);
            }
            keepLabel(existing, details);
            if (said.isEmpty() || !SourceReturnProgress.advances(existing.currentStatus(), said.get())) {
                existing.updatedAt = now;
                return Uni.createFrom().voidItem(); // a repeat, a late delivery, or only a label
            }
            existing.status = said.get().name();
            if (said.get() == ReturnStatus.REJECTED) {
                existing.rejectionReason = firstNonBlank(details.getDeclineReason(), details.getStatus() == SourceReturnStatus.CANCELED
                        ? "cancelled at the source" : "declined at the source");
            }
            return publishTransition(existing, now);
        });
    }

    private Uni<Void> openSourceReturnCase(CustomerEvent event, ReturnDetails details, String caseId, ReturnOrigin origin,
            ReturnStatus status, Instant now) {
        return Purchase.<Purchase>findById(details.getOrderId()).chain(purchase -> PurchaseLine.<PurchaseLine>list(
                "key.orderId = ?1 order by key.lineNo", details.getOrderId()).chain(bought -> {
                    ReturnCase returnCase = new ReturnCase();
                    returnCase.id = caseId;
                    returnCase.customerId = event.getCustomerId();
                    returnCase.orderId = details.getOrderId();
                    returnCase.origin = origin.name();
                    returnCase.status = status.name();
                    returnCase.reason = details.getReason();
                    returnCase.rejectionReason = status == ReturnStatus.REJECTED ? firstNonBlank(details.getDeclineReason(), "declined at the source") : null;
                    returnCase.sourceReturnId = details.getReturnId();
                    keepLabel(returnCase, details);
                    returnCase.openedAt = event.getMetadata().getOccurredAt() != null ? event.getMetadata().getOccurredAt() : now;
                    returnCase.updatedAt = now;
                    EventMetadata metadata = ReturnEvents.causedBy(returnCase, event.getMetadata(), "return-case", now);
                    // ISO 4217 "XXX" (no currency) when the purchase was never seen here: the units are known, their value is not
                    String currency = purchase == null ? "XXX" : purchase.currency;
                    List<ReturnCaseLine> lines = new ArrayList<>();
                    int lineNo = 0;
                    for (ItemQuantity item : details.getLines()) {
                        BigDecimal unitPrice = bought.stream().filter(line -> line.sku.equals(item.getSku())).findFirst()
                                .map(line -> line.unitPrice).orElse(BigDecimal.ZERO);
                        lines.add(ReturnCaseLine.of(caseId, ++lineNo, item.getSku(), item.getQuantity(),
                                unitPrice.multiply(BigDecimal.valueOf(item.getQuantity())), currency));
                    }
                    return ReturnCases.insert(returnCase, lines).chain(() -> cases.changed(returnCase, lines, null, null, metadata, now));
                }));
    }

    private static void keepLabel(ReturnCase returnCase, ReturnDetails details) {
        if (details.getLabelUrl() != null) {
            returnCase.labelUrl = details.getLabelUrl();
        }
        if (details.getTrackingNumber() != null) {
            returnCase.trackingNumber = details.getTrackingNumber();
        }
    }

    private Uni<Void> publishTransition(ReturnCase returnCase, Instant now) {
        return ReturnCases.linesOf(returnCase.id).chain(lines -> {
            EventMetadata metadata = ReturnEvents.next(returnCase, now);
            returnCase.updatedAt = now;
            return cases.changed(returnCase, lines, null, null, metadata, now);
        });
    }

    /**
     * The money went back at the source. The shop's own open return of that order (the oldest, when several are open)
     * is completed by it; otherwise the refund is a case of its own, already REFUNDED.
     */
    private Uni<Void> refunded(CustomerEvent event, RefundDetails refund) {
        ReturnOrigin origin = originOf(event);
        return ReturnCase.<ReturnCase>find("orderId = ?1 and origin = ?2 and sourceReturnId is not null and status in ?3 order by openedAt",
                refund.getOrderId(), origin.name(), List.of(ReturnStatus.REQUESTED.name(), ReturnStatus.APPROVED.name(), ReturnStatus.RECEIVED.name()))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(open -> {
                    if (open == null) {
                        return openRefundedCase(event, refund);
                    }
                    open.status = ReturnStatus.REFUNDED.name();
                    open.refundAmount = refund.getAmount().getAmount();
                    open.currency = refund.getAmount().getCurrency();
                    open.sourceRefundId = refund.getRefundId();
                    return publishTransition(open, Instant.now());
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
            return ReturnCases.insert(returnCase, lines).chain(() -> cases.changed(returnCase, lines, null, null, metadata, now));
        });
    }

    private static String firstNonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
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
