package io.omniretail.returns.cases;

import java.util.Optional;

import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.events.touchpoint.SourceReturnStatus;

/**
 * How a case follows a return the shop manages itself (ADR 0010): the source's status read as the case's, and the
 * rule that a case only moves forward, so that deliveries arriving out of order (Shopify does not order webhooks)
 * never take a case back. REQUESTED comes first, then APPROVED (Shopify "open": approved, awaiting the goods), then
 * RECEIVED (Shopify "closed": the goods are processed; the money follows as a refund); REJECTED (declined or
 * cancelled), REFUNDED and EXCHANGED are final. Pure.
 */
public final class SourceReturnProgress {

    private SourceReturnProgress() {
    }

    /** The case status a source status means; empty for a status the source added after this code was written. */
    public static Optional<ReturnStatus> statusFor(SourceReturnStatus source) {
        return switch (source) {
            case REQUESTED -> Optional.of(ReturnStatus.REQUESTED);
            case OPEN -> Optional.of(ReturnStatus.APPROVED);
            case CLOSED -> Optional.of(ReturnStatus.RECEIVED);
            case DECLINED, CANCELED -> Optional.of(ReturnStatus.REJECTED);
            case UNKNOWN -> Optional.empty();
        };
    }

    /** Whether a case in {@code from} moves to {@code to}: only forward, never out of a final status. */
    public static boolean advances(ReturnStatus from, ReturnStatus to) {
        return rank(from) < FINAL && rank(to) > rank(from);
    }

    private static final int FINAL = 4;

    private static int rank(ReturnStatus status) {
        return switch (status) {
            case REQUESTED -> 0;
            case APPROVED -> 1;
            case LABEL_ISSUED -> 2;
            case RECEIVED -> 3;
            case REJECTED, REFUNDED, EXCHANGED -> FINAL;
            case UNKNOWN -> -1;
        };
    }
}
