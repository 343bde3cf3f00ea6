package io.omniretail.returns.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** JSON bodies of the returns API. */
public final class ReturnViews {

    private ReturnViews() {
    }

    /** POST /returns: an associate opens a return for (part of) an order. */
    public record ReturnRequest(String customerId, String orderId, List<LineRequest> lines, String reason) {
    }

    public record LineRequest(String sku, Integer quantity, BigDecimal amount, String currency) {
    }

    public record ReturnCaseView(String returnCaseId, String customerId, String orderId, String origin, String status,
            String reason, String rejectionReason, BigDecimal refundAmount, String currency, List<LineView> lines,
            List<String> nextActions, Instant openedAt, Instant updatedAt) {
    }

    public record LineView(String sku, int quantity, BigDecimal amount, String currency) {
    }
}
